//! The plan document (v1 contract): a coordinating plan as hosts send it to be checked.
//!
//! Only `created` and `case` are required: a plan with nothing else in it is well-formed and
//! fails the checks (consent, contents, ...), which is a different thing from a document that is
//! not a plan (wrong types, unknown fields or values, impossible dates), which is an
//! [`InputError`] naming the field.

use crate::case::{looks_like_cpr, CaseInput};
use crate::error::{FieldDocs, InputError, CASE_FIELDS};
use crate::objects::object_only;
use crate::vocab::{Sector, Unit};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Defines a closed vocabulary of the plan document: serde names, `ALL`, `as_str`, `allowed`.
macro_rules! plan_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The contract's strings, in declaration order.
            pub const NAMES: &'static [&'static str] = &[ $( $text ),+ ];

            /// The contract's string for this value.
            pub const fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $text ),+ }
            }

            /// The allowed strings, comma-separated, for error messages.
            pub fn allowed() -> String {
                [$( $text ),+].join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }

        /// Reads the contract's string, with the contract enums' one visitor
        /// ([`crate::vocab::Name`]).
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let index = deserializer.deserialize_str(crate::vocab::Name(Self::NAMES))?;
                Ok(Self::ALL[index])
            }
        }
    };
}

plan_enum! {
    /// Who gave a consent.
    ConsentGiver {
        /// The citizen (for under-18s: the young person).
        Citizen = "citizen",
        /// A guardian (værge).
        Guardian = "guardian",
        /// The holder of a lasting power of attorney (fremtidsfuldmægtig).
        FutureAttorney = "future_attorney",
        /// The custody holder (forældremyndighedsindehaver) of an under-18.
        CustodyHolder = "custody_holder",
    }
}

plan_enum! {
    /// The kind of a goal: overall goal, sub-goal or agreed progression goal.
    GoalKind {
        /// An overall goal (overordnet mål).
        Overall = "overall",
        /// A sub-goal (delmål).
        Sub = "sub",
        /// A progression goal (progressionsmål).
        Progression = "progression",
    }
}

plan_enum! {
    /// The area of life a goal is about.
    GoalArea {
        /// Education.
        Education = "education",
        /// Employment.
        Employment = "employment",
        /// Another agreed activity (for the 15–17 education duty).
        Activity = "activity",
        /// Health.
        Health = "health",
        /// Housing.
        Housing = "housing",
        /// Economy.
        Economy = "economy",
        /// Social life and relations.
        Social = "social",
        /// Anything else.
        Other = "other",
    }
}

plan_enum! {
    /// A sector plan the coordinating plan coordinates.
    SectorPlanKind {
        /// Min Plan (LAB § 40 stk. 1).
        MinPlan = "min_plan",
        /// Rehabiliteringsplan (LAB § 40 stk. 2).
        Rehabiliteringsplan = "rehabiliteringsplan",
        /// Handleplan (SEL § 141).
        Handleplan = "handleplan",
        /// Uddannelsesplan (KUI).
        Uddannelsesplan = "uddannelsesplan",
        /// Ungeplan (Barnets lov § 108); an extension of the v1 list.
        Ungeplan = "ungeplan",
    }
}

plan_enum! {
    /// A day of the week, for weekly schedules.
    Weekday {
        /// Monday.
        Monday = "monday",
        /// Tuesday.
        Tuesday = "tuesday",
        /// Wednesday.
        Wednesday = "wednesday",
        /// Thursday.
        Thursday = "thursday",
        /// Friday.
        Friday = "friday",
        /// Saturday.
        Saturday = "saturday",
        /// Sunday.
        Sunday = "sunday",
    }
}

impl Weekday {
    /// The day's Danish name, for messages.
    pub const fn danish(self) -> &'static str {
        match self {
            Weekday::Monday => "mandag",
            Weekday::Tuesday => "tirsdag",
            Weekday::Wednesday => "onsdag",
            Weekday::Thursday => "torsdag",
            Weekday::Friday => "fredag",
            Weekday::Saturday => "lørdag",
            Weekday::Sunday => "søndag",
        }
    }

    /// The day's English name, for messages.
    pub const fn english(self) -> &'static str {
        match self {
            Weekday::Monday => "Monday",
            Weekday::Tuesday => "Tuesday",
            Weekday::Wednesday => "Wednesday",
            Weekday::Thursday => "Thursday",
            Weekday::Friday => "Friday",
            Weekday::Saturday => "Saturday",
            Weekday::Sunday => "Sunday",
        }
    }
}

/// A time of day `HH:MM` (00:00 to 24:00), stored as minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime(u16);

impl ClockTime {
    /// A time from hours and minutes; `None` outside 00:00–24:00.
    pub fn new(hours: u16, minutes: u16) -> Option<ClockTime> {
        (minutes < 60 && (hours < 24 || (hours == 24 && minutes == 0)))
            .then_some(ClockTime(hours * 60 + minutes))
    }

    /// Minutes after midnight.
    pub const fn minutes(self) -> u16 {
        self.0
    }

    /// Parses `HH:MM` (exactly two digits each).
    pub fn parse(text: &str) -> Option<ClockTime> {
        let bytes = text.as_bytes();
        if bytes.len() != 5 || bytes.get(2) != Some(&b':') {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u16> {
            let part = text.get(range)?;
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        ClockTime::new(number(0..2)?, number(3..5)?)
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        ClockTime::parse(&text).ok_or_else(|| D::Error::custom("expected a time HH:MM"))
    }
}

impl schemars::JsonSchema for ClockTime {
    fn schema_name() -> String {
        "ClockTime".into()
    }

    fn json_schema(_: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        use schemars::schema::{InstanceType, Metadata, SchemaObject, StringValidation};
        SchemaObject {
            metadata: Some(Box::new(Metadata {
                description: Some("A time of day HH:MM, from 00:00 to 24:00.".into()),
                ..Default::default()
            })),
            instance_type: Some(InstanceType::String.into()),
            string: Some(Box::new(StringValidation {
                pattern: Some("^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$".into()),
                ..Default::default()
            })),
            ..Default::default()
        }
        .into()
    }
}

/// A consent to the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
#[schemars(rename = "Consent")]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Consent {
    /// Who consented.
    pub given_by: ConsentGiver,
    /// The day the consent was given; it must be on or before the plan's `created` date.
    #[serde(with = "crate::date::iso")]
    #[schemars(schema_with = "crate::date::schema")]
    pub date: NaiveDate,
    /// The day the consent was withdrawn, or null. A consent withdrawn on or before the check
    /// date (or the closing date of a closed plan) no longer counts.
    #[serde(default)]
    #[serde(with = "crate::date::iso_option")]
    #[schemars(schema_with = "crate::date::option_schema")]
    pub withdrawn: Option<NaiveDate>,
}

object_only!(Consent, "a consent object");

/// A goal of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
#[schemars(rename = "Goal")]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Goal {
    /// The goal in words (never echoed in a report).
    pub text: String,
    /// Overall goal, sub-goal or progression goal.
    pub kind: GoalKind,
    /// The area of life the goal is about.
    pub area: GoalArea,
    /// Whether the citizen agreed to the goal.
    #[serde(default)]
    pub agreed_with_citizen: bool,
    /// When the goal should be reached, or null.
    #[serde(default)]
    #[serde(with = "crate::date::iso_option")]
    #[schemars(schema_with = "crate::date::option_schema")]
    pub deadline: Option<NaiveDate>,
}

object_only!(Goal, "a goal object");

/// One weekly time slot of an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
#[schemars(rename = "ScheduleSlot")]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ScheduleSlot {
    /// The day of the week.
    pub weekday: Weekday,
    /// Start time `HH:MM`.
    pub from: ClockTime,
    /// End time `HH:MM`, after `from`.
    pub to: ClockTime,
}

object_only!(ScheduleSlot, "a weekly slot object");

/// An offer (tilbud) planned under one law.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
#[schemars(rename = "Offer")]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Offer {
    /// The legal area the offer is granted under (the case contract's sector values).
    pub law: Sector,
    /// The section, e.g. `§ 85`.
    #[serde(default)]
    pub section: Option<String>,
    /// What the offer is, e.g. `bostøtte` (never echoed in a report).
    #[serde(default)]
    pub title: Option<String>,
    /// The unit that grants the offer; null when it is granted outside the three units (e.g.
    /// the region's psychiatry).
    #[serde(default)]
    pub unit: Option<Unit>,
    /// First day of the offer.
    #[serde(with = "crate::date::iso")]
    #[schemars(schema_with = "crate::date::schema")]
    pub start: NaiveDate,
    /// Last day of the offer, or null while open-ended.
    #[serde(default)]
    #[serde(with = "crate::date::iso_option")]
    #[schemars(schema_with = "crate::date::option_schema")]
    pub end: Option<NaiveDate>,
    /// The offer's weekly time slots.
    #[serde(default)]
    pub schedule: Vec<ScheduleSlot>,
}

object_only!(Offer, "an offer object");

/// An agreement recorded in the plan's agreement field (aftalefelt).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
#[schemars(rename = "Agreement")]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Agreement {
    /// The agreement in words (never echoed in a report).
    pub text: String,
}

object_only!(Agreement, "an agreement object");

/// A sector plan the coordinating plan coordinates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
#[schemars(rename = "SectorPlan")]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct SectorPlan {
    /// The kind of sector plan.
    pub kind: SectorPlanKind,
    /// The host's reference to the sector plan document, or null.
    #[serde(default)]
    pub reference: Option<String>,
}

object_only!(SectorPlan, "a sector plan object");

/// The coordinating caseworker (koordinerende sagsbehandler).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
#[schemars(rename = "CoordinatingCaseworker")]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct CoordinatingCaseworker {
    /// The unit the caseworker works in.
    pub unit: Unit,
    /// The caseworker's number of cases, or null if not known.
    #[serde(default)]
    pub caseload: Option<u32>,
}

object_only!(CoordinatingCaseworker, "a caseworker object");

/// Another caseworker taking part in the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
#[schemars(rename = "Caseworker")]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Caseworker {
    /// The unit the caseworker works in.
    pub unit: Unit,
    /// Whether this caseworker also coordinates (a plan has exactly one coordinator).
    #[serde(default)]
    pub coordinating: bool,
}

object_only!(Caseworker, "a caseworker object");

/// A follow-up (opfølgning) on the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
#[schemars(rename = "FollowUp")]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct FollowUp {
    /// The day of the follow-up; one after the check date is planned and does not count yet.
    #[serde(with = "crate::date::iso")]
    #[schemars(schema_with = "crate::date::schema")]
    pub date: NaiveDate,
}

object_only!(FollowUp, "a follow-up object");

/// A coordinating plan (koordinerende plan / helhedsorienteret plan), as hosts send it (v1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
#[schemars(
    rename = "Plan",
    title = "Plan",
    description = "A coordinating plan across sectors, to be checked (helhed v1)."
)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Plan {
    /// The host's opaque reference to the case; echoed back; never a CPR number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<String>,
    /// The day the plan was made.
    #[serde(with = "crate::date::iso")]
    #[schemars(schema_with = "crate::date::schema")]
    pub created: NaiveDate,
    /// The citizen's case (a v1 case document); it is routed with the same rule set.
    pub case: CaseInput,
    /// Consents to the plan (some plans need two).
    #[serde(default)]
    pub consents: Vec<Consent>,
    /// Whether the parents (custody holders) object to the plan.
    #[serde(default)]
    pub parents_object: bool,
    /// Whether the (adult) citizen is able to give informed consent (default true). Only when
    /// not may a guardian or a future attorney consent instead (seed 003, proposed stk. 2).
    #[serde(default = "able_to_consent")]
    pub citizen_can_consent: bool,
    /// Whether the citizen took part in making the plan.
    #[serde(default)]
    pub citizen_participated: bool,
    /// Summary of the citizen's whole situation (never echoed in a report).
    #[serde(default)]
    pub summary: Option<String>,
    /// Overall goals, sub-goals and progression goals.
    #[serde(default)]
    pub goals: Vec<Goal>,
    /// The planned offers under each law, in overview.
    #[serde(default)]
    pub offers: Vec<Offer>,
    /// The agreements of the plan.
    #[serde(default)]
    pub agreements: Vec<Agreement>,
    /// The citizen's views and wishes (never echoed in a report).
    #[serde(default)]
    pub citizen_views: Option<String>,
    /// The sector plans the plan coordinates.
    #[serde(default)]
    pub sector_plans: Vec<SectorPlan>,
    /// The coordinating caseworker, or null.
    #[serde(default)]
    pub coordinating_caseworker: Option<CoordinatingCaseworker>,
    /// Other caseworkers taking part.
    #[serde(default)]
    pub caseworkers: Vec<Caseworker>,
    /// Follow-ups held (and planned).
    #[serde(default)]
    pub follow_ups: Vec<FollowUp>,
    /// The day the plan was closed, or null while it is open.
    #[serde(default)]
    #[serde(with = "crate::date::iso_option")]
    #[schemars(schema_with = "crate::date::option_schema")]
    pub closed: Option<NaiveDate>,
}

object_only!(Plan, "a plan object");

fn able_to_consent() -> bool {
    true
}

impl Plan {
    /// Parses the JSON text of one plan and checks that it is a plan (its case included), with
    /// errors that name the field and never hold input values.
    ///
    /// Read by hand (core's `case_read` module), as serde's derived code read through
    /// `serde_path_to_error` did (the tests compare the two).
    pub fn from_json(text: &str) -> Result<Plan, InputError> {
        let plan = crate::case_read::plan(text)?;
        plan.validate()?;
        Ok(plan)
    }

    /// [`Plan::from_json`] as serde's derived code read it, for the tests that compare the two
    /// readers.
    #[cfg(test)]
    pub(crate) fn from_json_serde(text: &str) -> Result<Plan, InputError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let plan: Plan = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| InputError::from_serde(e, &PLAN_FIELDS, Some(text)))?;
        de.end().map_err(|e| InputError::from_json_syntax(&e))?;
        plan.validate()?;
        Ok(plan)
    }

    /// Reads one plan from a JSON value, as [`Plan::from_json`] does.
    pub fn from_value(value: &serde_json::Value) -> Result<Plan, InputError> {
        let plan: Plan = serde_path_to_error::deserialize(value)
            .map_err(|e| InputError::from_serde(e, &PLAN_FIELDS, None))?;
        plan.validate()?;
        Ok(plan)
    }

    /// Checks what the types cannot: the case is a valid case (errors named `case.…`), and
    /// `case_id` is not a CPR number. Returns the validated case.
    pub fn validate(&self) -> Result<crate::Case, InputError> {
        if self.case_id.as_deref().is_some_and(looks_like_cpr) {
            return Err(InputError::IdLooksLikeCpr { field: "case_id" });
        }
        self.case
            .clone()
            .validate()
            .map_err(|error| InputError::Nested {
                parent: "case",
                error: Box::new(error),
            })
    }
}

fn one_of(allowed: String) -> Option<String> {
    Some(format!("one of: {allowed}"))
}

fn units_or_null() -> Option<String> {
    Some(format!("one of: {}; or null", Unit::allowed()))
}

/// The plan document's fields, for error messages. `case.…` paths are the case's.
pub(crate) static PLAN_FIELDS: FieldDocs = FieldDocs {
    describe: |path| {
        if path == "case" {
            return Some("a case object".into());
        }
        if let Some(rest) = path.strip_prefix("case.") {
            return (CASE_FIELDS.describe)(rest);
        }
        match path {
            "" => Some("a JSON object (one plan)".into()),
            "case_id" => Some("a string (an opaque reference, never a CPR number)".into()),
            "created" | "consents[].date" | "offers[].start" | "follow_ups[].date" => {
                Some("a date YYYY-MM-DD".into())
            }
            "consents[].withdrawn" | "goals[].deadline" | "offers[].end" | "closed" => {
                Some("a date YYYY-MM-DD or null".into())
            }
            "consents" => Some("a list of consents {given_by, date, withdrawn}".into()),
            "consents[]" => Some("a consent object {given_by, date, withdrawn}".into()),
            "consents[].given_by" => one_of(ConsentGiver::allowed()),
            "parents_object"
            | "citizen_can_consent"
            | "citizen_participated"
            | "goals[].agreed_with_citizen"
            | "caseworkers[].coordinating" => Some("true or false".into()),
            "summary"
            | "citizen_views"
            | "offers[].section"
            | "offers[].title"
            | "sector_plans[].reference" => Some("a string or null".into()),
            "goals" => {
                Some("a list of goals {text, kind, area, agreed_with_citizen, deadline}".into())
            }
            "goals[]" => {
                Some("a goal object {text, kind, area, agreed_with_citizen, deadline}".into())
            }
            "goals[].text" | "agreements[].text" => Some("a string".into()),
            "goals[].kind" => one_of(GoalKind::allowed()),
            "goals[].area" => one_of(GoalArea::allowed()),
            "offers" => {
                Some("a list of offers {law, section, title, unit, start, end, schedule}".into())
            }
            "offers[]" => {
                Some("an offer object {law, section, title, unit, start, end, schedule}".into())
            }
            "offers[].law" => one_of(Sector::allowed()),
            "offers[].unit" => units_or_null(),
            "offers[].schedule" => Some("a list of weekly slots {weekday, from, to}".into()),
            "offers[].schedule[]" => Some("a weekly slot object {weekday, from, to}".into()),
            "offers[].schedule[].weekday" => one_of(Weekday::allowed()),
            "offers[].schedule[].from" | "offers[].schedule[].to" => {
                Some("a time HH:MM (00:00 to 24:00)".into())
            }
            "agreements" => Some("a list of agreements {text}".into()),
            "agreements[]" => Some("an agreement object {text}".into()),
            "sector_plans" => Some("a list of sector plans {kind, reference}".into()),
            "sector_plans[]" => Some("a sector plan object {kind, reference}".into()),
            "sector_plans[].kind" => one_of(SectorPlanKind::allowed()),
            "coordinating_caseworker" => {
                Some("a caseworker object {unit, caseload} or null".into())
            }
            "coordinating_caseworker.unit" | "caseworkers[].unit" => one_of(Unit::allowed()),
            "coordinating_caseworker.caseload" => {
                Some("a whole number of cases (0 or more) or null".into())
            }
            "caseworkers" => Some("a list of caseworkers {unit, coordinating}".into()),
            "caseworkers[]" => Some("a caseworker object {unit, coordinating}".into()),
            "follow_ups" => Some("a list of follow-ups {date}".into()),
            "follow_ups[]" => Some("a follow-up object {date}".into()),
            _ => None,
        }
    },
    fields_of: |path| {
        if path == "case" {
            return (CASE_FIELDS.fields_of)("");
        }
        if let Some(rest) = path.strip_prefix("case.") {
            return (CASE_FIELDS.fields_of)(rest);
        }
        match path {
            "" => Some("case_id, created, case, consents, parents_object, citizen_can_consent, citizen_participated, summary, goals, offers, agreements, citizen_views, sector_plans, coordinating_caseworker, caseworkers, follow_ups, closed"),
            "consents[]" => Some("given_by, date, withdrawn"),
            "goals[]" => Some("text, kind, area, agreed_with_citizen, deadline"),
            "offers[]" => Some("law, section, title, unit, start, end, schedule"),
            "offers[].schedule[]" => Some("weekday, from, to"),
            "agreements[]" => Some("text"),
            "sector_plans[]" => Some("kind, reference"),
            "coordinating_caseworker" => Some("unit, caseload"),
            "caseworkers[]" => Some("unit, coordinating"),
            "follow_ups[]" => Some("date"),
            _ => None,
        }
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::normalise;

    /// Every path of a plan that uses every field is described for error messages.
    #[test]
    fn every_field_is_described() {
        fn walk(value: &serde_json::Value, path: String, missing: &mut Vec<String>) {
            if (PLAN_FIELDS.describe)(&normalise(&path)).is_none() {
                missing.push(path.clone());
            }
            match value {
                serde_json::Value::Object(map) => {
                    for (k, v) in map {
                        let child = if path.is_empty() {
                            k.clone()
                        } else {
                            format!("{path}.{k}")
                        };
                        walk(v, child, missing);
                    }
                }
                serde_json::Value::Array(items) => {
                    for (i, v) in items.iter().enumerate() {
                        walk(v, format!("{path}[{i}]"), missing);
                    }
                }
                _ => {}
            }
        }
        let plan = serde_json::json!({
            "case_id": "x", "created": "2025-01-10",
            "case": {"id": "c", "birth_date": "2000-01-01", "benefit": "none", "fleksjob": false,
                "placed": false, "aftercare": false,
                "efforts": [{"sector": "sel", "law": "SEL", "section": "§ 85", "kind": "k", "start": "2024-01-01", "end": null}],
                "needs": ["lab"], "social_events": ["debt"], "education_status": "none",
                "vocational_education": false, "plans": ["min_plan"], "legal_capacity": "full"},
            "consents": [{"given_by": "citizen", "date": "2025-01-10", "withdrawn": null}],
            "parents_object": false, "citizen_can_consent": true, "citizen_participated": true, "summary": "s",
            "goals": [{"text": "t", "kind": "overall", "area": "education", "agreed_with_citizen": true, "deadline": null}],
            "offers": [{"law": "lab", "section": "s", "title": "t", "unit": "arbejdsmarked", "start": "2025-01-01", "end": null,
                "schedule": [{"weekday": "monday", "from": "09:00", "to": "10:00"}]}],
            "agreements": [{"text": "a"}], "citizen_views": "v",
            "sector_plans": [{"kind": "min_plan", "reference": "r"}],
            "coordinating_caseworker": {"unit": "arbejdsmarked", "caseload": 3},
            "caseworkers": [{"unit": "socialomraadet", "coordinating": false}],
            "follow_ups": [{"date": "2025-02-01"}], "closed": null
        });
        assert!(Plan::from_value(&plan).is_ok());
        let mut missing = Vec::new();
        walk(&plan, String::new(), &mut missing);
        assert!(missing.is_empty(), "not described: {missing:?}");
        // The schema has exactly the documented top-level fields.
        let fields = (PLAN_FIELDS.fields_of)("").unwrap();
        let keys: Vec<&str> = plan
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut listed: Vec<&str> = fields.split(", ").collect();
        listed.sort_unstable();
        assert_eq!(listed, keys);
    }

    #[test]
    fn clock_times() {
        assert_eq!(ClockTime::parse("09:30").map(ClockTime::minutes), Some(570));
        assert_eq!(
            ClockTime::parse("24:00").map(ClockTime::minutes),
            Some(1440)
        );
        for bad in [
            "24:01",
            "9:30",
            "09:60",
            "0930",
            "09:3a",
            "",
            "+9:30",
            "09:30:00",
            "٠٩:٣٠",
        ] {
            assert_eq!(ClockTime::parse(bad), None, "{bad}");
        }
        assert_eq!(ClockTime::parse("07:05").unwrap().to_string(), "07:05");
    }
}
