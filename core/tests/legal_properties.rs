//! Properties of the shipped rule sets, over generated valid cases — the kind of test a legal
//! reviewer writes. Each property holds for every embedded rule set on every date from the first
//! version to 2040 (where a rule set's sources say otherwise, the property names the exception).

use chrono::NaiveDate;
use helhed::{
    Benefit, Case, DatedFlag, EducationStatus, Effort, LegalCapacity, ObligationKind, Period,
    RouteOptions, RuleSet, Sector, Unit, Visitation, VisitationCategory, VisitationOutcome,
};
use proptest::prelude::*;

fn date(days: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 3, 1).unwrap() + chrono::Days::new(days as u64)
}

fn effort() -> impl Strategy<Value = Effort> {
    (0usize..5, 0i64..6000, proptest::option::of(0i64..3000)).prop_map(|(sector, start, length)| {
        let start = NaiveDate::from_ymd_opt(2018, 1, 1).unwrap() + chrono::Days::new(start as u64);
        Effort {
            sector: Sector::ALL[sector],
            law: None,
            section: None,
            kind: Some("generated".into()),
            start,
            end: length.map(|l| start + chrono::Days::new(l as u64)),
        }
    })
}

/// A yes/no status: undated, or a period between 2018 and 2040.
fn dated_flag() -> impl Strategy<Value = DatedFlag> {
    prop_oneof![
        any::<bool>().prop_map(DatedFlag::Flag),
        (0i64..6000, proptest::option::of(0i64..3000)).prop_map(|(from, length)| {
            let from =
                NaiveDate::from_ymd_opt(2018, 1, 1).unwrap() + chrono::Days::new(from as u64);
            DatedFlag::During(Period {
                from,
                to: length.map(|l| from + chrono::Days::new(l as u64)),
            })
        }),
    ]
}

/// No visitation, or one screened in or out on a day between 2021 and 2032.
fn visitation() -> impl Strategy<Value = Option<Visitation>> {
    proptest::option::of(
        (0usize..2, 0i64..4000).prop_map(|(outcome, day)| Visitation {
            outcome: VisitationOutcome::ALL[outcome],
            date: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap() + chrono::Days::new(day as u64),
        }),
    )
}

/// Valid cases: birth dates from 1940 to 2020, every enum value, up to four efforts, dated and
/// undated flags, with and without a visitation and a visitation category.
fn case() -> impl Strategy<Value = Case> {
    (
        (
            0i64..29_000,
            0usize..Benefit::ALL.len(),
            (dated_flag(), dated_flag(), dated_flag(), any::<bool>()),
            proptest::collection::vec(effort(), 0..4),
        ),
        (0u16..32, 0u16..128, 0usize..4, 0u16..64, 0usize..3),
        (
            proptest::option::of(0usize..VisitationCategory::ALL.len()),
            visitation(),
        ),
    )
        .prop_map(
            |(
                (born, benefit, (fleksjob, placed, aftercare, vocational), efforts),
                (needs, events, education, plans, capacity),
                (category, visitation),
            )| Case {
                id: Some("generated".into()),
                birth_date: NaiveDate::from_ymd_opt(1940, 1, 1).unwrap()
                    + chrono::Days::new(born as u64),
                benefit: Benefit::ALL[benefit],
                fleksjob,
                placed,
                aftercare,
                vocational_education: vocational,
                efforts,
                needs: helhed::vocab::EnumSet::from_bits(needs),
                social_events: helhed::vocab::EnumSet::from_bits(events),
                education_status: EducationStatus::ALL[education],
                plans: helhed::vocab::EnumSet::from_bits(plans),
                legal_capacity: LegalCapacity::ALL[capacity],
                visitation_category: category.map(|c| VisitationCategory::ALL[c]),
                visitation,
            },
        )
}

fn rule_sets() -> &'static [RuleSet] {
    static SETS: std::sync::OnceLock<Vec<RuleSet>> = std::sync::OnceLock::new();
    SETS.get_or_init(|| {
        helhed::ruleset::BUILTIN
            .iter()
            .map(|(id, _, _)| RuleSet::builtin(id).unwrap())
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Every case born before the decision date gets exactly one unit from a rule row: nobody
    /// falls between chairs. `manual_review` comes only from a row for an impossible
    /// combination of facts (`routing.implausible-…`), and the answer is deterministic.
    #[test]
    fn everyone_gets_a_unit(case in case(), day in 0i64..6500) {
        let as_of = date(day);
        prop_assume!(case.birth_date <= as_of);
        for rules in rule_sets() {
            let Ok(decision) = rules.route(&case, as_of, RouteOptions::default()) else { continue };
            let routing_row = decision.trace.iter().find(|t| t.table == "routing").map(|t| t.rule.clone());
            prop_assert!(routing_row.as_deref().is_some_and(|r| r != "no-routing-row"), "{}: no routing row matched", rules.id);
            if decision.unit == Unit::ManualReview {
                prop_assert!(routing_row.unwrap_or_default().starts_with("routing.implausible-"), "{}: manual review without a reason", rules.id);
            }
            prop_assert_eq!(&decision, &rules.route(&case, as_of, RouteOptions::default()).unwrap());
        }
    }

    /// Impossible combinations go to manual review: førtidspension under 18, a flex job or a
    /// working-age benefit past folkepension age (70 is past it for every cohort).
    #[test]
    fn impossible_combinations_need_a_person(case in case(), day in 0i64..6500) {
        let as_of = date(day);
        prop_assume!(case.birth_date <= as_of);
        for rules in rule_sets() {
            let Ok(d) = rules.route(&case, as_of, RouteOptions::default()) else { continue };
            let working_age_benefit = matches!(case.benefit, Benefit::Kontanthjaelp | Benefit::Uddannelseshjaelp | Benefit::Sygedagpenge | Benefit::Ressourceforloebsydelse | Benefit::Ledighedsydelse);
            if (d.age >= 15 && d.age < 18 && case.benefit == Benefit::Foertidspension)
                || (d.age >= 70 && (case.fleksjob.on(as_of) || working_age_benefit))
            {
                prop_assert_eq!(d.unit, Unit::ManualReview, "{}: an impossible case was decided", rules.id);
            }
        }
    }

    /// Membership needs eligibility; under a rule set whose membership needs a visitation, a
    /// member was screened in, and an eligible citizen never screened gets the screening duty.
    #[test]
    fn membership_follows_eligibility_and_visitation(case in case(), day in 0i64..6500) {
        let as_of = date(day);
        prop_assume!(case.birth_date <= as_of);
        for rules in rule_sets() {
            let Ok(d) = rules.route(&case, as_of, RouteOptions::default()) else { continue };
            prop_assert!(!d.target_group || d.eligible, "{}: a member who is not eligible", rules.id);
            let screened = case.visitation.and_then(|v| v.on(as_of));
            if screened == Some(VisitationOutcome::ScreenedOut) {
                prop_assert!(!d.target_group, "{}: screened out, yet a member", rules.id);
            }
            if rules.id == "norddjurs-2021" || rules.id == "ds-2017" {
                prop_assert_eq!(d.target_group, d.eligible && screened == Some(VisitationOutcome::ScreenedIn));
                if d.eligible && screened.is_none() && matches!(d.unit, Unit::Ungeindsatsen | Unit::Arbejdsmarked | Unit::Socialomraadet) {
                    prop_assert!(d.obligations.iter().any(|o| o.kind == ObligationKind::ScreenForTargetGroup && o.unit == d.unit),
                        "{}: eligible, not screened, no screening duty", rules.id);
                }
            }
        }
    }

    /// Nothing active and nothing assessed: an adult with no active effort, no assessed need,
    /// no benefit with a contact course, neither a flex job nor aftercare, and (under 25) in
    /// education or work, has no case in the three units.
    #[test]
    fn no_case_is_out_of_scope(case in case(), day in 0i64..6500) {
        let as_of = date(day);
        prop_assume!(case.birth_date <= as_of);
        let idle = case.effort_sectors_on(as_of).is_empty()
            && case.needs.is_empty()
            && matches!(case.benefit, Benefit::None | Benefit::Su | Benefit::Other | Benefit::Folkepension | Benefit::Foertidspension)
            && !case.fleksjob.on(as_of)
            && !case.aftercare.on(as_of);
        for rules in rule_sets() {
            let Ok(d) = rules.route(&case, as_of, RouteOptions::default()) else { continue };
            let young_idle = d.age < 25 && case.education_status == EducationStatus::None && case.benefit != Benefit::Su;
            if idle && d.age >= 18 && !young_idle && d.unit != Unit::ManualReview {
                prop_assert_eq!(d.unit, Unit::OutOfScope, "{}: no active or assessed case, yet a unit", rules.id);
            }
        }
    }

    /// Children under 15 and pensioners are never in the target group.
    #[test]
    fn children_and_pensioners_are_outside_the_target_group(case in case(), day in 0i64..6500) {
        let as_of = date(day);
        prop_assume!(case.birth_date <= as_of);
        for rules in rule_sets() {
            let Ok(d) = rules.route(&case, as_of, RouteOptions::default()) else { continue };
            if d.age < 15 {
                prop_assert!(!d.target_group);
                if rules.id == "aarhus-2019" {
                    // Aarhus's Socialforvaltningen holds children's social cases too (seed 004).
                    prop_assert!(matches!(d.unit, Unit::OutOfScope | Unit::Socialomraadet));
                } else {
                    prop_assert_eq!(d.unit, Unit::OutOfScope);
                }
            }
            // The HOI agreement's group includes ledighedsydelse and sygedagpenge recipients, who
            // may be visited to fleksjob (LAW.md §§ 2, 6): there fleksjob alone does not exclude.
            let fleksjob_excludes = rules.id != "hoi-2022";
            if matches!(case.benefit, Benefit::Foertidspension | Benefit::Folkepension)
                || (case.fleksjob.on(as_of) && fleksjob_excludes)
            {
                prop_assert!(!d.target_group, "{}: pension or fleksjob in the target group", rules.id);
            }
        }
    }

    /// The target group always has a coordinating unit, and is offered a coordinating plan by it
    /// (from 1 October 2022, when the default's over-30 effort began), and a co-unit means two
    /// caseworkers (two caseworkers may also sit in one unit).
    #[test]
    fn the_target_group_is_coordinated(case in case(), day in 214i64..6500) {
        let as_of = date(day);
        prop_assume!(case.birth_date <= as_of);
        for rules in rule_sets() {
            let Ok(d) = rules.route(&case, as_of, RouteOptions::default()) else { continue };
            if d.target_group {
                let coordinating = d.coordinating_unit;
                prop_assert!(coordinating.is_some(), "{}: target group without coordinating unit", rules.id);
                prop_assert!(
                    d.obligations.iter().any(|o| o.kind == ObligationKind::OfferCoordinatingPlan),
                    "{}: target group without the offer of a plan", rules.id
                );
            }
            prop_assert!(d.co_units.is_empty() || d.caseworkers == 2, "{}: a co-unit without two caseworkers", rules.id);
            prop_assert!(!d.co_units.contains(&d.unit));
        }
    }

    /// `next_transition` is later than `as_of`, and on that date the decision is what it says;
    /// on the day before, the answer is still today's.
    #[test]
    fn transitions_say_what_happens(case in case(), day in 0i64..6500) {
        let as_of = date(day);
        prop_assume!(case.birth_date <= as_of);
        let rules = RuleSet::default_rules();
        let Ok(now) = rules.route(&case, as_of, RouteOptions::default()) else { return Ok(()) };
        if let Some(next) = &now.next_transition {
            prop_assert!(next.date > as_of);
            let then = rules.route(&case, next.date, RouteOptions::default()).unwrap();
            prop_assert_eq!(then.unit, next.unit);
            prop_assert_eq!(then.eligible, next.eligible);
            prop_assert_eq!(then.target_group, next.target_group);
            let before = rules.route(&case, next.date.pred_opt().unwrap(), RouteOptions::default()).unwrap();
            prop_assert_eq!(before.unit, now.unit);
            prop_assert_eq!(before.target_group, now.target_group);
            prop_assert_eq!(&before.obligations, &now.obligations);
        }
    }
}
