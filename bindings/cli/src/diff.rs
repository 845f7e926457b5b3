//! `helhed diff`: where two rule sets (or two versions of one) route differently (see
//! `helhed::diff`).

use crate::verify::ReportFormat;
use crate::{load_rules, output_error, Fatal};
use chrono::NaiveDate;
use std::io::Write;
use std::process::ExitCode;

/// Arguments of `helhed diff`.
#[derive(clap::Args)]
#[command(after_long_help = DIFF_HELP)]
pub struct DiffArgs {
    /// First rule set: an embedded id or a path to a rule file.
    a: String,
    /// Second rule set: an embedded id or a path to a rule file.
    b: String,
    /// The date whose tables are compared (YYYY-MM-DD); defaults to today.
    #[arg(long)]
    on: Option<NaiveDate>,
    /// The second rule set's date, to compare two versions of one rule set (defaults to --on).
    #[arg(long)]
    on_b: Option<NaiveDate>,
    /// Report format: readable text or JSON.
    #[arg(long, value_enum, default_value = "text")]
    format: ReportFormat,
}

const DIFF_HELP: &str = "\
Covers the whole input space (every age interval, enum value, boolean and set of sectors) and
reports the regions where the two answers differ (unit, target group, coordinating unit, co-units,
caseworkers, forum or obligations), each with the deciding rows on both sides and an example
case. Two versions of one rule set: give it twice with the two dates, e.g.
  helhed diff norddjurs-2021 norddjurs-2021 --on 2025-06-30 --on-b 2025-07-01
JSON: {a: {rule_set, version, date}, b: {...}, regions: [{changes, ages, a: {unit,
target_group, rows}, b: {...}, example: {case, date}, example_b}]}.
Exit codes: 0 no differences, 1 some regions differ, 2 a rule file fails to load or has no
version in force on the date.";

/// Runs `helhed diff`.
pub fn run(args: DiffArgs) -> Result<ExitCode, Fatal> {
    let a = load_rules(Some(&args.a))?;
    let b = load_rules(Some(&args.b))?;
    let on = args.on.unwrap_or_else(|| chrono::Local::now().date_naive());
    let on_b = args.on_b.unwrap_or(on);
    let diff = helhed::diff::diff(&a, on, &b, on_b)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        ReportFormat::Text => write!(out, "{diff}").map_err(output_error)?,
        ReportFormat::Json => {
            serde_json::to_writer(&mut out, &diff)?;
            writeln!(out).map_err(output_error)?;
        }
    }
    Ok(if diff.regions.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
