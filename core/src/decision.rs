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
    /// The first day of the new answer (never after 9999-12-31).
    #[schemars(schema_with = "crate::date::schema")]
    pub date: NaiveDate,
    /// The unit from that day.
    pub unit: Unit,
    /// Eligibility from that day.
    pub eligible: bool,
    /// Target-group membership from that day.
    pub target_group: bool,
    /// Why the answer changes, in English (e.g. `turns 18`).
    pub reason: String,
    /// Why the answer changes, in Danish.
    pub reason_da: String,
    /// The coordinating unit from that day.
    pub coordinating_unit: Option<Unit>,
    /// The number of caseworkers from that day.
    pub caseworkers: u8,
    /// The obligations from that day.
    pub obligations: Vec<Obligation>,
    /// What changes on that day, in contract order.
    pub changes: Vec<Change>,
}

/// A part of the answer that changes on a transition's date.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub enum Change {
    /// The responsible unit.
    Unit,
    /// Eligibility (the rule set's target-group criteria).
    Eligible,
    /// Target-group membership.
    TargetGroup,
    /// The coordinating unit.
    CoordinatingUnit,
    /// The other units granting efforts.
    CoUnits,
    /// The number of caseworkers.
    Caseworkers,
    /// The forum deciding a contested placement.
    Forum,
    /// Who must do what.
    Obligations,
}

impl Change {
    /// Every part, in contract order.
    pub const ALL: [Change; 8] = [
        Change::Unit,
        Change::Eligible,
        Change::TargetGroup,
        Change::CoordinatingUnit,
        Change::CoUnits,
        Change::Caseworkers,
        Change::Forum,
        Change::Obligations,
    ];

    /// The contract's name of the part.
    pub const fn as_str(self) -> &'static str {
        match self {
            Change::Unit => "unit",
            Change::Eligible => "eligible",
            Change::TargetGroup => "target_group",
            Change::CoordinatingUnit => "coordinating_unit",
            Change::CoUnits => "co_units",
            Change::Caseworkers => "caseworkers",
            Change::Forum => "forum",
            Change::Obligations => "obligations",
        }
    }
}

/// One row that decided, with its citation.
///
/// In full (the library's default), an entry has all six fields. By reference (what
/// `helhed route` writes by default, see [`TraceEntry::by_reference`]) it has `rule`, `table`
/// and `status` only: the decision's rule set (id, version, sha256) gives the rest. An empty
/// `source` or text is left out of the JSON. A trace by reference also leaves out the
/// `versions` entry, which `rule_set.version` already names (see
/// [`Decision::with_trace_by_reference`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct TraceEntry {
    /// Row (or version, or parameter) id.
    pub rule: String,
    /// `versions`, `parameters`, `target_group`, `routing` or `obligations`.
    pub table: String,
    /// Seed file, or law and section (left out by reference).
    #[serde(skip_serializing_if = "String::is_empty")]
    #[schemars(default)]
    #[cfg_attr(feature = "tsify", tsify(optional))]
    pub source: String,
    /// `source` or `assumption`.
    pub status: Status,
    /// The rule in Danish (left out by reference).
    #[serde(skip_serializing_if = "String::is_empty")]
    #[schemars(default)]
    #[cfg_attr(feature = "tsify", tsify(optional))]
    pub text_da: String,
    /// The rule in English (left out by reference).
    #[serde(skip_serializing_if = "String::is_empty")]
    #[schemars(default)]
    #[cfg_attr(feature = "tsify", tsify(optional))]
    pub text_en: String,
}

impl TraceEntry {
    /// The entry by reference: `rule`, `table` and `status`, without source and texts.
    pub fn by_reference(&self) -> TraceEntry {
        TraceEntry {
            rule: self.rule.clone(),
            table: self.table.clone(),
            source: String::new(),
            status: self.status,
            text_da: String::new(),
            text_en: String::new(),
        }
    }
}

impl Decision {
    /// The decision with its trace by reference: what `helhed route` writes by default. Each
    /// entry keeps `rule`, `table` and `status` (see [`TraceEntry::by_reference`]), and the
    /// `versions` entry of the version in force is left out: its reference would only repeat
    /// `rule_set.version` (the rule set gives its status, source and texts as for every other
    /// entry). The other entries keep their order.
    pub fn with_trace_by_reference(mut self) -> Decision {
        let version = &self.rule_set.version;
        self.trace
            .retain(|entry| !(entry.table == "versions" && entry.rule == *version));
        for entry in &mut self.trace {
            *entry = entry.by_reference();
        }
        self
    }
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
    #[schemars(schema_with = "crate::date::schema")]
    pub as_of: NaiveDate,
    /// The rule set used.
    pub rule_set: RuleSetRef,
    /// Whole years on `as_of`.
    pub age: u32,
    /// The age band.
    pub age_band: AgeBand,
    /// Whether the rule set's target-group criteria hold for the citizen (eligibility).
    pub eligible: bool,
    /// Whether the citizen is a member of the holistic effort's target group: eligible, and
    /// screened in where the rule set's `membership` needs a visitation.
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
    /// The rows that decided, in order (`[]` when the trace is off). By reference (`helhed
    /// route`'s default) each entry has `rule`, `table` and `status` only, and the `versions`
    /// entry is left out: `rule_set.version` names it.
    pub trace: Vec<TraceEntry>,
}
