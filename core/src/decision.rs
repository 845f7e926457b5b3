//! The decision: the output of routing, as the v1 JSON contract gives it.

use crate::vocab::{AgeBand, ObligationKind, Status, Unit};
use chrono::NaiveDate;
use serde::Serialize;

/// Which rule set decided: an auditor reloads it by id and checks the hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct RuleSetRef {
    /// Rule-set id.
    pub id: String,
    /// The version in force on `as_of`.
    pub version: String,
    /// SHA-256 of the rule file's bytes.
    pub sha256: String,
}

/// Something a unit must do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Obligation {
    /// What must be done.
    pub kind: ObligationKind,
    /// Who must do it.
    pub unit: Unit,
    /// The legal reference for the duty.
    pub reference: String,
}

/// The next date on which the answer changes if nothing else does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Transition {
    /// The first day of the new answer.
    pub date: NaiveDate,
    /// The unit from that day.
    pub unit: Unit,
    /// Target-group membership from that day.
    pub target_group: bool,
    /// Why the answer changes, in English (e.g. `turns 18`).
    pub reason: String,
    /// Why the answer changes, in Danish.
    pub reason_da: String,
}

/// One row that decided, with its citation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct TraceEntry {
    /// Row (or version, or parameter) id.
    pub rule: String,
    /// `versions`, `parameters`, `target_group`, `routing` or `obligations`.
    pub table: String,
    /// Seed file, or law and section.
    pub source: String,
    /// `source` or `assumption`.
    pub status: Status,
    /// The rule in Danish.
    pub text_da: String,
    /// The rule in English.
    pub text_en: String,
}

/// The decision for one case on one date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[schemars(
    title = "Decision",
    description = "The routing decision for one case on one date (helhed v1)."
)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Decision {
    /// The input `id`, if any.
    pub case_id: Option<String>,
    /// The date the decision is for.
    pub as_of: NaiveDate,
    /// The rule set used.
    pub rule_set: RuleSetRef,
    /// Whole years on `as_of`.
    pub age: u32,
    /// The age band.
    pub age_band: AgeBand,
    /// Whether the citizen is in the holistic effort's target group.
    pub target_group: bool,
    /// The responsible unit.
    pub unit: Unit,
    /// The unit whose caseworker coordinates, if any.
    pub coordinating_unit: Option<Unit>,
    /// Other units granting efforts alongside.
    pub co_units: Vec<Unit>,
    /// Number of caseworkers: 0, 1 or 2.
    pub caseworkers: u8,
    /// Where a contested placement is decided, if the rule set names one.
    pub forum: Option<String>,
    /// Who must do what.
    pub obligations: Vec<Obligation>,
    /// When the answer next changes, if it does.
    pub next_transition: Option<Transition>,
    /// The rows that decided, in order (empty when the trace is off).
    pub trace: Vec<TraceEntry>,
}
