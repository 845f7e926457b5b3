//! `helhed route`: decisions as JSON Lines, one per case in input order, with an error row in
//! place of each bad case.

use crate::{input, load_rules, output_error, Fatal};
use chrono::NaiveDate;
use helhed::{Case, RouteOptions};
use std::io::Write;
use std::process::ExitCode;

/// Arguments of `helhed route`.
#[derive(clap::Args)]
pub struct RouteArgs {
    /// Rule set: an embedded id (see `helhed rules list`) or a path to a rule file.
    #[arg(long)]
    rules: Option<String>,
    /// Decision date (YYYY-MM-DD); defaults to today.
    #[arg(long)]
    as_of: Option<NaiveDate>,
    /// Leave out the trace of deciding rows.
    #[arg(long)]
    no_trace: bool,
    /// Print each decision and its reasons in plain words (`en` or `da`) instead of JSON Lines.
    #[arg(long, value_name = "LANG", value_parser = ["en", "da"])]
    explain: Option<String>,
    /// Input file (JSON case, JSON array or JSON Lines); `-` or nothing for standard input.
    file: Option<String>,
}

/// Runs `helhed route`.
pub fn run(args: RouteArgs) -> Result<ExitCode, Fatal> {
    let rules = load_rules(args.rules.as_deref())?;
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let text = input::read_text(args.file.as_deref())?;
    let documents = input::documents(&text);
    let options = RouteOptions {
        trace: !args.no_trace,
        next_transition: true,
    };
    let progress = Progress::new(documents.len() as u64);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut errors = 0usize;
    for (index, document) in documents.iter().enumerate() {
        let line =
            match Case::from_json(document).and_then(|case| rules.route(&case, as_of, options)) {
                Ok(decision) => match args.explain.as_deref() {
                    Some(lang) => helhed::explain::describe_decision(&decision, lang == "da")
                        .trim_end()
                        .to_string(),
                    None => serde_json::to_string(&decision)?,
                },
                Err(error) => {
                    errors += 1;
                    error_row(index, input::case_id_of(document), &error)
                }
            };
        writeln!(out, "{line}").map_err(output_error)?;
        progress.tick();
    }
    out.flush().map_err(output_error)?;
    progress.finish();
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The error row of the contract: `{"index", "case_id", "error": {code, field, message}}`.
pub fn error_row(index: usize, case_id: Option<String>, error: &helhed::InputError) -> String {
    serde_json::json!({ "index": index, "case_id": case_id, "error": error.to_report() })
        .to_string()
}

/// A progress bar on stderr, shown only on a terminal and only once the work has run a second.
pub struct Progress {
    bar: indicatif::ProgressBar,
    started: std::time::Instant,
    shown: std::cell::Cell<bool>,
}

impl Progress {
    /// A hidden bar for `total` items.
    pub fn new(total: u64) -> Progress {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(total),
            indicatif::ProgressDrawTarget::hidden(),
        );
        Progress {
            bar,
            started: std::time::Instant::now(),
            shown: std::cell::Cell::new(false),
        }
    }

    /// Counts one item done.
    pub fn tick(&self) {
        self.bar.inc(1);
        if !self.shown.get()
            && self.started.elapsed().as_secs() >= 1
            && std::io::IsTerminal::is_terminal(&std::io::stderr())
        {
            self.shown.set(true);
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
