//! Seed 000, question 11, answered by the library: "Vi kan frygte, at disse unge vil ryge frem og
//! tilbage mellem Socialområdet og Ungeindsatsen, hvis man følger forslag 2" — we fear these young
//! people will bounce back and forth between Socialområdet and Ungeindsatsen under model 2.
//!
//! A young person placed from 15 to 18 (Barnets lov § 46), with ungestøtte from 18 to 22
//! (Barnets lov § 114) and bostøtte (SEL § 85) from 23. Their timeline under model 2
//! (`norddjurs-model2-2020`) bounces: Socialområdet from 15 to 22, Ungeindsatsen at 23 and 24,
//! Socialområdet again from 25. Under the adopted model (`norddjurs-2021`) it does not:
//! Ungeindsatsen until 25, then Socialområdet.
//!
//! Run: `cargo run -p helhed --example question_11` (the case is `examples/question_11.jsonl`;
//! the same with the CLI: `helhed timeline --from 2023-03-10 --to 2034-12-31 --rules
//! norddjurs-model2-2020 --format text examples/question_11.jsonl`).

use chrono::NaiveDate;
use helhed::timeline::timeline;
use helhed::{Case, RuleSet, Unit};

fn main() {
    let case = Case::from_json(include_str!("../../examples/question_11.jsonl"))
        .expect("the example case is valid");
    let from = NaiveDate::from_ymd_opt(2023, 3, 10).expect("a date");
    let to = NaiveDate::from_ymd_opt(2034, 12, 31).expect("a date");
    for id in ["norddjurs-model2-2020", "norddjurs-2021"] {
        let rules = RuleSet::builtin(id).expect("embedded rule sets load");
        let line = timeline(&rules, &case, from, to).expect("the case can be decided");
        println!("{id}:");
        for s in &line.segments {
            println!(
                "  {} – {}  {:<15} ← {}",
                s.from,
                s.to,
                s.unit.as_str(),
                s.why
            );
        }
        for b in &line.bounces {
            println!(
                "  BOUNCE: leaves {} on {}, back on {}",
                b.unit, b.left_on, b.back_on
            );
        }
        // The answer to question 11: model 2 bounces, the adopted model does not.
        match id {
            "norddjurs-model2-2020" => assert!(
                line.bounces.iter().any(|b| b.unit == Unit::Socialomraadet),
                "model 2 should bounce"
            ),
            _ => assert!(
                line.bounces.is_empty(),
                "the adopted model should not bounce"
            ),
        }
    }
}
