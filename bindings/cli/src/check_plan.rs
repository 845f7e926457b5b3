//! `helhed check-plan`: checks one coordinating plan and prints the report as JSON.
//!
//! Exit 0 when the plan is valid (warnings allowed), 1 when it is invalid, 2 when the input is not
//! a plan (the error is printed as `{"error": {code, field, message}}` on standard output and in
//! words on standard error) or the rule set cannot check plans.

use crate::{input, load_rules, output_error, Fatal};
use chrono::NaiveDate;
use helhed::{Plan, PlanCheckError};
use std::io::Write;
use std::process::ExitCode;

/// Arguments of `helhed check-plan`.
#[derive(clap::Args)]
pub struct CheckPlanArgs {
    /// Rule set: an embedded id (see `helhed rules list`) or a path to a rule file.
    #[arg(long)]
    rules: Option<String>,
    /// Check date (YYYY-MM-DD); defaults to today.
    #[arg(long, value_parser = crate::parse_date)]
    as_of: Option<NaiveDate>,
    /// The plan (one JSON document); `-` or nothing for standard input.
    file: Option<String>,
}

/// Runs `helhed check-plan`.
pub fn run(args: CheckPlanArgs) -> Result<ExitCode, Fatal> {
    let rules = load_rules(args.rules.as_deref())?;
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let bytes = input::read_bytes(args.file.as_deref())?;
    let result = match std::str::from_utf8(&bytes) {
        Ok(text) => Plan::from_json(text),
        // Not text: the error of the contract, where the first bad byte is.
        Err(e) => {
            let before = &bytes[..e.valid_up_to()];
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            Err(helhed::InputError::Syntax {
                line: before.iter().filter(|&&b| b == b'\n').count() + 1,
                column: before.len() - line_start + 1,
            })
        }
    };
    let result = result
        .map_err(PlanCheckError::from)
        .and_then(|plan| helhed::check_plan(&plan, as_of, &rules));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match result {
        Ok(report) => {
            let json = serde_json::to_string_pretty(&report)?;
            writeln!(out, "{}", helhed::cpr::redact(&json)).map_err(output_error)?;
            Ok(if report.valid {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Err(PlanCheckError::RuleSet(e)) => Err(Fatal(e.to_string())),
        Err(PlanCheckError::Input(e)) => {
            let json = serde_json::json!({ "error": e.to_report() }).to_string();
            writeln!(out, "{}", helhed::cpr::redact(&json)).map_err(output_error)?;
            eprintln!(
                "helhed: not a plan: {}",
                helhed::cpr::redact(&e.to_string())
            );
            Ok(ExitCode::from(2))
        }
    }
}
