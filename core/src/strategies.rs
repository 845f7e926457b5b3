//! Proptest strategies for reviewers' own properties (feature `proptest`): valid cases, efforts,
//! plans and dates, covering every value of the contract's vocabularies.
//!
//! ```
//! use helhed::strategies::{case, date};
//! use helhed::RuleSet;
//! use proptest::prelude::*;
//!
//! proptest!(ProptestConfig::with_cases(32), |(case in case(), on in date())| {
//!     prop_assume!(case.birth_date <= on);
//!     let rules = RuleSet::default_rules();
//!     prop_assert!(rules.decide(&case, on).is_ok());
//! });
//! ```

use crate::case::{Case, DatedFlag, Effort, Period, Visitation};
use crate::plan::document::{
    Agreement, Caseworker, Consent, ConsentGiver, CoordinatingCaseworker, FollowUp, Goal, GoalArea,
    GoalKind, Offer, SectorPlan, SectorPlanKind,
};
use crate::plan::Plan;
use crate::vocab::{
    Benefit, EducationStatus, EnumSet, LegalCapacity, PlanKind, Sector, SocialEvent, Unit,
    VisitationCategory, VisitationOutcome,
};
use chrono::{Days, NaiveDate};
use proptest::prelude::*;

fn day(base: NaiveDate, days: u64) -> NaiveDate {
    base.checked_add_days(Days::new(days)).unwrap_or(base)
}

/// Dates from 1 March 2022 (every shipped rule set is in force from then) to 31 December 2040.
pub fn date() -> impl Strategy<Value = NaiveDate> {
    date_between(
        NaiveDate::from_ymd_opt(2022, 3, 1).unwrap_or(NaiveDate::MIN),
        NaiveDate::from_ymd_opt(2040, 12, 31).unwrap_or(NaiveDate::MIN),
    )
}

/// Dates between two dates, both included.
pub fn date_between(from: NaiveDate, to: NaiveDate) -> impl Strategy<Value = NaiveDate> {
    let span = (to - from).num_days().max(0) as u64;
    (0..=span).prop_map(move |d| day(from, d))
}

/// Birth dates from 1940 to 2020 (29 February included).
pub fn birth_date() -> impl Strategy<Value = NaiveDate> {
    let start = NaiveDate::from_ymd_opt(1940, 1, 1).unwrap_or(NaiveDate::MIN);
    prop_oneof![
        9 => (0u64..29_585).prop_map(move |d| day(start, d)),
        1 => (0i32..20).prop_map(|k| NaiveDate::from_ymd_opt(1944 + 4 * k, 2, 29).unwrap_or(NaiveDate::MIN)),
    ]
}

fn one_of<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    (0..all.len()).prop_map(move |i| all[i])
}

/// Efforts of every sector, starting 2015–2040, open-ended or lasting up to eight years.
pub fn effort() -> impl Strategy<Value = Effort> {
    let base = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or(NaiveDate::MIN);
    (
        one_of(Sector::ALL),
        0u64..9000,
        proptest::option::of(0u64..3000),
    )
        .prop_map(move |(sector, start, length)| {
            let start = day(base, start);
            Effort {
                sector,
                law: None,
                section: None,
                kind: Some("generated".into()),
                start,
                end: length.map(|l| day(start, l)),
            }
        })
}

/// A yes/no status (fleksjob, placed, aftercare): `true`, `false`, or a period (2015–2040,
/// open-ended or up to eight years).
pub fn dated_flag() -> impl Strategy<Value = DatedFlag> {
    let base = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or(NaiveDate::MIN);
    prop_oneof![
        2 => any::<bool>().prop_map(DatedFlag::Flag),
        1 => (0u64..9000, proptest::option::of(0u64..3000)).prop_map(move |(from, length)| {
            let from = day(base, from);
            DatedFlag::During(Period {
                from,
                to: length.map(|l| day(from, l)),
            })
        }),
    ]
}

/// A visitation to the target group (screened in or out, 2020–2040), or none.
pub fn visitation() -> impl Strategy<Value = Option<Visitation>> {
    let base = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or(NaiveDate::MIN);
    proptest::option::of((one_of(VisitationOutcome::ALL), 0u64..7300).prop_map(
        move |(outcome, d)| Visitation {
            outcome,
            date: day(base, d),
        },
    ))
}

/// Valid cases: every benefit, dated or plain flag, visitation, education status and legal
/// capacity, any sets of needs, events and plans, up to four efforts.
pub fn case() -> impl Strategy<Value = Case> {
    (
        (
            birth_date(),
            one_of(Benefit::ALL),
            (dated_flag(), dated_flag(), dated_flag(), any::<bool>()),
            proptest::collection::vec(effort(), 0..4),
        ),
        (
            proptest::option::of(one_of(VisitationCategory::ALL)),
            visitation(),
        ),
        (
            0..EnumSet::<Sector>::universe_size() as u16,
            0..EnumSet::<SocialEvent>::universe_size() as u16,
            one_of(EducationStatus::ALL),
            0..EnumSet::<PlanKind>::universe_size() as u16,
            one_of(LegalCapacity::ALL),
        ),
    )
        .prop_map(
            |(
                (birth_date, benefit, (fleksjob, placed, aftercare, vocational), efforts),
                (visitation_category, visitation),
                (needs, events, education, plans, capacity),
            )| {
                Case {
                    id: Some("generated".into()),
                    birth_date,
                    benefit,
                    fleksjob,
                    placed,
                    aftercare,
                    visitation_category,
                    visitation,
                    vocational_education: vocational,
                    efforts,
                    needs: EnumSet::from_bits(needs),
                    social_events: EnumSet::from_bits(events),
                    education_status: education,
                    plans: EnumSet::from_bits(plans),
                    legal_capacity: capacity,
                }
            },
        )
}

/// Coordinating plans with a valid case, created 2022–2030: consents, goals, offers,
/// caseworkers and follow-ups of every kind, in any number (a plan may fail its checks; it is
/// always a well-formed document).
pub fn plan() -> impl Strategy<Value = Plan> {
    let base = NaiveDate::from_ymd_opt(2022, 3, 1).unwrap_or(NaiveDate::MIN);
    (
        (case(), 0u64..3000, any::<[bool; 3]>()),
        (
            proptest::collection::vec((one_of(ConsentGiver::ALL), 0u64..400), 0..3),
            proptest::collection::vec(
                (one_of(GoalKind::ALL), one_of(GoalArea::ALL), any::<bool>()),
                0..4,
            ),
            proptest::collection::vec(effort(), 0..3),
            proptest::collection::vec(one_of(SectorPlanKind::ALL), 0..2),
        ),
        (
            proptest::option::of((one_of(Unit::ALL), proptest::option::of(0u32..60))),
            proptest::collection::vec((one_of(Unit::ALL), any::<bool>()), 0..3),
            proptest::collection::vec(0u64..400, 0..4),
        ),
    )
        .prop_map(
            move |(
                (case, created, flags),
                (consents, goals, offers, sector_plans),
                (coordinator, caseworkers, follow_ups),
            )| {
                let created = day(base, created);
                Plan {
                    case_id: Some("generated".into()),
                    created,
                    case: case.to_input(),
                    consents: consents
                        .into_iter()
                        .map(|(given_by, before)| Consent {
                            given_by,
                            date: created
                                .checked_sub_days(Days::new(before))
                                .unwrap_or(created),
                            withdrawn: None,
                        })
                        .collect(),
                    parents_object: flags[0],
                    citizen_participated: flags[1],
                    citizen_can_consent: flags[2],
                    summary: Some("generated".into()),
                    goals: goals
                        .into_iter()
                        .map(|(kind, area, agreed)| Goal {
                            text: "generated".into(),
                            kind,
                            area,
                            agreed_with_citizen: agreed,
                            deadline: None,
                        })
                        .collect(),
                    offers: offers
                        .into_iter()
                        .map(|e| Offer {
                            law: e.sector,
                            section: None,
                            title: Some("generated".into()),
                            unit: None,
                            start: e.start,
                            end: e.end,
                            schedule: Vec::new(),
                        })
                        .collect(),
                    agreements: vec![Agreement {
                        text: "generated".into(),
                    }],
                    citizen_views: Some("generated".into()),
                    sector_plans: sector_plans
                        .into_iter()
                        .map(|kind| SectorPlan {
                            kind,
                            reference: None,
                        })
                        .collect(),
                    coordinating_caseworker: coordinator
                        .map(|(unit, caseload)| CoordinatingCaseworker { unit, caseload }),
                    caseworkers: caseworkers
                        .into_iter()
                        .map(|(unit, coordinating)| Caseworker { unit, coordinating })
                        .collect(),
                    follow_ups: follow_ups
                        .into_iter()
                        .map(|d| FollowUp {
                            date: day(created, d),
                        })
                        .collect(),
                    closed: None,
                }
            },
        )
}
