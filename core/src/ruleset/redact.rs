//! Keeps CPR-like numbers out of a loaded rule set.
//!
//! A rule file is text its author wrote, and every host echoes parts of it (ids, texts, sources,
//! forums, references) in decisions, plan reports, errors and explanations. Every string of the
//! file is therefore passed through [`crate::cpr::redact`] once, as it is read, after TOML has
//! unescaped it (so `"150385\u002D0123"` or a line continuation cannot slip a number past a
//! check of the raw text): no host can write a CPR number from a rule set, whatever it does with
//! the strings afterwards. The file's hash is of its bytes as given.

use super::format::{
    CohortDef, ObligationThen, ParameterDef, ParameterValueDef, RoutingThen, RowDef, RuleFile,
    SourceDef, TargetGroupThen, VersionDef,
};
use crate::cpr::redact;
use std::borrow::Cow;

/// Replaces every CPR-like number in `text` by [`crate::cpr::REDACTED`] (no copy without one).
pub(super) fn string(text: &mut String) {
    if let Cow::Owned(redacted) = redact(text) {
        *text = redacted;
    }
}

fn option(text: &mut Option<String>) {
    text.iter_mut().for_each(string);
}

/// Every string of a TOML value, keys of tables included.
fn value(v: &mut toml::Value) {
    match v {
        toml::Value::String(s) => string(s),
        toml::Value::Array(items) => items.iter_mut().for_each(value),
        toml::Value::Table(t) => table(t),
        toml::Value::Integer(_)
        | toml::Value::Float(_)
        | toml::Value::Boolean(_)
        | toml::Value::Datetime(_) => {}
    }
}

fn table(t: &mut toml::Table) {
    if !t.keys().any(|k| matches!(redact(k), Cow::Owned(_))) {
        t.iter_mut().for_each(|(_, v)| value(v));
        return;
    }
    let entries = std::mem::take(t);
    for (mut key, mut v) in entries {
        string(&mut key);
        value(&mut v);
        t.insert(key, v);
    }
}

/// The strings of a row's outcome.
pub(super) trait RedactThen {
    /// Redacts the outcome's strings.
    fn redact(&mut self);
}

impl RedactThen for TargetGroupThen {
    fn redact(&mut self) {}
}

impl RedactThen for RoutingThen {
    fn redact(&mut self) {
        option(&mut self.forum);
    }
}

impl RedactThen for ObligationThen {
    fn redact(&mut self) {
        string(&mut self.reference);
    }
}

fn row<T: RedactThen>(r: &mut RowDef<T>) {
    string(&mut r.id);
    r.versions.iter_mut().flatten().for_each(string);
    table(&mut r.when);
    r.then.redact();
    option(&mut r.source);
    option(&mut r.text_da);
    option(&mut r.text_en);
    option(&mut r.note);
}

fn rows<T: RedactThen>(rows: &mut Option<Vec<RowDef<T>>>) {
    rows.iter_mut().flatten().for_each(row);
}

fn source(s: &mut SourceDef) {
    string(&mut s.id);
    string(&mut s.title);
}

fn version(v: &mut VersionDef) {
    string(&mut v.id);
    option(&mut v.source);
    option(&mut v.text_da);
    option(&mut v.text_en);
    option(&mut v.note);
}

fn parameter(p: &mut ParameterDef) {
    string(&mut p.description);
    p.values.iter_mut().for_each(|v: &mut ParameterValueDef| {
        value(&mut v.value);
        option(&mut v.source);
        option(&mut v.note);
    });
    p.cohorts.iter_mut().for_each(|c: &mut CohortDef| {
        option(&mut c.source);
        option(&mut c.note);
    });
}

/// Redacts every string of a rule file as read (ids, texts, sources, notes, parameter names
/// and values, conditions, outcomes).
pub(super) fn rule_file(f: &mut RuleFile) {
    string(&mut f.id);
    string(&mut f.title);
    string(&mut f.municipality);
    option(&mut f.description);
    option(&mut f.extends);
    f.sources.iter_mut().for_each(source);
    f.versions.iter_mut().flatten().for_each(version);
    if f.parameters
        .keys()
        .any(|k| matches!(redact(k), Cow::Owned(_)))
    {
        let parameters = std::mem::take(&mut f.parameters);
        for (mut name, p) in parameters {
            string(&mut name);
            f.parameters.insert(name, p);
        }
    }
    f.parameters.values_mut().for_each(parameter);
    rows(&mut f.target_group);
    rows(&mut f.routing);
    rows(&mut f.obligations);
}
