//! Explanations in plain words: a rule set as a reviewer reads it, and a decision as a
//! caseworker reads it.

use crate::decision::Decision;
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
        let _ = writeln!(
            out,
            "  - {text} [{} · {} · {}]",
            t.rule,
            status_mark(t.status),
            t.source
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
