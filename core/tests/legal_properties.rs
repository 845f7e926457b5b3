//! Properties of the shipped rule sets, over generated valid cases — the kind of test a legal
//! reviewer writes. Each property holds for every embedded rule set on every date from the first
//! version to 2040 (where a rule set's sources say otherwise, the property names the exception).

use chrono::NaiveDate;
use helhed::{
    Benefit, Case, EducationStatus, Effort, LegalCapacity, ObligationKind, RouteOptions, RuleSet,
    Sector, Unit,
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

/// Valid cases: birth dates from 1940 to 2020, every enum value, up to four efforts.
fn case() -> impl Strategy<Value = Case> {
    (
        (
            0i64..29_000,
            0usize..Benefit::ALL.len(),
            any::<[bool; 4]>(),
            proptest::collection::vec(effort(), 0..4),
        ),
        (0u16..32, 0u16..128, 0usize..4, 0u16..64, 0usize..3),
    )
        .prop_map(
            |((born, benefit, flags, efforts), (needs, events, education, plans, capacity))| Case {
                id: Some("generated".into()),
                birth_date: NaiveDate::from_ymd_opt(1940, 1, 1).unwrap()
                    + chrono::Days::new(born as u64),
                benefit: Benefit::ALL[benefit],
                fleksjob: flags[0].into(),
                placed: flags[1].into(),
                aftercare: flags[2].into(),
                vocational_education: flags[3],
                efforts,
                needs: helhed::vocab::EnumSet::from_bits(needs),
                social_events: helhed::vocab::EnumSet::from_bits(events),
                education_status: EducationStatus::ALL[education],
                plans: helhed::vocab::EnumSet::from_bits(plans),
                legal_capacity: LegalCapacity::ALL[capacity],
                visitation_category: None,
                visitation: None,
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
    /// falls between chairs (no `manual_review`), and the answer is deterministic.
    #[test]
    fn everyone_gets_a_unit(case in case(), day in 0i64..6500) {
        let as_of = date(day);
        prop_assume!(case.birth_date <= as_of);
        for rules in rule_sets() {
            let Ok(decision) = rules.route(&case, as_of, RouteOptions::default()) else { continue };
            prop_assert_ne!(decision.unit, Unit::ManualReview, "{}: no routing row matched", rules.id);
            prop_assert_eq!(&decision, &rules.route(&case, as_of, RouteOptions::default()).unwrap());
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

    /// The target group always has a coordinating unit, and is offered a coordinating plan by it.
    #[test]
    fn the_target_group_is_coordinated(case in case(), day in 0i64..6500) {
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
            prop_assert_eq!(d.caseworkers == 2, !d.co_units.is_empty(), "{}: two caseworkers iff co-units", rules.id);
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
            prop_assert_eq!(then.target_group, next.target_group);
            let before = rules.route(&case, next.date.pred_opt().unwrap(), RouteOptions::default()).unwrap();
            prop_assert_eq!(before.unit, now.unit);
            prop_assert_eq!(before.target_group, now.target_group);
            prop_assert_eq!(&before.obligations, &now.obligations);
        }
    }
}
