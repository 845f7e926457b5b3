//! The case: the facts of one citizen's situation, as the v1 JSON contract gives them.
//!
//! [`CaseInput`] is the document exactly as hosts send it (and the source of its JSON Schema);
//! [`Case`] is the validated form the rules run on: the birth date is known (derived from the CPR
//! number, which is then dropped), and every list is checked.

use crate::cpr::{birth_date_from_cpr, CprError};
use crate::error::{InputError, CASE_FIELDS};
use crate::objects::object_only;
use crate::vocab::{
    Benefit, EducationStatus, EnumSet, LegalCapacity, PlanKind, Sector, SocialEvent,
    VisitationCategory, VisitationOutcome,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One effort (indsats) granted under a law, active from `start` to `end` (inclusive, open if null).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
#[schemars(rename = "Effort")]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Effort {
    /// The legal area the effort is granted under.
    pub sector: Sector,
    /// The law, e.g. `SEL`.
    #[serde(default)]
    pub law: Option<String>,
    /// The section, e.g. `§ 85`.
    #[serde(default)]
    pub section: Option<String>,
    /// What the effort is, e.g. `bostøtte`.
    #[serde(default)]
    pub kind: Option<String>,
    /// First day the effort is active.
    #[serde(with = "crate::date::iso")]
    #[schemars(schema_with = "crate::date::schema")]
    pub start: NaiveDate,
    /// Last day the effort is active; null while it is open-ended.
    #[serde(default)]
    #[serde(with = "crate::date::iso_option")]
    #[schemars(schema_with = "crate::date::option_schema")]
    pub end: Option<NaiveDate>,
}

object_only!(Effort, "an effort object");

impl Effort {
    /// Whether the effort is active on `date`: `start <= date` and (`end` is null or `date <= end`).
    pub fn is_active_on(&self, date: NaiveDate) -> bool {
        self.start <= date && self.end.is_none_or(|end| date <= end)
    }
}

/// A period a status holds: from `from` to `to` (inclusive; open-ended while `to` is null).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
#[schemars(rename = "Period")]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Period {
    /// First day the status holds.
    #[serde(with = "crate::date::iso")]
    #[schemars(schema_with = "crate::date::schema")]
    pub from: NaiveDate,
    /// Last day the status holds; null while it is open-ended.
    #[serde(default)]
    #[serde(with = "crate::date::iso_option")]
    #[schemars(schema_with = "crate::date::option_schema")]
    pub to: Option<NaiveDate>,
}

object_only!(Period, "a period object {from, to}");

/// A yes/no status of the case (fleksjob, placed, aftercare): `true`/`false` when the host does
/// not know or give its dates, or the period it holds, so that transitions see it begin and end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "DatedFlag")]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub enum DatedFlag {
    /// Holds (or not) on every date.
    Flag(bool),
    /// Holds from `from` to `to`.
    During(Period),
}

impl Default for DatedFlag {
    fn default() -> Self {
        DatedFlag::Flag(false)
    }
}

impl From<bool> for DatedFlag {
    fn from(value: bool) -> Self {
        DatedFlag::Flag(value)
    }
}

impl DatedFlag {
    /// Whether the status holds on `date`.
    pub fn on(&self, date: NaiveDate) -> bool {
        match *self {
            DatedFlag::Flag(value) => value,
            DatedFlag::During(p) => p.from <= date && p.to.is_none_or(|to| date <= to),
        }
    }

    /// The dates on which the status changes: its first day, and the day after its last.
    pub fn changes(&self) -> [Option<NaiveDate>; 2] {
        match *self {
            DatedFlag::Flag(_) => [None, None],
            DatedFlag::During(p) => [
                Some(p.from),
                p.to.and_then(|to| to.checked_add_days(chrono::Days::new(1))),
            ],
        }
    }
}

/// The municipality's visitation of the citizen to the target group: screened in or out, on a
/// date. It counts from that date on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
#[schemars(rename = "Visitation")]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Visitation {
    /// Screened in or out.
    pub outcome: VisitationOutcome,
    /// The day of the decision.
    #[serde(with = "crate::date::iso")]
    #[schemars(schema_with = "crate::date::schema")]
    pub date: NaiveDate,
}

object_only!(Visitation, "a visitation object {outcome, date}");

impl Visitation {
    /// The outcome, if the visitation had taken place by `date`.
    pub fn on(&self, date: NaiveDate) -> Option<VisitationOutcome> {
        (self.date <= date).then_some(self.outcome)
    }
}

/// A case's top-level fields in the contract's order: the CSV header `helhed synth` writes and
/// the columns a host's table of cases (CSV, Arrow) may have.
pub const CASE_FIELD_NAMES: &[&str] = &[
    "id",
    "birth_date",
    "cpr",
    "benefit",
    "fleksjob",
    "placed",
    "aftercare",
    "efforts",
    "needs",
    "social_events",
    "education_status",
    "vocational_education",
    "plans",
    "legal_capacity",
    "visitation_category",
    "visitation",
];

/// The case document as a host sends it (v1 contract). Exactly one of `birth_date` and `cpr`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(remote = "Self", deny_unknown_fields)]
#[schemars(
    rename = "CaseInput",
    title = "Case",
    description = "The facts of one citizen's situation (helhed v1)."
)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct CaseInput {
    /// The host's opaque reference; echoed back; never a CPR number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Birth date; exactly one of `birth_date` and `cpr` is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(with = "crate::date::iso_option")]
    #[schemars(schema_with = "crate::date::option_schema")]
    pub birth_date: Option<NaiveDate>,
    /// CPR number `DDMMYY-SSSS` or `DDMMYYSSSS`, used only to derive the birth date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{6}-?[0-9]{4}$"))]
    pub cpr: Option<String>,
    /// The benefit the citizen receives.
    pub benefit: Benefit,
    /// Granted (visiteret) a flex job: `true`/`false`, or the period `{from, to}`.
    #[serde(default)]
    pub fleksjob: DatedFlag,
    /// Placed outside the home (anbragt): `true`/`false`, or the period `{from, to}`.
    #[serde(default)]
    pub placed: DatedFlag,
    /// Receives efterværn / ungestøtte: `true`/`false`, or the period `{from, to}`.
    #[serde(default)]
    pub aftercare: DatedFlag,
    /// Efforts granted, active or not.
    pub efforts: Vec<Effort>,
    /// Sectors the municipality assesses the citizen needs efforts from, not yet granted.
    #[serde(default)]
    pub needs: EnumSet<Sector>,
    /// Social events in the citizen's life.
    #[serde(default)]
    pub social_events: EnumSet<SocialEvent>,
    /// What a young person is doing (education duty).
    #[serde(default = "default_education_status")]
    pub education_status: EducationStatus,
    /// Has a vocational qualification (erhvervskompetencegivende uddannelse).
    #[serde(default)]
    pub vocational_education: bool,
    /// Sector plans the citizen already has.
    #[serde(default)]
    pub plans: EnumSet<PlanKind>,
    /// Whether the citizen acts alone or through a guardian or attorney.
    #[serde(default = "default_legal_capacity")]
    pub legal_capacity: LegalCapacity,
    /// The jobcenter's visitation category, if the citizen has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitation_category: Option<VisitationCategory>,
    /// The municipality's visitation to the target group (screened in or out, on a date), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitation: Option<Visitation>,
}

object_only!(CaseInput, "a case object");

fn default_education_status() -> EducationStatus {
    EducationStatus::None
}
fn default_legal_capacity() -> LegalCapacity {
    LegalCapacity::Full
}

/// A validated case: the facts the rules run on. It holds no CPR number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The host's opaque reference.
    pub id: Option<String>,
    /// Birth date (given, or derived from the CPR number).
    pub birth_date: NaiveDate,
    /// The benefit the citizen receives.
    pub benefit: Benefit,
    /// Granted a flex job (always, never, or in a period).
    pub fleksjob: DatedFlag,
    /// Placed outside the home (always, never, or in a period).
    pub placed: DatedFlag,
    /// Receives efterværn / ungestøtte (always, never, or in a period).
    pub aftercare: DatedFlag,
    /// Efforts granted, active or not.
    pub efforts: Vec<Effort>,
    /// Sectors with an assessed need not yet granted.
    pub needs: EnumSet<Sector>,
    /// Social events.
    pub social_events: EnumSet<SocialEvent>,
    /// Education status.
    pub education_status: EducationStatus,
    /// Has a vocational qualification.
    pub vocational_education: bool,
    /// Sector plans the citizen has.
    pub plans: EnumSet<PlanKind>,
    /// Legal capacity.
    pub legal_capacity: LegalCapacity,
    /// The jobcenter's visitation category, if any.
    pub visitation_category: Option<VisitationCategory>,
    /// The visitation to the target group, if any.
    pub visitation: Option<Visitation>,
}

impl Case {
    /// A case with only a birth date, every other field at the contract's default: no benefit,
    /// flags, efforts, needs, social events, plans or visitation; education status `none`; full
    /// legal capacity. Hosts and tools that build a case field by field start from it.
    pub fn born(birth_date: NaiveDate) -> Case {
        Case {
            id: None,
            birth_date,
            benefit: Benefit::None,
            fleksjob: DatedFlag::Flag(false),
            placed: DatedFlag::Flag(false),
            aftercare: DatedFlag::Flag(false),
            efforts: Vec::new(),
            needs: EnumSet::empty(),
            social_events: EnumSet::empty(),
            education_status: default_education_status(),
            vocational_education: false,
            plans: EnumSet::empty(),
            legal_capacity: default_legal_capacity(),
            visitation_category: None,
            visitation: None,
        }
    }

    /// Parses and validates one case from JSON text.
    pub fn from_json(text: &str) -> Result<Case, InputError> {
        CaseInput::from_json(text)?.validate()
    }

    /// Validates an already-deserialised JSON value.
    pub fn from_value(value: &serde_json::Value) -> Result<Case, InputError> {
        CaseInput::from_value(value)?.validate()
    }

    /// The sectors of the efforts active on `date`.
    pub fn effort_sectors_on(&self, date: NaiveDate) -> EnumSet<Sector> {
        let mut set = EnumSet::empty();
        for effort in &self.efforts {
            if effort.is_active_on(date) {
                set.insert(effort.sector);
            }
        }
        set
    }

    /// Back to the contract document (with `birth_date`, never a CPR number).
    pub fn to_input(&self) -> CaseInput {
        CaseInput {
            id: self.id.clone(),
            birth_date: Some(self.birth_date),
            cpr: None,
            benefit: self.benefit,
            fleksjob: self.fleksjob,
            placed: self.placed,
            aftercare: self.aftercare,
            efforts: self.efforts.clone(),
            needs: self.needs,
            social_events: self.social_events,
            education_status: self.education_status,
            vocational_education: self.vocational_education,
            plans: self.plans,
            legal_capacity: self.legal_capacity,
            visitation_category: self.visitation_category,
            visitation: self.visitation,
        }
    }
}

impl CaseInput {
    /// A document with neither a birth date nor a CPR number yet and every other field at the
    /// contract's default, as in [`Case::born`]; a reader of cells or columns fills it in.
    pub fn empty() -> CaseInput {
        CaseInput {
            birth_date: None,
            ..Case::born(NaiveDate::MIN).to_input()
        }
    }

    /// Parses the JSON text of one case document, with errors that name the field: the first
    /// problem in document order. Read by hand (core's `case_read` module), as serde's derived code
    /// read through `serde_path_to_error` did (the tests compare the two).
    pub fn from_json(text: &str) -> Result<CaseInput, InputError> {
        crate::case_read::case(text)
    }

    /// [`CaseInput::from_json`] as serde's derived code read it, for the tests that compare the
    /// two readers.
    #[cfg(test)]
    pub(crate) fn from_json_serde(text: &str) -> Result<CaseInput, InputError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let input: CaseInput = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| InputError::from_serde(e, &CASE_FIELDS, Some(text)))?;
        de.end().map_err(|e| InputError::from_json_syntax(&e))?;
        Ok(input)
    }

    /// Reads one case document from a JSON value, with errors that name the field.
    pub fn from_value(value: &serde_json::Value) -> Result<CaseInput, InputError> {
        serde_path_to_error::deserialize(value)
            .map_err(|e| InputError::from_serde(e, &CASE_FIELDS, None))
    }

    /// Checks the document and derives the birth date. The CPR number is dropped here.
    pub fn validate(self) -> Result<Case, InputError> {
        let birth_date = check_case_parts(
            self.id.as_deref(),
            self.birth_date,
            self.cpr.as_deref(),
            [&self.fleksjob, &self.placed, &self.aftercare],
            self.efforts.iter().map(|e| (e.start, e.end)),
        )?;
        Ok(Case {
            id: self.id,
            birth_date,
            benefit: self.benefit,
            fleksjob: self.fleksjob,
            placed: self.placed,
            aftercare: self.aftercare,
            efforts: self.efforts,
            needs: self.needs,
            social_events: self.social_events,
            education_status: self.education_status,
            vocational_education: self.vocational_education,
            plans: self.plans,
            legal_capacity: self.legal_capacity,
            visitation_category: self.visitation_category,
            visitation: self.visitation,
        })
    }
}

/// The checks of [`CaseInput::validate`] on a case's parts, in its order, so the first problem
/// found is the error it gives: the `id` holds no CPR number; exactly one of `birth_date` and
/// `cpr` is given (a CPR number must be valid); no period of `fleksjob`, `placed`, `aftercare`
/// (in that order) ends before it starts; no effort (`(start, end)` in list order) ends before it
/// starts. Returns the birth date (given, or the CPR number's). For hosts that read a case's
/// fields without building a [`CaseInput`], e.g. straight into [`crate::CaseColumns`].
pub fn check_case_parts(
    id: Option<&str>,
    birth_date: Option<NaiveDate>,
    cpr: Option<&str>,
    flags: [&DatedFlag; 3],
    efforts: impl IntoIterator<Item = (NaiveDate, Option<NaiveDate>)>,
) -> Result<NaiveDate, InputError> {
    if id.is_some_and(looks_like_cpr) {
        return Err(InputError::IdLooksLikeCpr { field: "id" });
    }
    let birth_date = match (birth_date, cpr) {
        (Some(_), Some(_)) => return Err(InputError::BirthDateAndCpr),
        (None, None) => return Err(InputError::NoBirthDate),
        (Some(date), None) => date,
        (None, Some(cpr)) => birth_date_from_cpr(cpr).map_err(InputError::Cpr)?,
    };
    for (name, flag) in ["fleksjob", "placed", "aftercare"].into_iter().zip(flags) {
        if let DatedFlag::During(Period { from, to: Some(to) }) = flag {
            if to < from {
                return Err(InputError::PeriodEndsBeforeStart {
                    field: format!("{name}.to"),
                });
            }
        }
    }
    for (i, (start, end)) in efforts.into_iter().enumerate() {
        if end.is_some_and(|end| end < start) {
            return Err(InputError::EffortEndsBeforeStart {
                field: format!("efforts[{i}].end"),
            });
        }
    }
    Ok(birth_date)
}

/// Whether a text contains something that could be a CPR number (see
/// [`crate::cpr::find_cpr`] for the spellings found: ten digits in a row or inside a longer run
/// of digits, or six digits, a separator and four digits), whose first six digits are a date, as
/// every CPR number's are. It allocates nothing, so routing can check every case's id.
#[inline]
pub fn looks_like_cpr(text: &str) -> bool {
    crate::cpr::contains_cpr(text.as_bytes())
}

impl From<CprError> for InputError {
    fn from(e: CprError) -> Self {
        InputError::Cpr(e)
    }
}
