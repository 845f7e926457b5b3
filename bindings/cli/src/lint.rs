//! `helhed rules lint`: reads the rule files, the seeds and the law table, and prints the core
//! linter's findings (`helhed::ruleset::lint`).

use crate::{output_error, Fatal};
use clap::{Args, ValueEnum};
use helhed::ruleset::lint::{lint_rule_file, Finding, LawTable, Level, LintContext};
use helhed::ruleset::BUILTIN;
use helhed::RuleSet;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Arguments of `helhed rules lint`.
#[derive(Args)]
pub struct LintArgs {
    /// Rule sets: embedded ids or paths to rule files (none: every embedded rule set).
    targets: Vec<String>,
    /// Directory of the seed documents (`NNN_….txt`) that citations quote; without it, quotes are
    /// not checked.
    #[arg(long, value_name = "DIR")]
    sources: Option<String>,
    /// Table of laws and the days they took effect (default: the embedded `rules/laws.toml`).
    #[arg(long, value_name = "FILE")]
    laws: Option<String>,
    /// Output: `text` (one line per finding, `file:line: level[check] item: reason`) or `json`
    /// (an array of findings).
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    format: LintFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum LintFormat {
    Text,
    Json,
}

/// Reads every `*.txt` file of the directory, by file name.
fn read_seeds(dir: &str) -> Result<BTreeMap<String, String>, Fatal> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| Fatal(format!("cannot read sources `{dir}`: {e}")))?;
    let mut seeds = BTreeMap::new();
    for entry in entries {
        let path = entry
            .map_err(|e| Fatal(format!("cannot read sources `{dir}`: {e}")))?
            .path();
        if path.extension().is_some_and(|x| x == "txt") {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Fatal(format!("cannot read seed `{}`: {e}", path.display())))?;
            seeds.insert(name, text);
        }
    }
    if seeds.is_empty() {
        return Err(Fatal(format!("sources `{dir}` holds no .txt seed files")));
    }
    Ok(seeds)
}

/// The file label and text of a target: an embedded id, or a path.
fn read_target(target: &str) -> Result<(String, String), String> {
    if let Some((_, file, text)) = BUILTIN.iter().find(|(id, _, _)| *id == target) {
        return Ok((format!("rules/{file}"), text.to_string()));
    }
    if !Path::new(target).exists() {
        let known: Vec<&str> = BUILTIN.iter().map(|(id, _, _)| *id).collect();
        return Err(format!(
            "cannot read rule set `{target}`: no such file, and not an embedded id ({})",
            known.join(", ")
        ));
    }
    std::fs::read_to_string(target)
        .map(|text| (target.to_string(), text))
        .map_err(|e| format!("cannot read rule set `{target}`: {e}"))
}

/// Runs the linter; exit 0 clean (warnings allowed), 1 findings, 2 a file cannot be loaded.
pub fn run(args: LintArgs) -> Result<ExitCode, Fatal> {
    let laws = match &args.laws {
        None => LawTable::builtin()?,
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Fatal(format!("cannot read law table `{path}`: {e}")))?;
            LawTable::from_toml(path, &text)?
        }
    };
    let seeds = args.sources.as_deref().map(read_seeds).transpose()?;
    let targets: Vec<String> = if args.targets.is_empty() {
        BUILTIN.iter().map(|(id, _, _)| id.to_string()).collect()
    } else {
        args.targets.clone()
    };
    let cx = LintContext {
        laws: &laws,
        seeds: seeds.as_ref(),
    };

    let mut findings: Vec<Finding> = Vec::new();
    let mut unloadable = 0usize;
    for target in &targets {
        let loaded = read_target(target).and_then(|(file, text)| {
            let rules = RuleSet::from_toml(&file, &text).map_err(|e| e.to_string())?;
            lint_rule_file(&file, &text, &rules, cx).map_err(|e| e.to_string())
        });
        match loaded {
            Ok(found) => findings.extend(found),
            Err(message) => {
                unloadable += 1;
                eprintln!("helhed: cannot load: {message}");
            }
        }
    }

    let mut out = std::io::stdout().lock();
    match args.format {
        LintFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &findings)?;
            writeln!(out).map_err(output_error)?;
        }
        LintFormat::Text => {
            for f in &findings {
                let line = f.line.map(|l| format!("{l}:")).unwrap_or_default();
                writeln!(
                    out,
                    "{}:{line} {}[{}] {}: {}",
                    f.file,
                    f.level.as_str(),
                    f.check.as_str(),
                    f.item,
                    f.message
                )
                .map_err(output_error)?;
            }
        }
    }
    out.flush().map_err(output_error)?;
    let errors = findings.iter().filter(|f| f.level == Level::Error).count();
    let warnings = findings.len() - errors;
    eprintln!(
        "{} rule set{} linted{}: {errors} error{}, {warnings} warning{}{}",
        targets.len(),
        if targets.len() == 1 { "" } else { "s" },
        if seeds.is_some() {
            ""
        } else {
            " (seed quotes not checked: give --sources DIR)"
        },
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" },
        if unloadable > 0 {
            format!(", {unloadable} could not be loaded")
        } else {
            String::new()
        }
    );
    Ok(if unloadable > 0 {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
