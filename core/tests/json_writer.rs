//! The fast JSON writer (`helhed::json::DecisionWriter`) writes exactly the bytes that
//! `serde_json` writes for the `Decision` of `RuleSet::route`: on every built-in rule set, on
//! dates across their versions and parameter periods (and before the first, where routing fails),
//! with the trace and the next transition on and off, on generated cases (`helhed::synth`) and on
//! cases made to reach the rarer paths (no id, ids and effort labels that need escaping, leap-day
//! birthdays, no routing row); with the trace in full and by reference.

use chrono::{Datelike, Days, NaiveDate};
use helhed::json::DecisionWriter;
use helhed::{Case, RouteOptions, RuleSet, Sector, Unit};

const OPTIONS: [RouteOptions; 4] = [
    RouteOptions {
        trace: true,
        next_transition: true,
    },
    RouteOptions {
        trace: true,
        next_transition: false,
    },
    RouteOptions {
        trace: false,
        next_transition: true,
    },
    RouteOptions {
        trace: false,
        next_transition: false,
    },
];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// Dates before, inside and between the built-in rule sets' versions and parameter periods.
fn dates() -> Vec<NaiveDate> {
    vec![
        day(2020, 6, 1),
        day(2021, 6, 1),
        day(2023, 6, 1),
        day(2024, 2, 29),
        day(2025, 6, 30),
        day(2025, 7, 1),
        day(2026, 1, 1),
        day(2031, 3, 1),
    ]
}

/// Ids and effort labels that `serde_json` must escape, and odd ones.
const IDS: &[&str] = &[
    "",
    "quote \" and backslash \\",
    "tab\tnewline\nreturn\rformfeed\u{c}backspace\u{8}",
    "control \u{1} \u{1f} and DEL \u{7f}",
    "æøå ÆØÅ § – \u{2028} \u{1F600}",
    "</script>",
];

/// Generated case `i`, reshaped for some `i` to reach the rarer paths.
fn case(i: u64, reference: NaiveDate) -> Case {
    let mut case = helhed::synth::case(2026, i, reference);
    match i % 13 {
        0 => case.id = None,
        1 => case.id = Some(IDS[(i / 13) as usize % IDS.len()].to_string()),
        2 | 3 => {
            // A leap-day birthday near the generated age.
            let year = case.birth_date.year() - case.birth_date.year().rem_euclid(4);
            if let Some(birth) = NaiveDate::from_ymd_opt(year, 2, 29) {
                case.birth_date = birth;
            }
        }
        4 => {
            if let Some(effort) = case.efforts.first_mut() {
                effort.law = Some(IDS[(i / 13) as usize % IDS.len()].to_string());
                effort.section = Some("§ \"85\"".into());
                effort.kind = Some("bo\\støtte\n".into());
            } else {
                case.efforts.push(helhed::Effort {
                    sector: Sector::Sel,
                    law: None,
                    section: Some("§\t85".into()),
                    kind: None,
                    start: reference + Days::new(40),
                    end: None,
                });
            }
        }
        5..=7 => {
            // A visitation (screened in or out, before or after the date) and a dated flag.
            case.visitation = Some(helhed::Visitation {
                outcome: helhed::VisitationOutcome::ALL[(i / 13) as usize % 2],
                date: reference + Days::new(((i / 13) % 3) * 30) - Days::new(30),
            });
            let period = helhed::DatedFlag::During(helhed::Period {
                from: reference - Days::new(400),
                to: Some(reference + Days::new(20 + (i / 13) % 200)),
            });
            match i % 13 {
                5 => case.fleksjob = period,
                6 => case.placed = period,
                _ => case.aftercare = period,
            }
            case.visitation_category = Some(helhed::VisitationCategory::ALL[(i / 13) as usize % 5]);
        }
        _ => {}
    }
    case
}

/// What the writer must have met, so that the comparison covers every path.
#[derive(Default, Debug)]
struct Seen {
    decisions: usize,
    errors: usize,
    transitions: usize,
    leap_entries: usize,
    manual_review: usize,
    membership_entries: usize,
    no_id: usize,
}

fn compare(rules: &RuleSet, cases: u64, seen: &mut Seen) {
    let writer = DecisionWriter::new(rules);
    let by_reference = DecisionWriter::by_reference(rules);
    let mut out = Vec::new();
    for date in dates() {
        for i in 0..cases {
            let case = case(i, date);
            for options in OPTIONS {
                out.clear();
                let fast = writer.route_into(&case, date, options, &mut out);
                match rules.route(&case, date, options) {
                    Ok(decision) => {
                        let expected = serde_json::to_string(&decision).expect("serialises");
                        assert_eq!(
                            String::from_utf8_lossy(&out),
                            expected,
                            "rule set {}, case {i} on {date}, {options:?}",
                            rules.id
                        );
                        // By reference: the bytes of the decision with its trace by reference.
                        out.clear();
                        by_reference
                            .route_into(&case, date, options, &mut out)
                            .expect("the writer decides what route decides");
                        let expected =
                            serde_json::to_string(&decision.clone().with_trace_by_reference())
                                .expect("serialises");
                        assert_eq!(
                            String::from_utf8_lossy(&out),
                            expected,
                            "by reference: rule set {}, case {i} on {date}, {options:?}",
                            rules.id
                        );
                        if options.trace {
                            assert!(!expected.contains("text_da"), "{expected}");
                        }
                        let outcome = fast.expect("the writer decides what route decides");
                        assert_eq!(rules.unit_of(&outcome), decision.unit);
                        seen.decisions += 1;
                        seen.transitions += decision.next_transition.is_some() as usize;
                        seen.leap_entries +=
                            decision.trace.iter().any(|t| t.rule == "leap_day_birthday") as usize;
                        seen.manual_review += (decision.unit == Unit::ManualReview) as usize;
                        seen.membership_entries +=
                            decision.trace.iter().any(|t| t.table == "membership") as usize;
                        seen.no_id += decision.case_id.is_none() as usize;
                    }
                    Err(error) => {
                        assert_eq!(fast.err(), Some(error), "case {i} on {date}");
                        assert!(out.is_empty(), "nothing is written for an error");
                        seen.errors += 1;
                    }
                }
            }
        }
    }
}

#[test]
fn fast_writer_matches_serde_on_every_built_in_rule_set() {
    let mut seen = Seen::default();
    for (id, _, _) in helhed::ruleset::BUILTIN {
        let rules = RuleSet::builtin(id).expect("built-in rule set loads");
        compare(&rules, 1_500, &mut seen);
    }
    assert!(seen.decisions > 100_000, "{seen:?}");
    assert!(seen.errors > 0, "{seen:?}");
    assert!(seen.transitions > 10_000, "{seen:?}");
    assert!(seen.leap_entries > 100, "{seen:?}");
    assert!(seen.no_id > 100, "{seen:?}");
    assert!(seen.membership_entries > 1_000, "{seen:?}");
    assert!(seen.manual_review > 100, "{seen:?}");
}

/// A rule set whose texts need escaping, with a version without a source (the file is cited),
/// a forum, co-units, a routing table that leaves most cases to manual review, and the parent's
/// `membership = "visitation"` (so the trace has membership entries).
const ODD_RULES: &str = r#"
id = "odd \"rules\""
title = "Odd\trules"
municipality = "Nowhere\\"
extends = "norddjurs-2021"

[[versions]]
id = "v\"1"
from = 2022-01-01
status = "assumption"
text_da = "Første\nversion"
text_en = "First \u0001 version"

[[routing]]
id = "routing.\"kontant\""
when.benefit = "kontanthjaelp"
then = { unit = "arbejdsmarked", coordinating_unit = "socialomraadet", co_units = ["socialomraadet", "ungeindsatsen"], caseworkers = 2, forum = "Børne- og \"Unge\"udvalget\\" }
source = "a source with \"quotes\"\tand a tab"
status = "source"
text_da = "Kontanthjælp → \"Arbejdsmarked\""
text_en = "Kontanthjaelp goes to \\Arbejdsmarked\\"

[[obligations]]
id = "obligation.\"screen\""
when.eligible = true
when.target_group = false
then = { kind = "screen_for_target_group", unit = "socialomraadet", reference = "a \"forum\"" }
source = "a source"
status = "assumption"
text_da = "Visitation\n"
text_en = "Screening"
"#;

#[test]
fn fast_writer_matches_serde_on_escapes_forum_and_manual_review() {
    let rules = RuleSet::from_toml("odd\"file\".toml", ODD_RULES).expect("the odd rule set loads");
    let mut seen = Seen::default();
    compare(&rules, 400, &mut seen);
    assert!(seen.manual_review > 1_000, "{seen:?}");
    assert!(seen.decisions > seen.manual_review, "{seen:?}");
}
