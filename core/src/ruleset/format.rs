//! The rule file as written: TOML, read with unknown fields rejected.
//!
//! See `rules/README.md` for the format with a worked example. These types mirror the file; the
//! compiler ([`super::compile`]) checks what the types cannot (facts, values, parameters, periods).

use crate::age::LeapDayBirthday;
use crate::vocab::{ObligationKind, Status, Unit};
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// A TOML date (`2022-03-01`, unquoted) read as a calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileDate(pub NaiveDate);

impl<'de> Deserialize<'de> for FileDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = toml::value::Datetime::deserialize(deserializer)?;
        match (value.date, value.time, value.offset) {
            (Some(d), None, None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                    .map(FileDate)
                    .ok_or_else(|| D::Error::custom("not a calendar date"))
            }
            _ => Err(D::Error::custom(
                "expected a date such as 2022-03-01, without a time",
            )),
        }
    }
}

/// A whole rule file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Stable id, e.g. `norddjurs-2021`.
    pub id: String,
    /// Title in plain words.
    pub title: String,
    /// The municipality (or `national`).
    pub municipality: String,
    /// Longer description: what the model is and where it comes from.
    #[serde(default)]
    pub description: Option<String>,
    /// Id of a rule set this one extends: what is not given here is taken from it.
    #[serde(default)]
    pub extends: Option<String>,
    /// The documents the rows cite.
    #[serde(default)]
    pub sources: Vec<SourceDef>,
    /// Dated versions; a decision uses the one in force on its date.
    #[serde(default)]
    pub versions: Option<Vec<VersionDef>>,
    /// Dated parameters by name.
    #[serde(default)]
    pub parameters: BTreeMap<String, ParameterDef>,
    /// Target-group table (first match wins).
    #[serde(default)]
    pub target_group: Option<Vec<RowDef<TargetGroupThen>>>,
    /// Routing table (first match wins).
    #[serde(default)]
    pub routing: Option<Vec<RowDef<RoutingThen>>>,
    /// Obligations table (every match applies).
    #[serde(default)]
    pub obligations: Option<Vec<RowDef<ObligationThen>>>,
}

/// A document the rule set cites.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDef {
    /// How rows cite it, e.g. `seed 001_2c3fbfbc16702f80.txt` or `pensionsloven § 1 a`.
    pub id: String,
    /// What it is.
    pub title: String,
}

/// A dated version of the rule set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionDef {
    /// Version id, e.g. `2025-07-01`.
    pub id: String,
    /// First day in force.
    pub from: FileDate,
    /// Last day in force (open-ended if absent).
    #[serde(default)]
    pub until: Option<FileDate>,
    /// Why this version exists.
    #[serde(default)]
    pub source: Option<String>,
    /// `source` or `assumption`.
    #[serde(default)]
    pub status: Option<Status>,
    /// What changed, in Danish.
    #[serde(default)]
    pub text_da: Option<String>,
    /// What changed, in English.
    #[serde(default)]
    pub text_en: Option<String>,
    /// Why the version reads as it does (for reviewers).
    #[serde(default)]
    pub note: Option<String>,
}

/// A named parameter: dated values, or a table by birth cohort.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterDef {
    /// What the parameter is.
    pub description: String,
    /// Dated values (use this or `cohorts`).
    #[serde(default)]
    pub values: Vec<ParameterValueDef>,
    /// Values by birth date (use this or `values`).
    #[serde(default)]
    pub cohorts: Vec<CohortDef>,
}

/// One dated value of a parameter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterValueDef {
    /// First day the value holds (from the beginning if absent).
    #[serde(default)]
    pub from: Option<FileDate>,
    /// Last day the value holds (open-ended if absent).
    #[serde(default)]
    pub until: Option<FileDate>,
    /// The value: a whole number, a word, or a list of words.
    pub value: toml::Value,
    /// Where the value comes from.
    #[serde(default)]
    pub source: Option<String>,
    /// `source` or `assumption`.
    #[serde(default)]
    pub status: Option<Status>,
    /// Why, where the source needs a word of explanation.
    #[serde(default)]
    pub note: Option<String>,
}

/// One birth cohort's value of a cohort parameter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CohortDef {
    /// First birth date of the cohort (from the beginning if absent).
    #[serde(default)]
    pub born_from: Option<FileDate>,
    /// Last birth date of the cohort (open-ended if absent).
    #[serde(default)]
    pub born_until: Option<FileDate>,
    /// The cohort's value (whole years).
    pub value: u32,
    /// Where the value comes from.
    #[serde(default)]
    pub source: Option<String>,
    /// `source` or `assumption`.
    #[serde(default)]
    pub status: Option<Status>,
    /// Why, where needed.
    #[serde(default)]
    pub note: Option<String>,
}

/// One row of a decision table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowDef<T> {
    /// Stable row id, cited in every trace.
    pub id: String,
    /// Versions the row belongs to (all if absent).
    #[serde(default)]
    pub versions: Option<Vec<String>>,
    /// Conditions, one per fact, all of which must hold (absent: always).
    #[serde(default)]
    pub when: toml::Table,
    /// The outcome.
    pub then: T,
    /// Seed file or law and section.
    #[serde(default)]
    pub source: Option<String>,
    /// `source` or `assumption`.
    #[serde(default)]
    pub status: Option<Status>,
    /// The rule in Danish.
    #[serde(default)]
    pub text_da: Option<String>,
    /// The rule in English.
    #[serde(default)]
    pub text_en: Option<String>,
    /// Why the row reads as it does (for reviewers).
    #[serde(default)]
    pub note: Option<String>,
}

/// Outcome of a target-group row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetGroupThen {
    /// Whether the citizen is in the target group.
    pub target_group: bool,
}

/// Outcome of a routing row.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutingThen {
    /// The responsible unit.
    pub unit: Unit,
    /// The unit whose caseworker coordinates.
    #[serde(default)]
    pub coordinating_unit: Option<Unit>,
    /// Other units granting efforts alongside.
    #[serde(default)]
    pub co_units: Vec<Unit>,
    /// Number of caseworkers (0, 1 or 2).
    #[serde(default)]
    pub caseworkers: u8,
    /// Where a contested placement is decided.
    #[serde(default)]
    pub forum: Option<String>,
}

/// Outcome of an obligations row.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObligationThen {
    /// What must be done.
    pub kind: ObligationKind,
    /// Who must do it.
    pub unit: Unit,
    /// The legal reference for the duty.
    pub reference: String,
}

/// Settings that are not dated (how ages are counted).
pub const LEAP_DAY_PARAMETER: &str = "leap_day_birthday";

/// The parameter that says whether eligibility alone makes a citizen a member of the target group
/// (`eligibility`, the default when absent) or only a visitation does (`visitation`).
pub const MEMBERSHIP_PARAMETER: &str = "membership";

/// Reads the `membership` parameter: `Some(true)` when membership needs a visitation.
pub fn membership_by_visitation(value: &toml::Value) -> Option<bool> {
    match value.as_str()? {
        "eligibility" => Some(false),
        "visitation" => Some(true),
        _ => None,
    }
}

/// Reads a leap-day rule from a parameter value.
pub fn leap_rule(value: &toml::Value) -> Option<LeapDayBirthday> {
    match value.as_str()? {
        "march_1" => Some(LeapDayBirthday::March1),
        "february_28" => Some(LeapDayBirthday::February28),
        _ => None,
    }
}
