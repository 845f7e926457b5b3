//! The floor: the default rule set (`norddjurs-2021`, version `2025-07-01`) written by hand as
//! plain Rust, as a programmer would without a rule engine. It does the same work per case that
//! [`helhed::RuleSet::decide`] does — age from the birth date, the folkepension age of the birth
//! cohort, the sectors of the efforts active on the date, the dated flags and the visitation on
//! the date — and returns the same answer: the routing row, eligibility, target-group membership
//! and the obligation rows. [`crate::Population::check_floor`] proves it agrees with the engine
//! on every benchmark case and on the same cases with the facts `helhed synth` does not draw.
//!
//! Row numbers are indexes in the rule file's tables (`rules/norddjurs-2021.toml`), all versions
//! counted; the rows of other versions are simply never chosen here.

use chrono::{Datelike, NaiveDate};
use helhed::age::{age_on, LeapDayBirthday};
use helhed::{
    Benefit, Case, EducationStatus, Sector, SocialEvent, VisitationCategory, VisitationOutcome,
};

/// The answer of the hand-written rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    /// Index in the rule set's routing table.
    pub routing_row: u8,
    /// Eligibility: the target-group criteria hold.
    pub eligible: bool,
    /// Target-group membership: eligible and screened in by the date.
    pub target_group: bool,
    /// Bit `i`: obligation row `i` of the rule set applies.
    pub obligations: u32,
}

const SEL: u16 = 1 << Sector::Sel as u16;
const LAB: u16 = 1 << Sector::Lab as u16;
const BARNETS_LOV: u16 = 1 << Sector::BarnetsLov as u16;
const EDUCATION: u16 = 1 << Sector::Education as u16;
const SOCIAL: u16 = SEL | BARNETS_LOV;
const EMPLOYMENT_EDUCATION: u16 = LAB | EDUCATION;

const UNGE: u8 = 0;
const ARBEJDSMARKED: u8 = 1;
const SOCIALOMRAADET: u8 = 2;
const OUT_OF_SCOPE: u8 = 3;
const MANUAL_REVIEW: u8 = 4;

/// The unit of each routing row (in the rule file's order).
const UNIT_OF_ROW: [u8; 28] = [
    OUT_OF_SCOPE,   // 0 routing.under-15
    MANUAL_REVIEW,  // 1 routing.implausible-foertidspension-under-18
    MANUAL_REVIEW,  // 2 routing.implausible-folkepension-before-pension-age
    MANUAL_REVIEW,  // 3 routing.implausible-fleksjob-past-pension-age
    MANUAL_REVIEW,  // 4 routing.implausible-benefit-past-pension-age
    SOCIALOMRAADET, // 5 routing.pension
    ARBEJDSMARKED,  // 6 routing.fleksjob-social
    ARBEJDSMARKED,  // 7 routing.fleksjob
    ARBEJDSMARKED,  // 8 routing.ledighedsydelse-social
    ARBEJDSMARKED,  // 9 routing.ledighedsydelse
    UNGE,           // 10 routing.youth-target-group
    UNGE,           // 11 routing.youth
    UNGE,           // 12 routing.young-adult-target-group
    UNGE,           // 13 routing.young-adult-efforts
    UNGE,           // 14 routing.young-adult-contact-benefit
    UNGE,           // 15 routing.young-adult-not-in-education
    UNGE,           // 16 routing.young-adult-uddannelseshjaelp (before 1 July 2025 only)
    UNGE,           // 17 routing.young-adult-kontanthjaelp
    ARBEJDSMARKED,  // 18 routing.adult-joint-plan
    ARBEJDSMARKED,  // 19 routing.adult-joint-plan-chosen-events
    ARBEJDSMARKED,  // 20 routing.adult-target-group
    SOCIALOMRAADET, // 21 routing.adult-social-and-contact-benefit
    SOCIALOMRAADET, // 22 routing.adult-social-only
    ARBEJDSMARKED,  // 23 routing.adult-employment-effort
    ARBEJDSMARKED,  // 24 routing.adult-contact-benefit
    SOCIALOMRAADET, // 25 routing.adult-social-need
    ARBEJDSMARKED,  // 26 routing.adult-employment-need
    OUT_OF_SCOPE,   // 27 routing.no-active-case
];

/// The days of version `2025-07-01`, the one these rules are.
fn in_version(date: NaiveDate) -> bool {
    (NaiveDate::from_ymd_opt(2025, 7, 1)..NaiveDate::from_ymd_opt(2026, 7, 1)).contains(&Some(date))
}

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

/// Routes `case` on `date` by hand. `None` before the birth date, or on a date outside version
/// `2025-07-01` (1 July 2025 to 30 June 2026).
#[inline]
pub fn route(case: &Case, date: NaiveDate) -> Option<Answer> {
    if !in_version(date) {
        return None;
    }
    let age = age_on(case.birth_date, date, LeapDayBirthday::March1)?;
    let mut efforts = 0u16;
    for effort in &case.efforts {
        if effort.is_active_on(date) {
            efforts |= 1 << effort.sector as u16;
        }
    }
    let needs = case.needs.bits();
    let sectors = efforts | needs;
    let benefit = case.benefit;
    let fleksjob = case.fleksjob.on(date);
    let pension_age = age >= folkepension_age(case.birth_date);
    let pension = matches!(benefit, Benefit::Foertidspension | Benefit::Folkepension);
    // contact_course_benefits, also working_age_benefits.
    let contact = matches!(
        benefit,
        Benefit::Uddannelseshjaelp
            | Benefit::Kontanthjaelp
            | Benefit::Sygedagpenge
            | Benefit::Ressourceforloebsydelse
            | Benefit::Ledighedsydelse
    );
    // employment_involvement_benefits: the contact-course benefits but ledighedsydelse.
    let involvement = contact && benefit != Benefit::Ledighedsydelse;
    let no_activity = case.education_status == EducationStatus::None;

    // The target-group table: eligibility.
    let eligible = if age < 15
        || pension
        || fleksjob
        || benefit == Benefit::Ledighedsydelse
        || pension_age
        || sectors & SOCIAL == 0
    {
        false
    } else {
        sectors & EMPLOYMENT_EDUCATION != 0
            || involvement
            || (age < 25 && no_activity && benefit != Benefit::Su)
    };
    // Membership by visitation (the parameter `membership`).
    let visitation = case.visitation.and_then(|v| v.on(date));
    let member = eligible && visitation == Some(VisitationOutcome::ScreenedIn);

    let events = case.social_events;
    let social_effort_no_lab = efforts & SOCIAL != 0 && efforts & LAB == 0;
    let routing_row: u8 = match () {
        _ if age < 15 => 0,
        _ if age < 18 && benefit == Benefit::Foertidspension => 1,
        _ if !pension_age && benefit == Benefit::Folkepension => 2,
        _ if pension_age && fleksjob => 3,
        _ if pension_age && contact => 4,
        _ if pension && sectors != 0 => 5,
        _ if fleksjob && efforts & SOCIAL != 0 => 6,
        _ if fleksjob => 7,
        _ if benefit == Benefit::Ledighedsydelse && efforts & SOCIAL != 0 => 8,
        _ if benefit == Benefit::Ledighedsydelse => 9,
        _ if age < 18 && member => 10,
        _ if age < 18 => 11,
        _ if age < 30 && member => 12,
        _ if age < 25 && sectors != 0 => 13,
        _ if age < 25 && contact => 14,
        _ if age < 25 && no_activity && benefit != Benefit::Su => 15,
        _ if age < 30
            && matches!(benefit, Benefit::Kontanthjaelp | Benefit::Uddannelseshjaelp)
            && !case.vocational_education =>
        {
            17
        }
        _ if member && events.contains(SocialEvent::Homelessness) => 18,
        _ if member
            && (events.contains(SocialEvent::Eviction)
                || events.contains(SocialEvent::Violence)
                || events.contains(SocialEvent::ReleaseFromPrison)) =>
        {
            19
        }
        _ if member => 20,
        _ if social_effort_no_lab && contact => 21,
        _ if social_effort_no_lab => 22,
        _ if efforts & LAB != 0 => 23,
        _ if contact => 24,
        _ if needs & SOCIAL != 0 => 25,
        _ if needs & LAB != 0 => 26,
        _ => 27,
    };
    let unit = UNIT_OF_ROW[routing_row as usize];

    let youth = (15..18).contains(&age);
    let awaiting_visitation = eligible && visitation.is_none();
    let jobsamtale = matches!(
        benefit,
        Benefit::Uddannelseshjaelp | Benefit::Kontanthjaelp | Benefit::Ledighedsydelse
    );
    let follow_up = matches!(
        benefit,
        Benefit::Sygedagpenge | Benefit::Ressourceforloebsydelse
    );
    let lab_category = matches!(
        case.visitation_category,
        Some(
            VisitationCategory::Aktivitetsparat
                | VisitationCategory::Ressourceforloeb
                | VisitationCategory::Jobafklaringsforloeb
        )
    );
    let unit_has_case = matches!(unit, UNGE | ARBEJDSMARKED | SOCIALOMRAADET);
    let mut obligations = 0u32;
    let mut set = |row: u32, holds: bool| obligations |= (holds as u32) << row;
    set(0, youth && no_activity); // education-duty
    set(1, awaiting_visitation && unit == UNGE); // screen-for-target-group-*
    set(2, awaiting_visitation && unit == ARBEJDSMARKED);
    set(3, awaiting_visitation && unit == SOCIALOMRAADET);
    set(4, jobsamtale && unit == UNGE); // lab-contact-* (until 30 June 2026)
    set(5, jobsamtale && unit == ARBEJDSMARKED);
    set(6, jobsamtale && unit == SOCIALOMRAADET);
    set(9, follow_up && unit_has_case); // follow-up-sick-pay-and-ressourceforloeb
    set(10, lab_category && unit == UNGE); // lab-coordinating-caseworker-*
    set(
        11,
        lab_category && (unit == ARBEJDSMARKED || unit == SOCIALOMRAADET),
    );
    set(12, member && unit == UNGE); // offer-plan-*
    set(13, member && unit == ARBEJDSMARKED);
    set(14, member && unit == UNGE); // caseworker-*
    set(15, member && unit == ARBEJDSMARKED);
    set(17, youth); // notifications (Barnets lov)
    set(19, age == 17 && case.placed.on(date)); // decide-aftercare (Barnets lov § 111)
    Some(Answer {
        routing_row,
        eligible,
        target_group: member,
        obligations,
    })
}
