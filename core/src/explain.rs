//! Explanations in plain words: a rule set as a reviewer reads it, and a decision as a
//! caseworker reads it.

use crate::decision::Decision;
use crate::error::InputError;
use crate::ruleset::compile::{Bound, Condition, Row, Test, Values};
use crate::ruleset::RuleSet;
use crate::vocab::Status;
use std::fmt::Write;

fn bound(b: &Bound) -> String {
    match b {
        Bound::Years(n) => n.to_string(),
        Bound::Parameter(p) => p.clone(),
    }
}

fn values(v: &Values) -> String {
    match v {
        Values::Listed(words) => words.join(" | "),
        Values::Parameter(p) => format!("<{p}>"),
    }
}

/// One condition in words, e.g. `age from 18 below youth_effort_until_age`.
pub fn describe_condition(c: &Condition) -> String {
    let fact = c.fact.name();
    match &c.test {
        Test::Range { from, below } => {
            let mut s = fact.to_string();
            if let Some(f) = from {
                let _ = write!(s, " from {}", bound(f));
            }
            if let Some(b) = below {
                let _ = write!(s, " below {}", bound(b));
            }
            s
        }
        Test::Is(b) => format!("{fact} is {b}"),
        Test::OneOf { any_of, none_of } => {
            let mut parts = Vec::new();
            if let Some(a) = any_of {
                parts.push(format!("{fact} is {}", values(a)));
            }
            if let Some(n) = none_of {
                parts.push(format!("{fact} is not {}", values(n)));
            }
            parts.join(" and ")
        }
        Test::Set {
            any_of,
            all_of,
            none_of,
            one_from_each,
            empty,
        } => {
            let mut parts = Vec::new();
            if let Some(a) = any_of {
                parts.push(format!("{fact} include any of {}", values(a)));
            }
            if let Some(a) = all_of {
                parts.push(format!("{fact} include all of {}", values(a)));
            }
            if let Some(n) = none_of {
                parts.push(format!("{fact} include none of {}", values(n)));
            }
            if !one_from_each.is_empty() {
                let groups: Vec<String> = one_from_each.iter().map(values).collect();
                parts.push(format!(
                    "{fact} include one from each of [{}]",
                    groups.join("], [")
                ));
            }
            if let Some(e) = empty {
                parts.push(format!(
                    "{fact} {}",
                    if *e { "are empty" } else { "are not empty" }
                ));
            }
            parts.join(" and ")
        }
    }
}

fn status_mark(status: Status) -> &'static str {
    match status {
        Status::Source => "source",
        Status::Assumption => "ASSUMPTION",
    }
}

/// The status tag of a trace line in the caseworker's language.
fn status_tag(status: Status, danish: bool) -> &'static str {
    match (status, danish) {
        (Status::Source, false) => "source",
        (Status::Assumption, false) => "ASSUMPTION",
        (Status::Source, true) => "kilde",
        (Status::Assumption, true) => "ANTAGELSE",
    }
}

/// A citation in Danish: the rule files cite seeds' questions and examples in English words.
fn citation_da(source: &str) -> String {
    source
        .replace("questions ", "spørgsmål ")
        .replace("question ", "spørgsmål ")
        .replace("examples ", "eksempler ")
        .replace("example ", "eksempel ")
        .replace(" and ", " og ")
}

fn describe_rows<T>(out: &mut String, title: &str, rows: &[Row<T>], then: impl Fn(&T) -> String) {
    let _ = writeln!(out, "\n## {title}\n");
    for (i, row) in rows.iter().enumerate() {
        let when: Vec<String> = row.conditions.iter().map(describe_condition).collect();
        let when = if when.is_empty() {
            "always".to_string()
        } else {
            when.join(" and ")
        };
        let versions = row
            .versions
            .as_ref()
            .map(|v| format!(" (versions {})", v.join(", ")))
            .unwrap_or_default();
        let _ = writeln!(out, "{:>2}. {}{versions}", i + 1, row.id);
        let _ = writeln!(out, "    when  {when}");
        let _ = writeln!(out, "    then  {}", then(&row.then));
        let _ = writeln!(out, "    [{}] {}", status_mark(row.status), row.source);
        let _ = writeln!(out, "    da: {}", row.text_da);
        let _ = writeln!(out, "    en: {}", row.text_en);
        if let Some(note) = &row.note {
            let _ = writeln!(out, "    note: {note}");
        }
    }
}

/// A rule set as a reviewer reads it: versions, parameters, and every row with its source.
pub fn describe_rule_set(rules: &RuleSet) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} — {}", rules.id, rules.title);
    let _ = writeln!(
        out,
        "municipality: {}    file: {}    sha256: {}",
        rules.municipality, rules.file, rules.sha256
    );
    if let Some(parent) = &rules.extends {
        let _ = writeln!(out, "extends: {parent}");
    }
    let _ = writeln!(out, "\n## Versions\n");
    for v in &rules.versions {
        let until = v.until.map(|u| u.to_string()).unwrap_or_else(|| "…".into());
        let _ = writeln!(
            out,
            "- {} ({} – {until}) [{}] {}",
            v.id,
            v.from,
            status_mark(v.status),
            v.source.as_deref().unwrap_or("")
        );
        if !v.text_en.is_empty() {
            let _ = writeln!(out, "    {}", v.text_en);
        }
    }
    let _ = writeln!(out, "\n## Parameters\n");
    for (name, p) in &rules.parameters {
        let _ = writeln!(out, "- {name}: {}", p.description);
        for v in &p.values {
            let from = v.from.map(|d| d.to_string()).unwrap_or_else(|| "…".into());
            let until = v.until.map(|d| d.to_string()).unwrap_or_else(|| "…".into());
            let _ = writeln!(
                out,
                "    {from} – {until}: {}  [{}] {}",
                v.value,
                status_mark(v.status),
                v.source
            );
        }
        for c in &p.cohorts {
            let from = c
                .born_from
                .map(|d| d.to_string())
                .unwrap_or_else(|| "…".into());
            let until = c
                .born_until
                .map(|d| d.to_string())
                .unwrap_or_else(|| "…".into());
            let _ = writeln!(
                out,
                "    born {from} – {until}: {}  [{}] {}",
                c.value,
                status_mark(c.status),
                c.source
            );
        }
    }
    describe_rows(
        &mut out,
        "Target group (first match wins)",
        &rules.target_group,
        |t| format!("target_group = {}", t.target_group),
    );
    describe_rows(
        &mut out,
        "Routing (first match wins)",
        &rules.routing,
        |t| {
            let mut s = format!("unit = {}", t.unit);
            if let Some(c) = t.coordinating_unit {
                let _ = write!(s, ", coordinating = {c}");
            }
            if !t.co_units.is_empty() {
                let units: Vec<&str> = t.co_units.iter().map(|u| u.as_str()).collect();
                let _ = write!(s, ", co-units = {}", units.join(" + "));
            }
            let _ = write!(s, ", caseworkers = {}", t.caseworkers);
            if let Some(f) = &t.forum {
                let _ = write!(s, ", forum = {f}");
            }
            s
        },
    );
    describe_rows(
        &mut out,
        "Obligations (every match applies)",
        &rules.obligations,
        |t| format!("{} by {} ({})", t.kind, t.unit, t.reference),
    );
    out
}

/// A decision in plain words for a caseworker, in Danish (`da`) or English.
pub fn describe_decision(decision: &Decision, danish: bool) -> String {
    let mut out = String::new();
    let id = decision.case_id.as_deref().unwrap_or("-");
    if danish {
        let _ = writeln!(
            out,
            "Sag {id}: {} år pr. {}; {}i målgruppen{}; enhed: {}.",
            decision.age,
            decision.as_of,
            if decision.target_group { "" } else { "ikke " },
            match (decision.eligible, decision.target_group) {
                (true, false) => " (opfylder kriterierne, men er ikke visiteret)",
                _ => "",
            },
            decision.unit
        );
    } else {
        let _ = writeln!(
            out,
            "Case {id}: age {} on {}; {}in the target group{}; unit: {}.",
            decision.age,
            decision.as_of,
            if decision.target_group { "" } else { "not " },
            match (decision.eligible, decision.target_group) {
                (true, false) => " (eligible, not screened in)",
                _ => "",
            },
            decision.unit
        );
    }
    for t in &decision.trace {
        if t.table == "versions" {
            let (label, word) = if danish {
                ("Regelsæt", "version")
            } else {
                ("Rule set", "version")
            };
            let _ = writeln!(
                out,
                "  - {label} {} {word} {} (sha256 {}…)",
                decision.rule_set.id,
                t.rule,
                &decision.rule_set.sha256.get(..12).unwrap_or("")
            );
            continue;
        }
        let text = if danish { &t.text_da } else { &t.text_en };
        let source = if danish {
            citation_da(&t.source)
        } else {
            t.source.clone()
        };
        let _ = writeln!(
            out,
            "  - {text} [{} · {} · {source}]",
            t.rule,
            status_tag(t.status, danish),
        );
    }
    if let Some(next) = &decision.next_transition {
        let reason = if danish {
            &next.reason_da
        } else {
            &next.reason
        };
        let _ = writeln!(out, "  → {}: {} ({reason})", next.date, next.unit);
    }
    out
}

/// An error row in plain words for a caseworker, in Danish (`da`) or English: the row's index,
/// the case's id if it is known, the field and what it must hold. Like every error message, it
/// never repeats the input's values.
pub fn describe_error(
    index: usize,
    case_id: Option<&str>,
    error: &InputError,
    danish: bool,
) -> String {
    let field = error.field();
    let code = error.code();
    let id = case_id.unwrap_or("-");
    if !danish {
        return format!("Row {index} (case {id}): not decided: {error} [{code}]\n");
    }
    let at = if field.is_empty() {
        "hele rækken".to_string()
    } else {
        format!("feltet {field}")
    };
    let what = match error {
        InputError::Syntax { line, column } => {
            format!("rækken er ikke gyldig JSON (linje {line}, kolonne {column})")
        }
        InputError::UnknownField { allowed, .. } => {
            format!("{at} findes ikke i kontrakten; tilladte felter: {allowed}")
        }
        InputError::MissingField { .. } => format!("{at} mangler"),
        InputError::InvalidValue { expected, .. } => {
            format!(
                "{at} har en ugyldig værdi; forventet {}",
                expected_da(expected)
            )
        }
        InputError::BirthDateAndCpr => "angiv enten birth_date eller cpr, ikke begge".into(),
        InputError::NoBirthDate => "birth_date eller cpr skal angives".into(),
        InputError::Cpr(_) => {
            "cpr skal være 10 cifre (DDMMÅÅ-SSSS eller DDMMÅÅSSSS), de første seks en gyldig dato"
                .into()
        }
        InputError::DuplicateField { .. } => format!("{at} er angivet mere end én gang"),
        InputError::IdLooksLikeCpr { .. } => format!(
            "{at} må ikke indeholde et CPR-nummer; brug en anonym reference (værdien vises ikke)"
        ),
        InputError::EffortEndsBeforeStart { .. } => {
            format!("{at}: indsatsen slutter, før den begynder")
        }
        InputError::PeriodEndsBeforeStart { .. } => {
            format!("{at}: perioden slutter, før den begynder")
        }
        InputError::AsOfBeforeBirth => "afgørelsesdatoen ligger før fødselsdatoen".into(),
        InputError::NoVersionInForce { rule_set, date } => {
            format!("regelsættet {rule_set} har ingen version i kraft den {date}")
        }
        InputError::Nested { .. } => format!("{at} er ugyldigt"),
    };
    format!("Række {index} (sag {id}): ikke afgjort: {what} [{code}]\n")
}

/// What a field must hold, in Danish: the contract's phrases translated, the values (words of
/// the contract) kept.
fn expected_da(expected: &str) -> String {
    const PHRASES: &[(&str, &str)] = &[
        (
            "a list of distinct sectors, each one of: ",
            "en liste af forskellige sektorer, hver en af: ",
        ),
        (
            "a list of distinct events, each one of: ",
            "en liste af forskellige begivenheder, hver en af: ",
        ),
        (
            "a list of distinct plans, each one of: ",
            "en liste af forskellige planer, hver en af: ",
        ),
        (
            "values separated by `|`, each one of: ",
            "værdier adskilt af `|`, hver en af: ",
        ),
        ("a date YYYY-MM-DD or null", "en dato ÅÅÅÅ-MM-DD eller null"),
        (
            "a date YYYY-MM-DD (e.g. 2026-11-23), years 0001–9999",
            "en dato ÅÅÅÅ-MM-DD (f.eks. 2026-11-23), år 0001–9999",
        ),
        ("a date YYYY-MM-DD", "en dato ÅÅÅÅ-MM-DD"),
        ("a JSON object (one case)", "et JSON-objekt (én sag)"),
        (
            "a string (an opaque reference)",
            "en tekst (en anonym reference)",
        ),
        ("a string or null", "en tekst eller null"),
        (
            "a string DDMMYY-SSSS or DDMMYYSSSS",
            "en tekst DDMMÅÅ-SSSS eller DDMMÅÅSSSS",
        ),
        ("true or false", "true eller false"),
        ("a list of efforts", "en liste af indsatser"),
        ("an effort object", "et indsatsobjekt"),
        (
            "a CSV row on one line, each quoted cell closed",
            "en CSV-række på én linje, hver celle i anførselstegn lukket",
        ),
        ("a CSV row of UTF-8 text", "en CSV-række i UTF-8"),
        ("a row of ", "en række med "),
        ("a record of at most ", "en post på højst "),
        ("one of: ", "en af: "),
        ("a valid value", "en gyldig værdi"),
    ];
    for (en, da) in PHRASES {
        if let Some(rest) = expected.strip_prefix(en) {
            let rest = rest
                .replace(" cells, as in the header", " celler, som i overskriften")
                .replace(
                    " bytes (raise the limit with --max-record-bytes)",
                    " bytes (hæv grænsen med --max-record-bytes)",
                );
            return format!("{da}{rest}");
        }
    }
    expected.to_string()
}
