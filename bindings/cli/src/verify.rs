//! `helhed verify`: prove that a rule set leaves nobody between chairs (see `helhed::verify`).

use crate::{load_rules, output_error, Fatal};
use std::io::Write;
use std::process::ExitCode;

/// Arguments of `helhed verify`.
#[derive(clap::Args)]
#[command(after_long_help = VERIFY_HELP)]
pub struct VerifyArgs {
    /// Rule set: an embedded id (see `helhed rules list`) or a path to a rule file.
    #[arg(long)]
    rules: Option<String>,
    /// Report format: readable text or JSON.
    #[arg(long, value_enum, default_value = "text")]
    format: ReportFormat,
}

const VERIFY_HELP: &str = "\
Covers the whole input space of each version of the rule set (ages as intervals split at every
threshold, every enum value and boolean, every set of sectors) and reports gaps (no routing row
applies), shadowed rows (never decide: covered by earlier rows, unreachable, or unsatisfiable),
unowned obligations (no responsible unit) and bounces (a unit left and re-entered as the citizen
ages), each with its rows and an example case and date.
JSON: {rule_set, versions: [{version, gaps, shadowed, unowned, bounces}]}.
Exit codes: 0 no gaps and no shadowed rows, 1 otherwise, 2 the rule file fails to load.";

/// Formats of the verifier's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// A readable report.
    Text,
    /// One JSON document.
    Json,
}

/// Runs `helhed verify`.
pub fn run(args: VerifyArgs) -> Result<ExitCode, Fatal> {
    let rules = load_rules(args.rules.as_deref())?;
    let report = helhed::verify::verify(&rules);
    let mut out = std::io::stdout().lock();
    match args.format {
        ReportFormat::Text => write!(out, "{report}").map_err(output_error)?,
        ReportFormat::Json => {
            serde_json::to_writer(&mut out, &report)?;
            writeln!(out).map_err(output_error)?;
        }
    }
    Ok(if report.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
