//! For a legal reviewer: what rests on a source and what is the rule set's own choice, and how a
//! citizen's unit changes with age, rule set by rule set — looking for bounces (A → B → A).
//!
//! Run: `cargo run -p helhed --example legal_review`

use chrono::{Datelike, NaiveDate};
use helhed::{Case, RouteOptions, RuleSet, Status};

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
            let mut path: Vec<(u32, String)> = Vec::new();
            for age in 14..=32 {
                let Some(as_of) = NaiveDate::from_ymd_opt(case.birth_date.year() + age, 6, 1)
                else {
                    continue;
                };
                let Ok(d) = rules.route(
                    &case,
                    as_of,
                    RouteOptions {
                        trace: false,
                        next_transition: false,
                    },
                ) else {
                    continue;
                };
                let unit = d.unit.to_string();
                if path.last().map(|(_, u)| u != &unit).unwrap_or(true) {
                    path.push((d.age, unit));
                }
            }
            let units: Vec<&str> = path.iter().map(|(_, u)| u.as_str()).collect();
            // Consecutive repeats are already merged, so a unit seen twice is a return: A → B → A.
            let bounce = units
                .iter()
                .enumerate()
                .any(|(i, u)| units[..i].contains(u));
            let steps: Vec<String> = path
                .iter()
                .map(|(age, unit)| format!("{age}: {unit}"))
                .collect();
            println!(
                "  {label:<36} {}{}",
                steps.join(" → "),
                if bounce { "   ← BOUNCE" } else { "" }
            );
        }
    }
}
