//! `helhed`: route cases, check plans and inspect rule sets from the command line.
//!
//! Exit codes: 0 when everything was decided (or the plan is valid, or the lint is clean), 1 when
//! any row was an error (or the plan is invalid, or the lint has findings), 2 for usage errors,
//! unreadable input or a bad rule set.

mod check_plan;
mod csv_format;
mod diff;
mod input;
mod lint;
mod route;
mod synth;
mod timeline;
mod verify;

use clap::{Parser, Subcommand};
use helhed::RuleSet;
use std::process::ExitCode;

/// Rules and decisions for Danish municipal holistic case management, with cited reasons.
#[derive(Parser)]
#[command(name = "helhed", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Route cases: one JSON case, a JSON array, JSON Lines or CSV in; one decision per case out.
    Route(route::RouteArgs),
    /// Write a synthetic population (JSON Lines or CSV) for benchmarks and demos.
    Synth(synth::SynthArgs),
    /// Check a coordinating plan: the report as JSON; exit 0 valid, 1 invalid, 2 not a plan.
    CheckPlan(check_plan::CheckPlanArgs),
    /// List, show or check rule sets.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Prove a rule set leaves nobody between chairs: gaps, shadowed rows, unowned obligations,
    /// bounces; exit 0 clean, 1 gaps or shadowed rows, 2 the rule file fails to load.
    Verify(verify::VerifyArgs),
    /// Each case's decisions over a period: segments that change on the dates that matter, and
    /// bounces (a unit left and re-entered).
    Timeline(timeline::TimelineArgs),
    /// The cases of a population whose decision changes on a date, and why.
    Changes(timeline::ChangesArgs),
    /// Where two rule sets (or two versions of one) route differently, with rows and examples.
    Diff(diff::DiffArgs),
    /// Print the JSON Schema of a contract document.
    Schema {
        /// One of: case, decision, error, plan, report.
        name: String,
    },
}

#[derive(Subcommand)]
enum RulesCommand {
    /// List the embedded rule sets.
    List,
    /// Show a rule set (embedded id or file path) as a readable summary, or its file with --source.
    Show {
        /// Rule-set id or path to a rule file.
        rules: String,
        /// Print the rule file itself.
        #[arg(long)]
        source: bool,
    },
    /// Load a rule file and report whether it is valid.
    Check {
        /// Path to a rule file.
        path: String,
    },
    /// Check citations: seed quotes, laws cited before they took effect, row ids, embedded ids.
    /// Exit 0 clean (warnings allowed), 1 findings, 2 a rule set cannot be loaded.
    Lint(lint::LintArgs),
}

/// A failure that ends the command with exit code 2 (an empty message: a closed pipe, exit quietly).
pub struct Fatal(pub String);

/// Maps an output error: a reader that stopped reading (`| head`) ends the command quietly.
pub fn output_error(e: std::io::Error) -> Fatal {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Fatal(String::new())
    } else {
        Fatal(format!("cannot write output: {e}"))
    }
}

impl<E: std::fmt::Display> From<E> for Fatal {
    fn from(e: E) -> Self {
        Fatal(e.to_string())
    }
}

/// Reads a date argument (`--as-of`): strictly `YYYY-MM-DD`, years 0001–9999.
pub fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    helhed::date::parse(text).map_err(|e| e.to_string())
}

/// Prints to standard output, through the CPR redaction (as every output of the command).
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        print!("{}", helhed::cpr::redact(&format!($($arg)*)))
    };
}

/// Loads a rule set by embedded id or file path.
pub fn load_rules(spec: Option<&str>) -> Result<RuleSet, Fatal> {
    let spec = spec.unwrap_or(helhed::ruleset::DEFAULT_RULE_SET);
    if helhed::ruleset::BUILTIN
        .iter()
        .any(|(id, _, _)| *id == spec)
    {
        return Ok(RuleSet::builtin(spec)?);
    }
    let text = std::fs::read_to_string(spec).map_err(|e| {
        let known: Vec<&str> = helhed::ruleset::BUILTIN
            .iter()
            .map(|(id, _, _)| *id)
            .collect();
        Fatal(format!(
            "cannot read rule set `{spec}`: {e} (embedded rule sets: {})",
            known.join(", ")
        ))
    })?;
    Ok(RuleSet::from_toml(spec, &text)?)
}

fn run(cli: Cli) -> Result<ExitCode, Fatal> {
    match cli.command {
        Command::Route(args) => route::run(args),
        Command::Synth(args) => synth::run(args),
        Command::CheckPlan(args) => check_plan::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Timeline(args) => timeline::run_timeline(args),
        Command::Changes(args) => timeline::run_changes(args),
        Command::Diff(args) => diff::run(args),
        Command::Schema { name } => match helhed::schema::schema(&name) {
            Some(schema) => {
                out!("{schema}\n");
                Ok(ExitCode::SUCCESS)
            }
            None => Err(Fatal(format!(
                "unknown schema `{name}`; known: {}",
                helhed::schema::NAMES.join(", ")
            ))),
        },
        Command::Rules(RulesCommand::List) => {
            for (id, file, _) in helhed::ruleset::BUILTIN {
                let rules = RuleSet::builtin(id)?;
                let default = if *id == helhed::ruleset::DEFAULT_RULE_SET {
                    " (default)"
                } else {
                    ""
                };
                out!("{id}{default}\t{file}\t{}\n", rules.title);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules(RulesCommand::Show { rules, source }) => {
            let rules = load_rules(Some(&rules))?;
            if source {
                out!("{}", rules.text);
            } else {
                out!("{}", helhed::explain::describe_rule_set(&rules));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules(RulesCommand::Lint(args)) => lint::run(args),
        Command::Rules(RulesCommand::Check { path }) => {
            let rules = load_rules(Some(&path))?;
            out!(
                "{path}: ok — {} ({} versions, {} target-group, {} routing, {} obligation rows; sha256 {})\n",
                rules.id,
                rules.versions.len(),
                rules.target_group.len(),
                rules.routing.len(),
                rules.obligations.len(),
                rules.sha256
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            // Through the redaction too: clap repeats the offending argument.
            let text = e.render().to_string();
            let text = helhed::cpr::redact(&text);
            if e.use_stderr() {
                eprint!("{text}");
            } else {
                print!("{text}");
            }
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(Fatal(message)) if message.is_empty() => ExitCode::SUCCESS,
        Err(Fatal(message)) => {
            // One line per problem (a rule file can have several).
            for line in helhed::cpr::redact(&message).lines() {
                eprintln!("helhed: {line}");
            }
            ExitCode::from(2)
        }
    }
}
