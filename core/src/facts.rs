//! Facts: what a rule row may test, derived from a case on a date.
//!
//! The closed list of [`Fact`]s is the vocabulary of rule conditions. Facts from the case are
//! available to every table; `target_group` (the first table's outcome) to routing and
//! obligations; `unit` (routing's outcome) to obligations only.

use crate::age::{age_on, LeapDayBirthday};
use crate::case::Case;
use crate::error::InputError;
use crate::vocab::{
    AgeBand, Benefit, EducationStatus, EnumSet, LegalCapacity, PlanKind, Sector, SocialEvent, Unit,
    VisitationCategory, VisitationOutcome,
};
use chrono::NaiveDate;

/// The type of a fact, which decides the form of a test on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactType {
    /// Whole years (age).
    Int,
    /// `true` or `false`.
    Bool,
    /// One value of a contract enum.
    Enum(&'static [&'static str]),
    /// A set of values of a contract enum.
    Set(&'static [&'static str]),
}

macro_rules! facts {
    ($( $(#[$m:meta])* $variant:ident = $name:literal : $ty:expr ),+ $(,)?) => {
        /// A fact a rule row may test.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Fact { $( $(#[$m])* $variant ),+ }

        impl Fact {
            /// Every fact.
            pub const ALL: &'static [Fact] = &[ $( Fact::$variant ),+ ];
            /// The name used in rule files.
            pub const fn name(self) -> &'static str { match self { $( Fact::$variant => $name ),+ } }
            /// The fact's type.
            pub fn fact_type(self) -> FactType { match self { $( Fact::$variant => $ty ),+ } }
            /// Looks a fact up by its rule-file name.
            pub fn parse(name: &str) -> Option<Fact> { match name { $( $name => Some(Fact::$variant), )+ _ => None } }
        }
    };
}

const fn names<const N: usize>(values: [&'static str; N]) -> [&'static str; N] {
    values
}
static BENEFITS: [&str; 10] = names([
    "none",
    "uddannelseshjaelp",
    "kontanthjaelp",
    "sygedagpenge",
    "ressourceforloebsydelse",
    "ledighedsydelse",
    "foertidspension",
    "folkepension",
    "su",
    "other",
]);
static SECTORS: [&str; 5] = ["sel", "lab", "barnets_lov", "health", "education"];
static EVENTS: [&str; 7] = [
    "homelessness",
    "eviction",
    "substance_abuse",
    "psychiatric_illness",
    "violence",
    "debt",
    "release_from_prison",
];
static EDUCATION: [&str; 4] = ["in_education", "in_employment", "other_activity", "none"];
static PLANS: [&str; 6] = [
    "min_plan",
    "rehabiliteringsplan",
    "handleplan",
    "uddannelsesplan",
    "ungeplan",
    "helhedsorienteret_plan",
];
static CAPACITY: [&str; 3] = ["full", "guardian", "future_power_of_attorney"];
static UNITS: [&str; 5] = [
    "ungeindsatsen",
    "arbejdsmarked",
    "socialomraadet",
    "out_of_scope",
    "manual_review",
];
static BANDS: [&str; 4] = ["under_15", "15_17", "18_29", "30_plus"];
/// `none` (no category given), then the contract's categories.
static CATEGORIES: [&str; 6] = [
    "none",
    "jobparat",
    "uddannelsesparat",
    "aktivitetsparat",
    "ressourceforloeb",
    "jobafklaringsforloeb",
];
/// `none` (no visitation by the date), then the contract's outcomes.
static VISITATIONS: [&str; 3] = ["none", "screened_in", "screened_out"];

facts! {
    /// Whole years on the decision date.
    Age = "age": FactType::Int,
    /// The contract's age band.
    AgeBand = "age_band": FactType::Enum(&BANDS),
    /// The benefit received.
    Benefit = "benefit": FactType::Enum(&BENEFITS),
    /// Granted a flex job.
    Fleksjob = "fleksjob": FactType::Bool,
    /// Placed outside the home.
    Placed = "placed": FactType::Bool,
    /// Receives efterværn / ungestøtte.
    Aftercare = "aftercare": FactType::Bool,
    /// Has a vocational qualification.
    VocationalEducation = "vocational_education": FactType::Bool,
    /// Education status.
    EducationStatus = "education_status": FactType::Enum(&EDUCATION),
    /// Legal capacity.
    LegalCapacity = "legal_capacity": FactType::Enum(&CAPACITY),
    /// Sectors of the efforts active on the date.
    EffortSectors = "effort_sectors": FactType::Set(&SECTORS),
    /// Sectors with an assessed need not yet granted.
    NeedSectors = "need_sectors": FactType::Set(&SECTORS),
    /// Effort sectors and need sectors together.
    Sectors = "sectors": FactType::Set(&SECTORS),
    /// Social events.
    SocialEvents = "social_events": FactType::Set(&EVENTS),
    /// Sector plans the citizen has.
    Plans = "plans": FactType::Set(&PLANS),
    /// The jobcenter's visitation category (`none` when not given).
    VisitationCategory = "visitation_category": FactType::Enum(&CATEGORIES),
    /// The visitation to the target group by the date (`none` when there is none yet).
    Visitation = "visitation": FactType::Enum(&VISITATIONS),
    /// The target-group table's outcome: the rule set's criteria hold (routing and obligations
    /// only).
    Eligible = "eligible": FactType::Bool,
    /// Target-group membership: eligibility, and the visitation where the rule set requires one
    /// (routing and obligations only).
    TargetGroup = "target_group": FactType::Bool,
    /// The routing table's outcome (obligations only).
    Unit = "unit": FactType::Enum(&UNITS),
}

/// Where a fact's value comes from: what the verifier enumerates and what it works out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Read from the case (on the date): an input dimension of its own.
    Case,
    /// Worked out from other facts of the case (named by [`Fact::inputs`]).
    Derived,
    /// The outcome of an earlier table (`eligible`, `target_group`, `unit`).
    Outcome,
}

impl Fact {
    /// Where the fact's value comes from. Every fact not named here is read from the case.
    pub fn origin(self) -> Origin {
        match self {
            Fact::AgeBand | Fact::Sectors => Origin::Derived,
            Fact::Eligible | Fact::TargetGroup | Fact::Unit => Origin::Outcome,
            _ => Origin::Case,
        }
    }

    /// The facts a derived fact is worked out from (empty for the others).
    pub fn inputs(self) -> &'static [Fact] {
        match self {
            Fact::AgeBand => &[Fact::Age],
            Fact::Sectors => &[Fact::EffortSectors, Fact::NeedSectors],
            _ => &[],
        }
    }

    /// A derived fact's lookup index, from the indexes of its inputs (`index[fact as usize]`,
    /// as in the compiled tables); `None` for a fact that is not derived.
    pub fn derive(self, index: &[u16]) -> Option<u16> {
        let at = |f: Fact| index.get(f as usize).copied().unwrap_or(0);
        match self {
            Fact::AgeBand => Some(AgeBand::of_age(u32::from(at(Fact::Age))).index() as u16),
            Fact::Sectors => Some(at(Fact::EffortSectors) | at(Fact::NeedSectors)),
            _ => None,
        }
    }
}

/// The facts of one case on one date, ready for the decision tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    /// Whole years on the date.
    pub age: u32,
    /// The date's age band.
    pub age_band: AgeBand,
    /// The benefit received.
    pub benefit: Benefit,
    /// Granted a flex job.
    pub fleksjob: bool,
    /// Placed outside the home.
    pub placed: bool,
    /// Receives aftercare.
    pub aftercare: bool,
    /// Has a vocational qualification.
    pub vocational_education: bool,
    /// Education status.
    pub education_status: EducationStatus,
    /// Legal capacity.
    pub legal_capacity: LegalCapacity,
    /// Sectors of active efforts.
    pub effort_sectors: EnumSet<Sector>,
    /// Sectors of assessed needs.
    pub need_sectors: EnumSet<Sector>,
    /// Social events.
    pub social_events: EnumSet<SocialEvent>,
    /// Sector plans.
    pub plans: EnumSet<PlanKind>,
    /// The jobcenter's visitation category, if any.
    pub visitation_category: Option<VisitationCategory>,
    /// The visitation to the target group, if it had taken place by the date.
    pub visitation: Option<VisitationOutcome>,
    /// Outcome of the target-group table: eligibility (set while deciding).
    pub eligible: bool,
    /// Target-group membership (set while deciding).
    pub target_group: bool,
    /// Outcome of the routing table (set while deciding).
    pub unit: Unit,
}

impl Facts {
    /// Derives the facts of `case` on `date`. Fails when the date is before the birth date, or
    /// when the case's `id` contains a CPR number: a [`Case`] built in code has not been through
    /// [`crate::CaseInput::validate`], and a decision echoes the id. Neither check allocates.
    pub fn of(case: &Case, date: NaiveDate, leap: LeapDayBirthday) -> Result<Facts, InputError> {
        if case.id.as_deref().is_some_and(crate::case::looks_like_cpr) {
            return Err(InputError::IdLooksLikeCpr { field: "id" });
        }
        Facts::with_checked_id(case, date, leap).ok_or(InputError::AsOfBeforeBirth)
    }

    /// The facts of `case` on `date` for a case whose id is already known not to look like a
    /// CPR number (checked once for many dates); `None` when `date` is before the birth date.
    #[inline(always)]
    pub(crate) fn with_checked_id(
        case: &Case,
        date: NaiveDate,
        leap: LeapDayBirthday,
    ) -> Option<Facts> {
        let age = age_on(case.birth_date, date, leap)?;
        Some(Facts {
            age,
            age_band: AgeBand::of_age(age),
            benefit: case.benefit,
            fleksjob: case.fleksjob.on(date),
            placed: case.placed.on(date),
            aftercare: case.aftercare.on(date),
            vocational_education: case.vocational_education,
            education_status: case.education_status,
            legal_capacity: case.legal_capacity,
            effort_sectors: case.effort_sectors_on(date),
            need_sectors: case.needs,
            social_events: case.social_events,
            plans: case.plans,
            visitation_category: case.visitation_category,
            visitation: case.visitation.and_then(|v| v.on(date)),
            eligible: false,
            target_group: false,
            unit: Unit::ManualReview,
        })
    }

    /// Effort and need sectors together.
    pub fn sectors(&self) -> EnumSet<Sector> {
        self.effort_sectors.union(self.need_sectors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::*;

    #[test]
    fn fact_vocabularies_match_the_contract_enums() {
        let check = |names: &[&str], all: Vec<&str>| assert_eq!(names, all.as_slice());
        check(&BENEFITS, Benefit::ALL.iter().map(|v| v.as_str()).collect());
        check(&SECTORS, Sector::ALL.iter().map(|v| v.as_str()).collect());
        check(
            &EVENTS,
            SocialEvent::ALL.iter().map(|v| v.as_str()).collect(),
        );
        check(
            &EDUCATION,
            EducationStatus::ALL.iter().map(|v| v.as_str()).collect(),
        );
        check(&PLANS, PlanKind::ALL.iter().map(|v| v.as_str()).collect());
        check(
            &CAPACITY,
            LegalCapacity::ALL.iter().map(|v| v.as_str()).collect(),
        );
        check(&UNITS, Unit::ALL.iter().map(|v| v.as_str()).collect());
        check(&BANDS, AgeBand::ALL.iter().map(|v| v.as_str()).collect());
        check(
            &CATEGORIES[1..],
            VisitationCategory::ALL.iter().map(|v| v.as_str()).collect(),
        );
        check(
            &VISITATIONS[1..],
            VisitationOutcome::ALL.iter().map(|v| v.as_str()).collect(),
        );
    }
}
