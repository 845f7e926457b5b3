//! The floor: the default rule set (`norddjurs-2021`, version `2025-07-01`) written by hand as
//! plain Rust, as a programmer would without a rule engine. It does the same work per case that
//! [`helhed::RuleSet::decide`] does — age from the birth date, the folkepension age of the birth
//! cohort, the sectors of the efforts active on the date — and returns the same answer: the
//! routing row, the target group and the obligation rows. [`crate::Population::check_floor`]
//! proves it agrees with the engine on every benchmark case.

use chrono::{Datelike, NaiveDate};
use helhed::age::{age_on, LeapDayBirthday};
use helhed::{Benefit, Case, EducationStatus, Sector, SocialEvent};

/// The answer of the hand-written rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    /// Index in the rule set's routing table.
    pub routing_row: u8,
    /// Target-group membership.
    pub target_group: bool,
    /// Bit `i`: obligation row `i` of the rule set applies.
    pub obligations: u16,
}

const SEL: u8 = 1 << Sector::Sel as u8;
const LAB: u8 = 1 << Sector::Lab as u8;
const BARNETS_LOV: u8 = 1 << Sector::BarnetsLov as u8;
const EDUCATION: u8 = 1 << Sector::Education as u8;
const SOCIAL: u8 = SEL | BARNETS_LOV;
const EMPLOYMENT_EDUCATION: u8 = LAB | EDUCATION;

const UNGE: u8 = 0;
const ARBEJDSMARKED: u8 = 1;
const SOCIALOMRAADET: u8 = 2;
const OUT_OF_SCOPE: u8 = 3;

/// The unit of each routing row (in the rule file's order).
const UNIT_OF_ROW: [u8; 19] = [
    OUT_OF_SCOPE,   // routing.under-15
    SOCIALOMRAADET, // routing.pension
    ARBEJDSMARKED,  // routing.fleksjob
    ARBEJDSMARKED,  // routing.ledighedsydelse
    UNGE,           // routing.youth-target-group
    UNGE,           // routing.youth
    UNGE,           // routing.young-adult-target-group
    UNGE,           // routing.young-adult
    UNGE,           // routing.young-adult-uddannelseshjaelp (version 2022-03-01 only)
    UNGE,           // routing.young-adult-kontanthjaelp
    SOCIALOMRAADET, // routing.young-adult-social-only
    ARBEJDSMARKED,  // routing.young-adult-other
    ARBEJDSMARKED,  // routing.adult-joint-plan
    ARBEJDSMARKED,  // routing.adult-joint-plan-chosen-events
    ARBEJDSMARKED,  // routing.adult-target-group
    SOCIALOMRAADET, // routing.adult-social-only
    ARBEJDSMARKED,  // routing.adult-employment-effort
    ARBEJDSMARKED,  // routing.adult-contact-benefit
    OUT_OF_SCOPE,   // routing.no-active-case
];

/// The folkepension age of a birth cohort (pensionsloven § 1 a, as in the rule file).
fn folkepension_age(birth: NaiveDate) -> u32 {
    match birth.year() {
        ..=1954 => 66,
        1955 if birth.month() <= 6 => 66,
        1955..=1962 => 67,
        1963..=1966 => 68,
        1967..=1970 => 69,
        _ => 70,
    }
}

/// Routes `case` on `date` (on or after 1 July 2025) by hand. `None` before the birth date.
#[inline]
pub fn route(case: &Case, date: NaiveDate) -> Option<Answer> {
    let age = age_on(case.birth_date, date, LeapDayBirthday::March1)?;
    let mut efforts = 0u8;
    for effort in &case.efforts {
        if effort.is_active_on(date) {
            efforts |= 1 << effort.sector as u8;
        }
    }
    let sectors = efforts | case.needs.bits() as u8;
    let benefit = case.benefit;
    let pension = matches!(benefit, Benefit::Foertidspension | Benefit::Folkepension);
    let contact = matches!(
        benefit,
        Benefit::Uddannelseshjaelp
            | Benefit::Kontanthjaelp
            | Benefit::Sygedagpenge
            | Benefit::Ressourceforloebsydelse
            | Benefit::Ledighedsydelse
    );
    let no_activity = case.education_status == EducationStatus::None;

    let target_group = if age < 15
        || pension
        || case.fleksjob.on(date)
        || benefit == Benefit::Ledighedsydelse
        || age >= folkepension_age(case.birth_date)
    {
        false
    } else if sectors & SOCIAL != 0 && sectors & EMPLOYMENT_EDUCATION != 0 {
        true
    } else {
        age < 18 && sectors & SOCIAL != 0 && no_activity
    };

    let events = case.social_events;
    let social_only = efforts & SOCIAL != 0 && efforts & EMPLOYMENT_EDUCATION == 0;
    let routing_row: u8 = match () {
        _ if age < 15 => 0,
        _ if pension => 1,
        _ if case.fleksjob.on(date) => 2,
        _ if benefit == Benefit::Ledighedsydelse => 3,
        _ if age < 18 => {
            if target_group {
                4
            } else {
                5
            }
        }
        _ if age < 30 && target_group => 6,
        _ if age < 25 => 7,
        _ if age < 30
            && matches!(benefit, Benefit::Kontanthjaelp | Benefit::Uddannelseshjaelp)
            && !case.vocational_education =>
        {
            9
        }
        _ if age < 30 && social_only => 10,
        _ if age < 30 => 11,
        _ if target_group && events.contains(SocialEvent::Homelessness) => 12,
        _ if target_group
            && (events.contains(SocialEvent::Eviction)
                || events.contains(SocialEvent::Violence)
                || events.contains(SocialEvent::ReleaseFromPrison)) =>
        {
            13
        }
        _ if target_group => 14,
        _ if social_only => 15,
        _ if efforts & LAB != 0 => 16,
        _ if contact => 17,
        _ => 18,
    };
    let unit = UNIT_OF_ROW[routing_row as usize];

    let youth = (15..18).contains(&age);
    let mut obligations = 0u16;
    let mut set = |bit: u16, holds: bool| obligations |= (holds as u16) << bit;
    set(0, youth && no_activity);
    set(1, contact && unit == UNGE);
    set(2, contact && unit == ARBEJDSMARKED);
    set(3, contact && unit == SOCIALOMRAADET);
    set(4, target_group && unit == UNGE);
    set(5, target_group && unit == ARBEJDSMARKED);
    set(6, target_group && unit == UNGE);
    set(7, target_group && unit == ARBEJDSMARKED);
    set(8, youth);
    set(9, age == 17 && case.placed.on(date));
    Some(Answer {
        routing_row,
        target_group,
        obligations,
    })
}
