//! For a legal reviewer: what rests on a source and what is the rule set's own choice, and how a
//! citizen's unit changes with age, rule set by rule set — looking for bounces (A → B → A) in
//! each citizen's timeline (`helhed::timeline`). For proof over every citizen, not three
//! profiles, run `helhed verify` (docs/reviewers.md).
//!
//! Run: `cargo run -p helhed --example legal_review`

use chrono::{Datelike, NaiveDate};
use helhed::timeline::timeline;
use helhed::{Case, RuleSet, Status};

fn main() {
    let profiles = [
        (
            "placed, no school, then aftercare",
            r#"{"birth_date":"2008-01-15","benefit":"none","placed":true,"aftercare":true,"efforts":[{"sector":"barnets_lov","start":"2020-01-01","end":null}],"education_status":"none"}"#,
        ),
        (
            "kontanthjælp, mentor and bostøtte",
            r#"{"birth_date":"2008-01-15","benefit":"kontanthjaelp","efforts":[{"sector":"lab","start":"2020-01-01","end":null},{"sector":"sel","start":"2020-01-01","end":null}]}"#,
        ),
        (
            "only bostøtte",
            r#"{"birth_date":"2008-01-15","benefit":"other","efforts":[{"sector":"sel","start":"2020-01-01","end":null}]}"#,
        ),
    ];
    for (id, _, _) in helhed::ruleset::BUILTIN {
        let rules = RuleSet::builtin(id).expect("embedded rule sets load");
        let rows = rules
            .target_group
            .iter()
            .map(|r| r.status)
            .chain(rules.routing.iter().map(|r| r.status))
            .chain(rules.obligations.iter().map(|r| r.status));
        let (sourced, assumed) = rows.fold((0, 0), |(s, a), status| {
            if status == Status::Source {
                (s + 1, a)
            } else {
                (s, a + 1)
            }
        });
        println!(
            "\n{id}: {sourced} rows rest on a source, {assumed} are the rule set's assumptions"
        );
        for (label, json) in profiles {
            let case = Case::from_json(json).expect("valid profile");
            // The citizen's timeline from 14 to 32: segments change only on the days that matter.
            let year = |age: i32| NaiveDate::from_ymd_opt(case.birth_date.year() + age, 6, 1);
            let (Some(from), Some(to)) = (year(14), year(32)) else {
                continue;
            };
            let Ok(line) = timeline(&rules, &case, from, to) else {
                continue;
            };
            let mut steps: Vec<String> = Vec::new();
            let mut last = None;
            for s in &line.segments {
                if last != Some(s.unit) {
                    let age =
                        helhed::age::age_on(case.birth_date, s.from, rules.leap_rule_on(s.from));
                    steps.push(format!("{}: {}", age.unwrap_or(0), s.unit));
                    last = Some(s.unit);
                }
            }
            println!(
                "  {label:<36} {}{}",
                steps.join(" → "),
                if line.bounces.is_empty() {
                    ""
                } else {
                    "   ← BOUNCE"
                }
            );
        }
    }
}
