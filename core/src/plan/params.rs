//! The rule-set parameters the plan checks read, and what values they may take.
//!
//! Plan checks take their numbers and their consent semantics from the rule set, dated on the
//! check date:
//!
//! | parameter | kind | meaning |
//! | --- | --- | --- |
//! | `under_18_consent` | word | who consents for an under-18: `custody_holder_and_young_person` (the custody holder, and the young person too from `young_person_consent_from_age`) or `young_person` (the young person alone from `young_person_consent_from_age`; the custody holder below it) |
//! | `young_person_consent_from_age` | whole years | the age from which the young person's own consent is needed (or, under `young_person`, enough) |
//! | `adult_age` | whole years | from this age the citizen (or guardian, or future attorney) consents |
//! | `education_duty_from_age` | whole years | with `adult_age`: the ages that need an education, employment or activity goal |
//! | `caseload_ceiling` | whole number | cases per coordinating caseworker above which a plan gets a warning |
//! | `follow_up_interval_months` | whole months | the longest time between follow-ups |
//! | `social_sectors` | list of sectors | sectors that count as one (social) sector when deciding whether a plan is warranted |
//!
//! Misspelled or out-of-range values are rejected when the rule set loads
//! ([`check_rule_parameter`]); a rule set that lacks one of them can route cases but cannot check
//! plans: [`PlanParams::of`] names the missing parameter.

use crate::error::RuleSetError;
use crate::ruleset::RuleSet;
use crate::vocab::{EnumSet, Sector, Status};
use chrono::NaiveDate;

/// Who consents to an under-18's plan (the rule set's `under_18_consent`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentRule {
    /// The custody holder; and the young person too from `young_person_consent_from_age`
    /// (Barnets lov § 110: both, from 16).
    CustodyHolderAndYoungPerson,
    /// The young person alone from `young_person_consent_from_age`, even when the parents object
    /// (the DS 2017 proposal, from 15); the custody holder below that age.
    YoungPerson,
}

impl ConsentRule {
    /// Every rule, in the order of [`ConsentRule::as_str`]'s words.
    pub const ALL: &'static [ConsentRule] = &[
        ConsentRule::CustodyHolderAndYoungPerson,
        ConsentRule::YoungPerson,
    ];

    /// The rule-file word.
    pub const fn as_str(self) -> &'static str {
        match self {
            ConsentRule::CustodyHolderAndYoungPerson => "custody_holder_and_young_person",
            ConsentRule::YoungPerson => "young_person",
        }
    }

    /// Reads the rule-file word.
    pub fn parse(text: &str) -> Option<ConsentRule> {
        ConsentRule::ALL
            .iter()
            .copied()
            .find(|r| r.as_str() == text)
    }
}

/// The names of the plan parameters.
pub const UNDER_18_CONSENT: &str = "under_18_consent";
/// See the module documentation.
pub const YOUNG_PERSON_CONSENT_FROM_AGE: &str = "young_person_consent_from_age";
/// See the module documentation.
pub const ADULT_AGE: &str = "adult_age";
/// See the module documentation.
pub const EDUCATION_DUTY_FROM_AGE: &str = "education_duty_from_age";
/// See the module documentation.
pub const CASELOAD_CEILING: &str = "caseload_ceiling";
/// See the module documentation.
pub const FOLLOW_UP_INTERVAL_MONTHS: &str = "follow_up_interval_months";
/// See the module documentation.
pub const SOCIAL_SECTORS: &str = "social_sectors";

/// The reason a value of a plan parameter is not acceptable, if it is not (checked at load time).
pub fn check_rule_parameter(name: &str, value: &toml::Value) -> Option<String> {
    let whole = |low: i64, high: i64, what: &str| match value.as_integer() {
        Some(n) if (low..=high).contains(&n) => None,
        _ => Some(format!("value must be {what} from {low} to {high}")),
    };
    match name {
        UNDER_18_CONSENT => match value.as_str().and_then(ConsentRule::parse) {
            Some(_) => None,
            None => Some(format!(
                "value must be one of: {}",
                ConsentRule::ALL
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        },
        YOUNG_PERSON_CONSENT_FROM_AGE => whole(0, 131, "a whole number of years"),
        CASELOAD_CEILING => whole(1, 100_000, "a whole number of cases"),
        FOLLOW_UP_INTERVAL_MONTHS => whole(1, 120, "a whole number of months"),
        _ => None,
    }
}

/// A parameter's value on the check date, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited<T> {
    /// The value.
    pub value: T,
    /// The value's source.
    pub source: String,
    /// Sourced or an assumption.
    pub status: Status,
}

impl<T> Cited<T> {
    /// The source as a violation's reference; an assumption says so.
    pub fn reference(&self) -> String {
        match self.status {
            Status::Source => self.source.clone(),
            Status::Assumption => format!("{} (rule-set assumption)", self.source),
        }
    }
}

/// The plan parameters of a rule set on one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanParams {
    /// Who consents for under-18s.
    pub under_18_consent: Cited<ConsentRule>,
    /// From this age the young person's own consent is needed (or enough).
    pub young_person_consent_from_age: Cited<u32>,
    /// Age of majority for consent.
    pub adult_age: Cited<u32>,
    /// First age of the education duty.
    pub education_duty_from_age: Cited<u32>,
    /// Cases per coordinating caseworker before a warning.
    pub caseload_ceiling: Cited<u32>,
    /// Longest time between follow-ups, in months.
    pub follow_up_interval_months: Cited<u32>,
    /// Sectors that count as one social sector.
    pub social_sectors: EnumSet<Sector>,
}

impl PlanParams {
    /// Reads the plan parameters of `rules` on `date`, naming the first one missing or unusable.
    pub fn of(rules: &RuleSet, date: NaiveDate) -> Result<PlanParams, RuleSetError> {
        let error = |parameter: &str, reason: String| RuleSetError::Parameter {
            file: rules.file.clone(),
            parameter: parameter.to_string(),
            reason,
        };
        let get = |name: &str| {
            rules.parameter_on(name, date).ok_or_else(|| {
                error(
                    name,
                    format!(
                        "no value on {date}; checking a plan needs it (see docs/plan-checks.md)"
                    ),
                )
            })
        };
        let number = |name: &str| -> Result<Cited<u32>, RuleSetError> {
            let p = get(name)?;
            let value = p
                .value
                .as_integer()
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| error(name, "value must be a whole number".into()))?;
            Ok(Cited {
                value,
                source: p.source.clone(),
                status: p.status,
            })
        };
        let consent = get(UNDER_18_CONSENT)?;
        let rule = consent
            .value
            .as_str()
            .and_then(ConsentRule::parse)
            .ok_or_else(|| {
                error(
                    UNDER_18_CONSENT,
                    check_rule_parameter(UNDER_18_CONSENT, &consent.value).unwrap_or_default(),
                )
            })?;
        let social = get(SOCIAL_SECTORS)?;
        let social_sectors = social
            .words
            .as_deref()
            .ok_or_else(|| error(SOCIAL_SECTORS, "value must be a list of sectors".into()))?
            .iter()
            .map(|w| {
                Sector::parse(w).ok_or_else(|| {
                    error(
                        SOCIAL_SECTORS,
                        format!("unknown sector; allowed: {}", Sector::allowed()),
                    )
                })
            })
            .collect::<Result<EnumSet<Sector>, _>>()?;
        Ok(PlanParams {
            under_18_consent: Cited {
                value: rule,
                source: consent.source.clone(),
                status: consent.status,
            },
            young_person_consent_from_age: number(YOUNG_PERSON_CONSENT_FROM_AGE)?,
            adult_age: number(ADULT_AGE)?,
            education_duty_from_age: number(EDUCATION_DUTY_FROM_AGE)?,
            caseload_ceiling: number(CASELOAD_CEILING)?,
            follow_up_interval_months: number(FOLLOW_UP_INTERVAL_MONTHS)?,
            social_sectors,
        })
    }
}
