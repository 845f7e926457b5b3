//! The fast JSON writer (`helhed::json::DecisionWriter`) writes exactly the bytes that
//! `serde_json` writes for the `Decision` of `RuleSet::route`: on every built-in rule set, on
//! dates across their versions and parameter periods (and before the first, where routing fails),
//! with the trace and the next transition on and off, on generated cases (`helhed::synth`) and on
//! cases made to reach the rarer paths (no id, ids and effort labels that need escaping, leap-day
//! birthdays, no routing row); with the trace in full and by reference.

use chrono::{Datelike, Days, NaiveDate};
use helhed::json::DecisionWriter;
use helhed::{Case, RouteOptions, RuleSet, Sector, Status, Unit};

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
                            // By reference: every entry but the version's, in order; the
                            // version is `rule_set.version`.
                            let reference = decision.clone().with_trace_by_reference();
                            let kept: Vec<(&str, &str, Status)> = decision
                                .trace
                                .iter()
                                .filter(|t| t.table != "versions")
                                .map(|t| (t.rule.as_str(), t.table.as_str(), t.status))
                                .collect();
                            let written: Vec<(&str, &str, Status)> = reference
                                .trace
                                .iter()
                                .map(|t| (t.rule.as_str(), t.table.as_str(), t.status))
                                .collect();
                            assert_eq!(written, kept);
                            assert_eq!(decision.trace[0].table, "versions");
                            assert_eq!(decision.trace[0].rule, reference.rule_set.version);
                            assert!(!expected.contains("\"table\":\"versions\""), "{expected}");
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

/// A rule set whose id, file name, version id, rows, texts, forum and obligation reference hold
/// CPR numbers (no real rule set does; the redaction must still hold).
const CPR_RULES: &str = r#"
id = "rules 150385-0123"
title = "t"
municipality = "m"
extends = "norddjurs-2021"

[[versions]]
id = "v0 010165-1234"
from = 2020-01-01
until = 2026-12-31
status = "assumption"
text_da = "da"
text_en = "en"

[[versions]]
id = "v 150385-0123"
from = 2027-01-01
status = "assumption"
text_da = "da 1503850123"
text_en = "en 150385 0123"

[[routing]]
id = "routing.all 010165-1234"
then = { unit = "arbejdsmarked", caseworkers = 1, forum = "forum 150385-0123" }
source = "source 1503850123"
status = "source"
text_da = "da 150385.0123"
text_en = "en 150385/0123"

[[obligations]]
id = "obligation.cpr 150385-0123"
versions = ["v 150385-0123"]
when.eligible = true
then = { kind = "screen_for_target_group", unit = "socialomraadet", reference = "ref 150385 - 0123" }
source = "s 150385_0123"
status = "assumption"
text_da = "d"
text_en = "e"
"#;

#[test]
fn the_redacting_writer_writes_the_redaction_of_what_the_writer_writes() {
    // Loading redacts the rule file's strings (the next test); a rule set built or changed in
    // code can still hold CPR-like numbers, and the redacting writer is the line of defence
    // for those: put them back where the decision's pieces come from.
    let mut rules =
        RuleSet::from_toml("cpr 150385-0123.toml", CPR_RULES).expect("the rule set loads");
    let unredact = |s: &mut String| *s = s.replace(helhed::cpr::REDACTED, "150385-0123");
    unredact(&mut rules.id);
    for v in &mut rules.versions {
        unredact(&mut v.id);
        unredact(&mut v.text_da);
        unredact(&mut v.text_en);
    }
    for r in &mut rules.routing {
        unredact(&mut r.id);
        unredact(&mut r.source);
        unredact(&mut r.text_da);
        r.then.forum.iter_mut().for_each(unredact);
    }
    for r in &mut rules.obligations {
        unredact(&mut r.id);
        unredact(&mut r.source);
        unredact(&mut r.then.reference);
    }
    let (mut decisions, mut redacted, mut ids, mut reasons) = (0, 0, 0, 0);
    for full in [true, false] {
        let make = || {
            if full {
                DecisionWriter::new(&rules)
            } else {
                DecisionWriter::by_reference(&rules)
            }
        };
        let plain = make();
        let redacting = make().redacting();
        for date in dates().into_iter().chain([day(2026, 11, 23)]) {
            for i in 0..300 {
                let mut case = case(i, date);
                if i % 5 == 0 {
                    // Long digit runs, but no CPR number: routing refuses an id with one.
                    case.id = Some(format!("sag {i} 3102850123-150385 \"{i}\""));
                }
                for options in OPTIONS {
                    let (mut a, mut b) = (Vec::new(), Vec::new());
                    let decided = plain.route_into(&case, date, options, &mut a).is_ok();
                    assert_eq!(
                        redacting.route_into(&case, date, options, &mut b).is_ok(),
                        decided
                    );
                    let expected = helhed::cpr::redact_bytes(&a);
                    assert_eq!(
                        String::from_utf8_lossy(&b),
                        String::from_utf8_lossy(&expected),
                        "case {i} on {date}, {options:?}"
                    );
                    assert!(!helhed::cpr::contains_cpr(&b));
                    decisions += usize::from(decided);
                    redacted += usize::from(a != b);
                    let text = String::from_utf8_lossy(&a);
                    ids += usize::from(text.contains("\"case_id\":\"sag"));
                    reasons += usize::from(text.contains("version v 150385-0123"));
                }
            }
        }
    }
    // Every path was reached: decisions, ids with digits and reasons naming the version.
    assert!(decisions > 10_000, "{decisions}");
    assert_eq!(redacted, decisions);
    assert!(ids > 1_000 && reasons > 50, "{ids} {reasons}");
}

#[test]
fn loading_a_rule_file_redacts_every_cpr_like_number_in_it() {
    // Also numbers TOML only makes by unescaping: `\u002D` is `-`, and a line-ending backslash
    // in a multi-line string joins `150385` and `0123`.
    let escaped = CPR_RULES.replace(
        "text_en = \"e\"",
        "text_en = \"e 150385\\u002D0123\"\nnote = \"\"\"n 150385\\\n    0123\"\"\"",
    );
    assert_ne!(escaped, CPR_RULES);
    let rules = RuleSet::from_toml("cpr 150385-0123.toml", &escaped).expect("the rule set loads");
    assert_eq!(rules.id, "rules [CPR removed]");
    assert_eq!(rules.file, "cpr [CPR removed].toml");
    let obligation = rules
        .obligations
        .iter()
        .find(|r| r.id.starts_with("obligation.cpr"))
        .expect("the row");
    assert_eq!(obligation.text_en, "e [CPR removed]");
    assert_eq!(obligation.note.as_deref(), Some("n [CPR removed]"));
    assert_eq!(obligation.then.reference, "ref [CPR removed]");
    // The hash is of the bytes as given, and every decision is free of the numbers.
    let plain = RuleSet::from_toml("x.toml", CPR_RULES).expect("the rule set loads");
    assert_eq!(
        plain.sha256,
        RuleSet::from_toml("y.toml", CPR_RULES).unwrap().sha256
    );
    let writer = DecisionWriter::new(&rules);
    let mut written = 0;
    for date in [day(2026, 11, 23), day(2027, 6, 1)] {
        for i in 0..200 {
            let mut out = Vec::new();
            if writer
                .route_into(&case(i, date), date, RouteOptions::default(), &mut out)
                .is_ok()
            {
                assert!(
                    !helhed::cpr::contains_cpr(&out),
                    "{}",
                    String::from_utf8_lossy(&out)
                );
                written += usize::from(out.windows(13).any(|w| w == b"[CPR removed]"));
            }
        }
    }
    assert!(written > 100, "{written}");
    // Errors name the file without the number, and quote the line without it.
    let broken = "id = \"x 150385-0123\"\ntitle = 1503850123\n";
    let error = RuleSet::from_toml("cpr 150385-0123.toml", broken).unwrap_err();
    let message = error.to_string();
    assert!(!helhed::cpr::contains_cpr(message.as_bytes()), "{message}");
    assert!(message.contains("cpr [CPR removed].toml"), "{message}");
    assert!(!helhed::cpr::contains_cpr(error.file().as_bytes()));
}
