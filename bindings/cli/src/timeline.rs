//! `helhed timeline` and `helhed changes`: each case's decisions over a period, and the cases
//! whose decision changes on one date (see `helhed::timeline`).

use crate::input::{documents, read_bytes};
use crate::route::error_row;
use crate::{load_rules, output_error, Fatal};
use chrono::NaiveDate;
use helhed::timeline::{change_on, timeline, Timeline};
use helhed::{Case, InputError, RuleSet};
use std::io::Write;
use std::process::ExitCode;

/// Arguments of `helhed timeline`.
#[derive(clap::Args)]
#[command(after_long_help = TIMELINE_HELP)]
pub struct TimelineArgs {
    /// First day (YYYY-MM-DD).
    #[arg(long)]
    from: NaiveDate,
    /// Last day (YYYY-MM-DD).
    #[arg(long)]
    to: NaiveDate,
    /// Rule set: an embedded id (see `helhed rules list`) or a path to a rule file.
    #[arg(long)]
    rules: Option<String>,
    /// Output: one JSON document per case (JSON Lines) or readable text.
    #[arg(long, value_enum, default_value = "json")]
    format: TimelineFormat,
    /// Input file (JSON case, JSON array or JSON Lines); `-` or nothing for standard input.
    file: Option<String>,
}

const TIMELINE_HELP: &str = "\
One line per case: {case_id, segments: [{from, to, version, unit, target_group,
coordinating_unit, co_units, caseworkers, obligations, why, why_da, changes}], bounces: [{unit,
left_on, back_on}]}. Segments change exactly on the dates the answer changes (birthdays that cross
a threshold, efforts starting or ending, rule-set versions and parameter periods, the folkepension
age); the dates are found without routing day by day. A bad case gives an error row
{index, case_id, error}. Exit codes: 0 all cases done, 1 any error row, 2 usage error.";

/// Output formats of `helhed timeline`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TimelineFormat {
    /// JSON Lines.
    Json,
    /// Readable text.
    Text,
}

/// Arguments of `helhed changes`.
#[derive(clap::Args)]
#[command(after_long_help = CHANGES_HELP)]
pub struct ChangesArgs {
    /// The date (YYYY-MM-DD).
    #[arg(long)]
    on: NaiveDate,
    /// Rule set: an embedded id (see `helhed rules list`) or a path to a rule file.
    #[arg(long)]
    rules: Option<String>,
    /// Input file (JSON case, JSON array or JSON Lines); `-` or nothing for standard input.
    file: Option<String>,
}

const CHANGES_HELP: &str = "\
One line per case whose decision on --on differs from the day before's: {case_id, date, before,
after}, where before and after are timeline segments and after.why and after.changes say what
changed and why. Cases that do not change are left out. A bad case gives an error row
{index, case_id, error}. Exit codes: 0 all cases done, 1 any error row, 2 usage error.";

/// One input case: its id (for an error row) and the case or its error.
type InputCase = (Option<String>, Result<Case, InputError>);

/// Reads the cases, in input order.
fn cases(file: Option<&str>) -> Result<Vec<InputCase>, Fatal> {
    let text = String::from_utf8(read_bytes(file)?).map_err(|e| {
        Fatal(format!(
            "the input is not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let docs = documents(&text).map_err(Fatal)?;
    Ok(docs
        .iter()
        .map(|doc| {
            let id = crate::input::case_id_of(doc);
            (id, Case::from_json(doc))
        })
        .collect())
}

/// Runs `helhed timeline`.
pub fn run_timeline(args: TimelineArgs) -> Result<ExitCode, Fatal> {
    if args.to < args.from {
        return Err(Fatal(format!(
            "--to {} is before --from {}",
            args.to, args.from
        )));
    }
    let rules = load_rules(args.rules.as_deref())?;
    let mut out = std::io::stdout().lock();
    let mut errors = false;
    for (index, (id, case)) in cases(args.file.as_deref())?.into_iter().enumerate() {
        let line = case.and_then(|case| timeline(&rules, &case, args.from, args.to));
        let text = match (line, args.format) {
            (Ok(line), TimelineFormat::Json) => serde_json::to_string(&line)?,
            (Ok(line), TimelineFormat::Text) => text(&rules, &line),
            (Err(e), _) => {
                errors = true;
                error_row(index, id, &e)
            }
        };
        writeln!(out, "{text}").map_err(output_error)?;
    }
    out.flush().map_err(output_error)?;
    Ok(if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A timeline in words.
fn text(rules: &RuleSet, line: &Timeline) -> String {
    let mut s = format!(
        "{} ({})\n",
        line.case_id.as_deref().unwrap_or("case"),
        rules.id
    );
    for seg in &line.segments {
        let obligations: Vec<String> = seg
            .obligations
            .iter()
            .map(|o| format!("{}:{}", o.kind, o.unit))
            .collect();
        s.push_str(&format!(
            "  {} – {}  {:<15} target group {:<5}  caseworkers {}  [{}]  ← {}\n",
            seg.from,
            seg.to,
            seg.unit.as_str(),
            seg.target_group,
            seg.caseworkers,
            obligations.join(", "),
            seg.why
        ));
    }
    for b in &line.bounces {
        s.push_str(&format!(
            "  BOUNCE: leaves {} on {}, back on {}\n",
            b.unit, b.left_on, b.back_on
        ));
    }
    s
}

/// Runs `helhed changes`.
pub fn run_changes(args: ChangesArgs) -> Result<ExitCode, Fatal> {
    let rules = load_rules(args.rules.as_deref())?;
    let mut out = std::io::stdout().lock();
    let mut errors = false;
    for (index, (id, case)) in cases(args.file.as_deref())?.into_iter().enumerate() {
        match case.and_then(|case| change_on(&rules, &case, args.on)) {
            Ok(Some(change)) => {
                writeln!(out, "{}", serde_json::to_string(&change)?).map_err(output_error)?
            }
            Ok(None) => {}
            Err(e) => {
                errors = true;
                writeln!(out, "{}", error_row(index, id, &e)).map_err(output_error)?;
            }
        }
    }
    out.flush().map_err(output_error)?;
    Ok(if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
