//! The citation linter: checks that a rule file's citations say no more than their sources.
//!
//! [`lint_rule_file`] is handed a rule file's text, the rule set loaded from it, the seed texts
//! and a table of laws with the day each took effect ([`LawTable`], `rules/laws.toml`); it reads
//! no files itself. It reports, with the file, line and row:
//!
//! - a quote from a seed that is not in that seed ([`Check::SeedQuote`]), or a seed file that is
//!   not among the sources handed in ([`Check::UnknownSeed`]);
//! - a row, parameter value or version in force on a day before a law it cites took effect
//!   ([`Check::LawNotYetInForce`]);
//! - two row ids that are the same after Unicode normalisation ([`Check::DuplicateId`]), and an id
//!   that is not in normal form ([`Check::IdNotNormalised`]);
//! - a file that is not an embedded rule set but reuses one's id ([`Check::EmbeddedId`], a warning).
//!
//! # How a seed is quoted
//!
//! A citation of a seed is `seed FILE`, an optional locator (`, example 3`), and the quoted words
//! in parentheses: `seed 001_2c3fbfbc16702f80.txt, example 3 (fælles plan; to sagsbehandlere)`.
//! Everything inside those parentheses is quoted verbatim: `;` separates quotes, an ellipsis (`…`
//! or `...`) skips words of the seed between two pieces of one quote, and square brackets mark
//! words the rule set's authors added (`[proposed LAB § 28 a:] når en person …`), which are not
//! looked for. Quote marks around a quote are allowed. Whitespace (line breaks included),
//! invisible format characters, a dash standing alone between words and the case of a quote's first
//! letter do not count.

use super::format::FileDate;
use super::RuleSet;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use toml::Spanned;
use unicode_general_category::{get_general_category, GeneralCategory};
use unicode_normalization::UnicodeNormalization;

/// The file name of the embedded law table.
pub const LAWS_FILE: &str = "laws.toml";

/// The embedded law table (`rules/laws.toml`).
pub const BUILTIN_LAWS: &str = include_str!("../../../rules/laws.toml");

/// A law that rule sets cite, and the day it took effect.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Law {
    /// Stable id, e.g. `barnets-lov`.
    pub id: String,
    /// The law's name, for messages.
    pub name: String,
    /// How citations name it (whole words, any letter case).
    pub cited_as: Vec<String>,
    /// The first day it was in force.
    in_force: FileDate,
    /// Where the date comes from.
    pub source: String,
    /// Why the entry reads as it does.
    #[serde(default)]
    pub note: Option<String>,
}

impl Law {
    /// The first day the law was in force.
    pub fn in_force(&self) -> NaiveDate {
        self.in_force.0
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LawFile {
    laws: Vec<Law>,
}

/// The table of laws with their dates (`rules/laws.toml`).
#[derive(Debug, Clone)]
pub struct LawTable {
    /// The laws, in file order.
    pub laws: Vec<Law>,
}

impl LawTable {
    /// The embedded table.
    pub fn builtin() -> Result<LawTable, LintError> {
        LawTable::from_toml(LAWS_FILE, BUILTIN_LAWS)
    }

    /// Reads a law table; `file` names it in errors.
    pub fn from_toml(file: &str, text: &str) -> Result<LawTable, LintError> {
        let bad = |message: String| LintError::Laws {
            file: file.to_string(),
            message,
        };
        let parsed: LawFile = toml::from_str(text)
            .map_err(|e| bad(e.to_string().trim().replace('\n', " ").replace("  ", " ")))?;
        for (i, law) in parsed.laws.iter().enumerate() {
            if parsed.laws[..i].iter().any(|other| other.id == law.id) {
                return Err(bad(format!("law `{}` is given twice", law.id)));
            }
            if law.cited_as.iter().all(|name| name.trim().is_empty()) {
                return Err(bad(format!("law `{}` has no `cited_as` names", law.id)));
            }
        }
        Ok(LawTable { laws: parsed.laws })
    }

    /// The laws a citation names, outside its quotes from seeds.
    pub fn cited_in(&self, citation: &str) -> Vec<&Law> {
        let unquoted = fold(&without_seed_quotes(citation));
        self.laws
            .iter()
            .filter(|law| {
                law.cited_as
                    .iter()
                    .map(|name| fold(name))
                    .filter(|name| !name.is_empty())
                    .any(|name| contains_word(&unquoted, &name))
            })
            .collect()
    }
}

/// Why the linter could not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LintError {
    /// The law table is not valid.
    #[error("{file}: {message}")]
    Laws {
        /// The law table's file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// The rule file is not valid TOML (the loader would have said so first).
    #[error("{file}: {message}")]
    RuleFile {
        /// The rule file.
        file: String,
        /// What the TOML reader said.
        message: String,
    },
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// A quote from a seed is not in that seed.
    SeedQuote,
    /// A cited seed file is not among the sources.
    UnknownSeed,
    /// In force on a day before a law it cites took effect.
    LawNotYetInForce,
    /// Two row ids are the same after Unicode normalisation.
    DuplicateId,
    /// A row id has invisible or compatibility characters.
    IdNotNormalised,
    /// A file that is not the embedded rule set uses an embedded rule set's id.
    EmbeddedId,
}

impl Check {
    /// The check's name in output (`seed-quote`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Check::SeedQuote => "seed-quote",
            Check::UnknownSeed => "unknown-seed",
            Check::LawNotYetInForce => "law-not-yet-in-force",
            Check::DuplicateId => "duplicate-id",
            Check::IdNotNormalised => "id-not-normalised",
            Check::EmbeddedId => "embedded-id",
        }
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The citation is wrong: `helhed rules lint` exits 1.
    Error,
    /// Worth a look; does not fail the lint.
    Warning,
}

impl Level {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// One finding: where, which check, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule file.
    pub file: String,
    /// The line (1-based) of the row's id or the value's source, when the file has it.
    pub line: Option<usize>,
    /// What the finding is about: a row id, `parameter NAME`, `version ID` or `id`.
    pub item: String,
    /// The check that failed.
    pub check: Check,
    /// Error or warning.
    pub level: Level,
    /// The reason, in words.
    pub message: String,
}

/// What the linter is handed besides the rule file.
#[derive(Debug, Clone, Copy)]
pub struct LintContext<'a> {
    /// Laws and their dates.
    pub laws: &'a LawTable,
    /// Seed texts by file name (`001_2c3fbfbc16702f80.txt`); `None`: quotes are not checked.
    pub seeds: Option<&'a BTreeMap<String, String>>,
}

// The parts of a rule file the linter reads, with their places in the text. Other keys are
// ignored: the loader has checked them.
#[derive(Deserialize)]
struct SpanFile {
    id: Spanned<String>,
    #[serde(default)]
    versions: Vec<SpanVersion>,
    #[serde(default)]
    parameters: BTreeMap<String, SpanParameter>,
    #[serde(default)]
    target_group: Vec<SpanRow>,
    #[serde(default)]
    routing: Vec<SpanRow>,
    #[serde(default)]
    obligations: Vec<SpanRow>,
}

#[derive(Deserialize)]
struct SpanVersion {
    id: Spanned<String>,
    #[serde(default)]
    source: Option<String>,
}

#[derive(Deserialize)]
struct SpanParameter {
    #[serde(default)]
    values: Vec<SpanValue>,
    #[serde(default)]
    cohorts: Vec<SpanCohort>,
}

#[derive(Deserialize)]
struct SpanValue {
    #[serde(default)]
    from: Option<FileDate>,
    #[serde(default)]
    until: Option<FileDate>,
    #[serde(default)]
    source: Option<Spanned<String>>,
}

#[derive(Deserialize)]
struct SpanCohort {
    #[serde(default)]
    source: Option<Spanned<String>>,
}

#[derive(Deserialize)]
struct SpanRow {
    id: Spanned<String>,
    #[serde(default)]
    versions: Option<Vec<String>>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    then: Option<SpanThen>,
}

#[derive(Deserialize)]
struct SpanThen {
    #[serde(default)]
    reference: Option<String>,
}

/// One thing that cites: what it is, where, its citations, and its first day in force.
struct Citing {
    item: String,
    line: Option<usize>,
    citations: Vec<String>,
    first_day: Option<NaiveDate>,
}

/// Lints one rule file. `rules` is the rule set loaded from `text` (so that inherited versions
/// are known); the file's own rows, parameters and versions are checked, and its row ids together
/// with the inherited ones. Findings come in file order.
pub fn lint_rule_file(
    file: &str,
    text: &str,
    rules: &RuleSet,
    cx: LintContext<'_>,
) -> Result<Vec<Finding>, LintError> {
    let spans: SpanFile = toml::from_str(text).map_err(|e| LintError::RuleFile {
        file: file.to_string(),
        message: e.to_string().trim().replace('\n', " "),
    })?;
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let mut findings = Vec::new();
    let finding =
        |line: Option<usize>, item: &str, check: Check, level: Level, message: String| Finding {
            file: file.to_string(),
            line,
            item: item.to_string(),
            check,
            level,
            message,
        };

    // An embedded rule set's id in a file that is not that rule set.
    if let Some((_, builtin_file, builtin_text)) = super::BUILTIN
        .iter()
        .find(|(id, _, _)| *id == spans.id.get_ref())
    {
        if *builtin_text != text {
            findings.push(finding(
                Some(line_of(spans.id.span().start)),
                "id",
                Check::EmbeddedId,
                Level::Warning,
                format!(
                    "`{}` is the id of the embedded rule set ({builtin_file}); decisions from this file would name it, and `--rules {}` loads the embedded one: give the file an id of its own",
                    spans.id.get_ref(),
                    spans.id.get_ref()
                ),
            ));
        }
    }

    // Row ids: unique after normalisation, and in normal form.
    let own_lines: BTreeMap<&str, usize> =
        [&spans.target_group, &spans.routing, &spans.obligations]
            .into_iter()
            .flatten()
            .map(|row| (row.id.get_ref().as_str(), line_of(row.id.span().start)))
            .collect();
    let all_ids: Vec<(&'static str, &str)> = rules
        .target_group
        .iter()
        .map(|r| ("target_group", r.id.as_str()))
        .chain(rules.routing.iter().map(|r| ("routing", r.id.as_str())))
        .chain(
            rules
                .obligations
                .iter()
                .map(|r| ("obligations", r.id.as_str())),
        )
        .collect();
    let mut seen: BTreeMap<String, (&str, &str)> = BTreeMap::new();
    for (table, id) in &all_ids {
        let normal = normalise_id(id);
        let line = own_lines.get(id).copied();
        let item = visible(id);
        if normal != *id {
            findings.push(finding(
                line,
                &item,
                Check::IdNotNormalised,
                Level::Error,
                format!(
                    "the id {} has invisible or compatibility characters; it reads as `{normal}`",
                    escaped(id)
                ),
            ));
        }
        match seen.get(&normal) {
            Some((first_table, first)) => findings.push(finding(
                line,
                &item,
                Check::DuplicateId,
                Level::Error,
                format!(
                    "the id {} ({table}) is the same as {} ({first_table}) after Unicode normalisation (NFKC, invisible characters removed)",
                    escaped(id),
                    escaped(first)
                ),
            )),
            None => {
                seen.insert(normal, (table, id));
            }
        }
    }

    // Everything that cites, with its first day in force.
    let first_of_all = rules.versions.iter().map(|v| v.from).min();
    let last_of_all = if rules.versions.iter().any(|v| v.until.is_none()) {
        None
    } else {
        rules.versions.iter().filter_map(|v| v.until).max()
    };
    let version_start = |id: &str| rules.versions.iter().find(|v| v.id == id).map(|v| v.from);
    let mut citing: Vec<Citing> = Vec::new();
    for version in &spans.versions {
        citing.push(Citing {
            item: format!("version {}", version.id.get_ref()),
            line: Some(line_of(version.id.span().start)),
            citations: version.source.iter().cloned().collect(),
            first_day: version_start(version.id.get_ref()),
        });
    }
    for (name, parameter) in &spans.parameters {
        for value in &parameter.values {
            let Some(source) = &value.source else {
                continue;
            };
            let from = value.from.map(|d| d.0);
            let until = value.until.map(|d| d.0);
            // In force from the later of its own start and the rule set's first day, if at all.
            let first_day = match (from, first_of_all) {
                (Some(f), Some(all)) => Some(f.max(all)),
                (f, all) => f.or(all),
            };
            let never = match (first_day, until, last_of_all) {
                (Some(first), Some(u), _) if u < first => true,
                (Some(first), _, Some(last)) if first > last => true,
                _ => false,
            };
            citing.push(Citing {
                item: format!("parameter {name}"),
                line: Some(line_of(source.span().start)),
                citations: vec![source.get_ref().clone()],
                first_day: if never { None } else { first_day },
            });
        }
        for cohort in &parameter.cohorts {
            let Some(source) = &cohort.source else {
                continue;
            };
            citing.push(Citing {
                item: format!("parameter {name}"),
                line: Some(line_of(source.span().start)),
                citations: vec![source.get_ref().clone()],
                first_day: first_of_all,
            });
        }
    }
    for row in [&spans.target_group, &spans.routing, &spans.obligations]
        .into_iter()
        .flatten()
    {
        let first_day = match &row.versions {
            Some(ids) => ids.iter().filter_map(|id| version_start(id)).min(),
            None => first_of_all,
        };
        citing.push(Citing {
            item: row.id.get_ref().clone(),
            line: Some(line_of(row.id.span().start)),
            citations: row
                .source
                .iter()
                .chain(row.then.as_ref().and_then(|t| t.reference.as_ref()))
                .cloned()
                .collect(),
            first_day,
        });
    }

    let seeds = cx.seeds.map(|seeds| {
        seeds
            .iter()
            .map(|(name, text)| (name.as_str(), normalise_text(text)))
            .collect::<BTreeMap<&str, String>>()
    });
    // A law cited in both a row's source and its reference is one finding.
    let mut reported: std::collections::BTreeSet<(&str, &str)> = Default::default();
    for item in &citing {
        for citation in &item.citations {
            if let Some(first_day) = item.first_day {
                for law in cx.laws.cited_in(citation) {
                    if first_day < law.in_force()
                        && reported.insert((item.item.as_str(), law.id.as_str()))
                    {
                        findings.push(finding(
                            item.line,
                            &item.item,
                            Check::LawNotYetInForce,
                            Level::Error,
                            format!(
                                "in force from {first_day}, but cites {} (`{}`), in force from {}",
                                law.name,
                                law.id,
                                law.in_force()
                            ),
                        ));
                    }
                }
            }
            let Some(seeds) = &seeds else { continue };
            for cited in seed_citations(citation) {
                let Some(seed) = seeds.get(cited.file) else {
                    findings.push(finding(
                        item.line,
                        &item.item,
                        Check::UnknownSeed,
                        Level::Error,
                        format!("cites seed {}, which is not among the sources", cited.file),
                    ));
                    continue;
                };
                for quote in cited.quotes {
                    if !quote_in(seed, quote) {
                        findings.push(finding(
                            item.line,
                            &item.item,
                            Check::SeedQuote,
                            Level::Error,
                            format!("\"{}\" is not in seed {}", quote.trim(), cited.file),
                        ));
                    }
                }
            }
        }
    }
    findings.sort_by_key(|f| f.line.unwrap_or(usize::MAX));
    Ok(findings)
}

/// An id as it reads: NFKC, with invisible format characters (zero-width space, joiners, soft
/// hyphen, byte-order mark, …) removed.
pub fn normalise_id(id: &str) -> String {
    id.nfkc().filter(|c| !is_invisible(*c)).collect()
}

fn is_invisible(c: char) -> bool {
    get_general_category(c) == GeneralCategory::Format
}

/// The id with its invisible characters shown as `\u{…}`, in backticks.
fn escaped(id: &str) -> String {
    format!("`{}`", visible(id))
}

/// The id with its invisible characters shown as `\u{…}`.
fn visible(id: &str) -> String {
    id.chars()
        .map(|c| {
            if is_invisible(c) || c.is_control() {
                format!("\\u{{{:04X}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Text for quote matching: NFC, invisible characters removed, every run of whitespace one space,
/// and a dash standing alone between words dropped (the seeds' text extraction lost some).
fn normalise_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .nfc()
        .filter(|c| !is_invisible(*c))
        .collect::<String>()
        .split_whitespace()
        .filter(|word| !matches!(*word, "-" | "–" | "—"))
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn fold(text: &str) -> String {
    normalise_text(text).to_lowercase()
}

/// Whether `needle` occurs in `haystack` as whole words.
fn contains_word(haystack: &str, needle: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    haystack.match_indices(needle).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// A seed cited in a source: its file name and the quotes in its parentheses.
#[derive(Debug, PartialEq, Eq)]
struct SeedCitation<'a> {
    file: &'a str,
    quotes: Vec<&'a str>,
    /// Byte ranges of `seed FILE` and of the parenthesised quotes (to skip for law names).
    cut: Vec<std::ops::Range<usize>>,
}

/// Splits at `sep` where no bracket is open.
fn split_top(text: &str, sep: char) -> Vec<(usize, &str)> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            c if c == sep && depth <= 0 => {
                parts.push((start, &text[start..i]));
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push((start, &text[start..]));
    parts
}

/// The seed citations in a source: `seed FILE[, locator] (quote; quote …)`, one per `;`-part.
fn seed_citations(source: &str) -> Vec<SeedCitation<'_>> {
    let mut found = Vec::new();
    for (offset, part) in split_top(source, ';') {
        let Some(at) = part.find("seed ") else {
            continue;
        };
        if part[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let name_start = at + "seed ".len();
        let name_len = part[name_start..]
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.' || c == '-'))
            .unwrap_or(part.len() - name_start);
        let name = part[name_start..name_start + name_len].trim_end_matches('.');
        if !name.ends_with(".txt") {
            continue;
        }
        let after = name_start + name.len();
        let file_range = offset + at..offset + after;
        let mut cut = Vec::with_capacity(2);
        cut.push(file_range);
        let mut quotes = Vec::new();
        if let Some(open) = part[after..].find('(').map(|i| after + i) {
            let mut depth = 0i32;
            let close = part[open..]
                .char_indices()
                .find(|(_, c)| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map(|(i, _)| open + i)
                .unwrap_or(part.len());
            let inner = &part[(open + 1).min(close)..close];
            quotes.extend(
                split_top(inner, ';')
                    .into_iter()
                    .map(|(_, q)| q)
                    .filter(|q| !q.trim().is_empty()),
            );
            cut.push(offset + open..offset + (close + 1).min(part.len()));
        }
        found.push(SeedCitation {
            file: name,
            quotes,
            cut,
        });
    }
    found
}

/// The source without its seed file names and quotes (where law names are looked for).
fn without_seed_quotes(source: &str) -> String {
    let mut cuts: Vec<std::ops::Range<usize>> = seed_citations(source)
        .into_iter()
        .flat_map(|c| c.cut)
        .collect();
    cuts.sort_by_key(|r| r.start);
    let mut out = String::new();
    let mut at = 0;
    for cut in cuts {
        if cut.start >= at {
            out.push_str(&source[at..cut.start]);
            out.push(' ');
            at = cut.end;
        }
    }
    out.push_str(&source[at.min(source.len())..]);
    out
}

const QUOTE_MARKS: &[char] = &['"', '“', '”', '„', '«', '»', '\''];

/// Whether a quote (pieces separated by an ellipsis, `[added words]` skipped) is in the seed, its
/// pieces in order. `seed` is already normalised.
fn quote_in(seed: &str, quote: &str) -> bool {
    // Editorial insertions are gaps, like an ellipsis.
    let mut plain = String::new();
    let mut depth = 0;
    for c in quote.chars() {
        match c {
            '[' => {
                depth += 1;
                plain.push('…');
            }
            ']' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            _ => plain.push(c),
        }
    }
    let plain = plain.replace("...", "…");
    let mut from = 0;
    for piece in plain.split('…') {
        let piece = normalise_text(piece.trim().trim_matches(QUOTE_MARKS));
        if piece.is_empty() {
            continue;
        }
        // A quote may begin mid-sentence or start one: the first letter's case does not count.
        let mut chars = piece.chars();
        let first = chars.next().map(|c| {
            if c.is_uppercase() {
                c.to_lowercase().collect::<String>()
            } else {
                c.to_uppercase().collect::<String>()
            }
        });
        let recased = first.map(|f| f + chars.as_str());
        let found = [Some(piece.clone()), recased]
            .into_iter()
            .flatten()
            .filter_map(|p| seed[from..].find(&p).map(|i| (i, p.len())))
            .min();
        match found {
            Some((i, len)) => from += i + len,
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_match_across_whitespace_ellipses_and_insertions() {
        let seed = normalise_text(
            "Borgeren vil i disse\n\nsager have  to sagsbehandlere. Ingen\u{00AD} andre - end de.",
        );
        assert!(quote_in(&seed, "vil i disse sager have to sagsbehandlere"));
        assert!(quote_in(&seed, "\"Borgeren vil … to sagsbehandlere\""));
        assert!(quote_in(
            &seed,
            "[the citizen] vil i disse sager ... Ingen andre"
        ));
        assert!(
            !quote_in(&seed, "to sagsbehandlere … Borgeren"),
            "pieces in order"
        );
        assert!(!quote_in(&seed, "tre sagsbehandlere"));
        assert!(
            quote_in(&seed, "borgeren vil"),
            "the first letter's case does not count"
        );
        assert!(!quote_in(&seed, "borgeren VIL"), "only the first letter's");
        assert!(
            quote_in(&seed, "Ingen andre – end de"),
            "a lone dash does not count"
        );
        assert!(
            quote_in(&seed, "Ingen andre end de"),
            "a lone dash does not count"
        );
    }

    #[test]
    fn seed_citations_are_split_into_files_and_quotes() {
        let cited = seed_citations(
            "seed 001_ab.txt, example 3 (fælles plan; to sagsbehandlere); KUI § 2 a; seed 000_cd.txt, question 11",
        );
        assert_eq!(cited.len(), 2);
        assert_eq!(cited[0].file, "001_ab.txt");
        assert_eq!(cited[0].quotes, vec!["fælles plan", " to sagsbehandlere"]);
        assert_eq!(cited[1].file, "000_cd.txt");
        assert!(cited[1].quotes.is_empty());
    }

    #[test]
    fn law_names_are_found_outside_seed_quotes_only() {
        let laws = LawTable::builtin().unwrap();
        let ids = |s: &str| {
            laws.cited_in(s)
                .into_iter()
                .map(|l| l.id.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("Barnets lov § 111 (afgørelse)"), vec!["barnets-lov"]);
        assert_eq!(ids("seed 000_x.txt (jf. LAB-loven)"), Vec::<&str>::new());
        assert_eq!(ids("LAB § 31 stk. 3"), vec!["lab-2019"]);
        assert_eq!(
            ids("obligation.lab_contact, collaboration"),
            Vec::<&str>::new()
        );
        assert_eq!(
            ids("pensionsloven § 1 a (raised to 70 on 31 Dec 2025)"),
            vec!["pension-age-70"]
        );
    }

    #[test]
    fn ids_are_normalised_by_nfkc_without_invisible_characters() {
        assert_eq!(normalise_id("routing.\u{200B}youth"), "routing.youth");
        assert_eq!(normalise_id("routing.ﬁx"), "routing.fix");
        assert_eq!(normalise_id("routing.youth"), "routing.youth");
    }

    #[test]
    fn the_embedded_law_table_loads() {
        let laws = LawTable::builtin().unwrap();
        assert!(laws.laws.iter().any(|l| l.id == "barnets-lov"
            && l.in_force() == NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()));
    }
}
