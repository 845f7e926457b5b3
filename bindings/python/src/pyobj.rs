//! Decisions as Python objects, built in Rust: the dict `json.loads` makes of core's JSON of the
//! same [`Decision`] (same keys, same order, same values), without writing and parsing the text.
//!
//! Most of a decision does not depend on the case: the rule-set reference, the obligations and
//! the trace entries (with the trace in full, each holds a row's source and texts). A rule set's
//! [`DecisionObjects`] keeps the dict of each such part the first time it is built, and hands out
//! a `dict.copy()` of it after that (a copy, so that changing one result never changes another);
//! vocabulary values are kept as Python strings. Only rule-set and vocabulary values are kept,
//! never anything of a case, so what is kept is bounded by the rule set. The conformance test
//! `test_route_equals_the_cli_json` checks every shipped case against the CLI's JSON.

use helhed::vocab::{ObligationKind, Status, Unit};
use helhed::{Change, Decision, Obligation, RuleSetRef, TraceEntry, Transition};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use rustc_hash::FxHashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// The case-independent Python objects of one rule set's decisions, made on first use.
#[derive(Default)]
pub struct DecisionObjects {
    kept: Mutex<Kept>,
}

impl DecisionObjects {
    /// The decision as a dict, equal to `json.loads` of its JSON.
    pub fn decision<'py>(
        &self,
        py: Python<'py>,
        decision: Decision,
    ) -> PyResult<Bound<'py, PyDict>> {
        // The lock is held only while this thread holds the GIL; should building an object run
        // Python code that routes again (a finaliser, say) or another thread hold it, this call
        // builds every object afresh instead of waiting.
        let mut scratch = Kept::default();
        let mut guard = self.kept.try_lock().ok();
        let kept = guard.as_deref_mut().unwrap_or(&mut scratch);
        kept.decision(py, decision)
    }
}

/// What has been built so far.
#[derive(Default)]
struct Kept {
    words: Words,
    rule_sets: FxHashMap<(String, String, String), Py<PyDict>>,
    obligations: FxHashMap<(ObligationKind, Unit, String), Py<PyDict>>,
    trace: FxHashMap<TraceKey, Py<PyDict>>,
}

/// A trace entry's fields: rule, table, source, status, Danish and English text.
type TraceKey = (String, String, String, Status, String, String);

/// The contract's vocabulary (units, age bands, statuses, ...) as Python strings.
#[derive(Default)]
struct Words(FxHashMap<&'static str, Py<PyString>>);

impl Words {
    fn get<'py>(&mut self, py: Python<'py>, word: &'static str) -> Bound<'py, PyString> {
        self.0
            .entry(word)
            .or_insert_with(|| PyString::new(py, word).unbind())
            .bind(py)
            .clone()
    }

    fn unit<'py>(&mut self, py: Python<'py>, unit: Option<Unit>) -> Option<Bound<'py, PyString>> {
        unit.map(|u| self.get(py, u.as_str()))
    }
}

/// A copy of the kept dict for `key`, building and keeping it first if there is none.
fn copy_of<'py, K: Hash + Eq>(
    py: Python<'py>,
    kept: &mut FxHashMap<K, Py<PyDict>>,
    key: K,
    build: impl FnOnce(&K) -> PyResult<Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    if let Some(dict) = kept.get(&key) {
        return dict.bind(py).copy();
    }
    let dict = build(&key)?;
    let copy = dict.copy()?;
    kept.insert(key, dict.unbind());
    Ok(copy)
}

/// A date as chrono serialises it (`Debug`: `YYYY-MM-DD`, other years signed).
fn date<'py>(py: Python<'py>, date: chrono::NaiveDate) -> Bound<'py, PyString> {
    PyString::new(py, &format!("{date:?}"))
}

impl Kept {
    fn decision<'py>(
        &mut self,
        py: Python<'py>,
        decision: Decision,
    ) -> PyResult<Bound<'py, PyDict>> {
        // Taken apart field by field: a field added to the contract fails to compile here.
        let Decision {
            case_id,
            as_of,
            rule_set,
            age,
            age_band,
            eligible,
            target_group,
            unit,
            coordinating_unit,
            co_units,
            caseworkers,
            forum,
            obligations,
            next_transition,
            trace,
        } = decision;
        let out = PyDict::new(py);
        out.set_item(intern!(py, "case_id"), case_id)?;
        out.set_item(intern!(py, "as_of"), date(py, as_of))?;
        out.set_item(intern!(py, "rule_set"), self.rule_set(py, rule_set)?)?;
        out.set_item(intern!(py, "age"), age)?;
        let words = &mut self.words;
        out.set_item(intern!(py, "age_band"), words.get(py, age_band.as_str()))?;
        out.set_item(intern!(py, "eligible"), eligible)?;
        out.set_item(intern!(py, "target_group"), target_group)?;
        out.set_item(intern!(py, "unit"), words.get(py, unit.as_str()))?;
        out.set_item(
            intern!(py, "coordinating_unit"),
            words.unit(py, coordinating_unit),
        )?;
        let co_units = co_units.into_iter().map(|u| words.get(py, u.as_str()));
        out.set_item(intern!(py, "co_units"), PyList::new(py, co_units)?)?;
        out.set_item(intern!(py, "caseworkers"), caseworkers)?;
        out.set_item(intern!(py, "forum"), forum)?;
        out.set_item(
            intern!(py, "obligations"),
            self.obligations(py, obligations)?,
        )?;
        let next = match next_transition {
            Some(next) => Some(self.transition(py, next)?),
            None => None,
        };
        out.set_item(intern!(py, "next_transition"), next)?;
        let trace = trace
            .into_iter()
            .map(|entry| self.trace_entry(py, entry))
            .collect::<PyResult<Vec<_>>>()?;
        out.set_item(intern!(py, "trace"), PyList::new(py, trace)?)?;
        Ok(out)
    }

    fn rule_set<'py>(
        &mut self,
        py: Python<'py>,
        rule_set: RuleSetRef,
    ) -> PyResult<Bound<'py, PyDict>> {
        let RuleSetRef {
            id,
            version,
            sha256,
        } = rule_set;
        copy_of(
            py,
            &mut self.rule_sets,
            (id, version, sha256),
            |(id, version, sha256)| {
                let out = PyDict::new(py);
                out.set_item(intern!(py, "id"), id)?;
                out.set_item(intern!(py, "version"), version)?;
                out.set_item(intern!(py, "sha256"), sha256)?;
                Ok(out)
            },
        )
    }

    fn obligations<'py>(
        &mut self,
        py: Python<'py>,
        obligations: Vec<Obligation>,
    ) -> PyResult<Bound<'py, PyList>> {
        let items = obligations
            .into_iter()
            .map(|obligation| {
                let Obligation {
                    kind,
                    unit,
                    reference,
                } = obligation;
                let words = &mut self.words;
                copy_of(
                    py,
                    &mut self.obligations,
                    (kind, unit, reference),
                    |(kind, unit, reference)| {
                        let out = PyDict::new(py);
                        out.set_item(intern!(py, "kind"), words.get(py, kind.as_str()))?;
                        out.set_item(intern!(py, "unit"), words.get(py, unit.as_str()))?;
                        out.set_item(intern!(py, "reference"), reference)?;
                        Ok(out)
                    },
                )
            })
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    fn transition<'py>(
        &mut self,
        py: Python<'py>,
        next: Transition,
    ) -> PyResult<Bound<'py, PyDict>> {
        let Transition {
            date: on,
            unit,
            eligible,
            target_group,
            reason,
            reason_da,
            coordinating_unit,
            caseworkers,
            obligations,
            changes,
        } = next;
        let words = &mut self.words;
        let out = PyDict::new(py);
        out.set_item(intern!(py, "date"), date(py, on))?;
        out.set_item(intern!(py, "unit"), words.get(py, unit.as_str()))?;
        out.set_item(intern!(py, "eligible"), eligible)?;
        out.set_item(intern!(py, "target_group"), target_group)?;
        out.set_item(intern!(py, "reason"), reason)?;
        out.set_item(intern!(py, "reason_da"), reason_da)?;
        out.set_item(
            intern!(py, "coordinating_unit"),
            words.unit(py, coordinating_unit),
        )?;
        out.set_item(intern!(py, "caseworkers"), caseworkers)?;
        out.set_item(
            intern!(py, "obligations"),
            self.obligations(py, obligations)?,
        )?;
        let words = &mut self.words;
        let changes = changes
            .into_iter()
            .map(|c: Change| words.get(py, c.as_str()));
        out.set_item(intern!(py, "changes"), PyList::new(py, changes)?)?;
        Ok(out)
    }

    fn trace_entry<'py>(
        &mut self,
        py: Python<'py>,
        entry: TraceEntry,
    ) -> PyResult<Bound<'py, PyDict>> {
        let TraceEntry {
            rule,
            table,
            source,
            status,
            text_da,
            text_en,
        } = entry;
        let words = &mut self.words;
        let key = (rule, table, source, status, text_da, text_en);
        copy_of(
            py,
            &mut self.trace,
            key,
            |(rule, table, source, status, da, en)| {
                // Empty sources and texts are left out, as in the JSON (by reference, all are).
                let out = PyDict::new(py);
                out.set_item(intern!(py, "rule"), rule)?;
                out.set_item(intern!(py, "table"), table)?;
                if !source.is_empty() {
                    out.set_item(intern!(py, "source"), source)?;
                }
                out.set_item(intern!(py, "status"), words.get(py, status.as_str()))?;
                if !da.is_empty() {
                    out.set_item(intern!(py, "text_da"), da)?;
                }
                if !en.is_empty() {
                    out.set_item(intern!(py, "text_en"), en)?;
                }
                Ok(out)
            },
        )
    }
}
