//! The citation linter catches one broken fixture of each kind (`tests/lint/`), and passes the
//! clean one.

use helhed::ruleset::lint::{lint_rule_file, Check, LawTable, Level, LintContext};
use helhed::RuleSet;
use std::collections::BTreeMap;
use std::path::Path;

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/lint"))
}

fn seeds() -> BTreeMap<String, String> {
    let mut seeds = BTreeMap::new();
    for entry in std::fs::read_dir(fixtures().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        seeds.insert(name, std::fs::read_to_string(&path).unwrap());
    }
    seeds
}

/// (check, level, item, line) of every finding for one fixture.
fn lint(name: &str) -> Vec<(Check, Level, String, Option<usize>)> {
    let text = std::fs::read_to_string(fixtures().join(name)).unwrap();
    let rules = RuleSet::from_toml(name, &text).unwrap_or_else(|e| panic!("{name} loads: {e}"));
    let laws = LawTable::builtin().unwrap();
    let seeds = seeds();
    let cx = LintContext {
        laws: &laws,
        seeds: Some(&seeds),
    };
    lint_rule_file(name, &text, &rules, cx)
        .unwrap()
        .into_iter()
        .inspect(|f| assert_eq!(f.file, name))
        .map(|f| (f.check, f.level, f.item, f.line))
        .collect()
}

#[test]
fn the_clean_fixture_has_no_findings() {
    assert_eq!(lint("clean.toml"), vec![]);
}

#[test]
fn a_quote_not_in_its_seed_is_an_error_on_its_row() {
    assert_eq!(
        lint("seed-quote.toml"),
        vec![(
            Check::SeedQuote,
            Level::Error,
            "routing.adult".into(),
            Some(34)
        )]
    );
}

#[test]
fn a_seed_not_among_the_sources_is_an_error() {
    assert_eq!(
        lint("unknown-seed.toml"),
        vec![(
            Check::UnknownSeed,
            Level::Error,
            "routing.adult".into(),
            Some(34)
        )]
    );
}

#[test]
fn a_law_cited_before_it_took_effect_is_an_error() {
    assert_eq!(
        lint("law-not-yet-in-force.toml"),
        vec![(
            Check::LawNotYetInForce,
            Level::Error,
            "obligation.on-request".into(),
            Some(51)
        )]
    );
}

#[test]
fn ids_that_differ_by_a_zero_width_space_are_duplicates() {
    assert_eq!(
        lint("duplicate-id.toml"),
        vec![
            (
                Check::IdNotNormalised,
                Level::Error,
                "routing.\\u{200B}adult".into(),
                Some(43)
            ),
            (
                Check::DuplicateId,
                Level::Error,
                "routing.\\u{200B}adult".into(),
                Some(43)
            ),
        ]
    );
}

#[test]
fn a_user_file_with_an_embedded_id_is_warned_about() {
    assert_eq!(
        lint("embedded-id.toml"),
        vec![(Check::EmbeddedId, Level::Warning, "id".into(), Some(2))]
    );
}

#[test]
fn an_embedded_rule_set_is_not_warned_about_its_own_id() {
    let laws = LawTable::builtin().unwrap();
    let cx = LintContext {
        laws: &laws,
        seeds: None,
    };
    for (id, file, text) in helhed::ruleset::BUILTIN {
        let rules = RuleSet::builtin(id).unwrap();
        let findings = lint_rule_file(file, text, &rules, cx).unwrap();
        assert!(
            findings.iter().all(|f| f.check != Check::EmbeddedId),
            "{id}: {findings:?}"
        );
    }
}

#[test]
fn a_later_parameter_value_is_dated_from_its_own_start() {
    // The fixture's version starts 2020-01-01; a value from 2024-01-01 may cite Barnets lov, the
    // same value from 2023-12-31 may not.
    let text = std::fs::read_to_string(fixtures().join("clean.toml")).unwrap();
    let laws = LawTable::builtin().unwrap();
    let cx = LintContext {
        laws: &laws,
        seeds: None,
    };
    for (from, expected) in [("2024-01-01", 0), ("2023-12-31", 1)] {
        let text = text.replace(
            "value = 18\nsource = \"SEL (serviceloven)\"",
            &format!(
                "value = 17\nuntil = {}\nsource = \"SEL\"\nstatus = \"source\"\n[[parameters.threshold_age.values]]\nfrom = {from}\nvalue = 18\nsource = \"Barnets lov § 3\"",
                chrono::NaiveDate::parse_from_str(from, "%Y-%m-%d").unwrap().pred_opt().unwrap()
            ),
        );
        let rules = RuleSet::from_toml("t.toml", &text).unwrap();
        let findings = lint_rule_file("t.toml", &text, &rules, cx).unwrap();
        assert_eq!(findings.len(), expected, "from {from}: {findings:?}");
    }
}
