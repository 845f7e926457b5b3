//! The shipped rule sets, embedded deflated by `build.rs` (core's `helhed::ruleset::BUILTIN`
//! holds them as plain text; the binding does not reach it, so the module carries the texts
//! once, deflated as one stream: 37 KB instead of 217 KB). Loading inflates the texts and hands
//! the rule set's to core's reader, so a rule set (its sha256, its errors, `extends`) is exactly
//! core's.

use helhed::RuleSetError;
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// The shipped rule sets' ids, in core's order.
pub fn ids() -> impl Iterator<Item = &'static str> {
    RULE_FILES.iter().map(|(id, _, _)| *id)
}

/// (file name, text) of a shipped rule set: what core's resolver gives for `extends`.
pub fn resolve(id: &str) -> Option<(String, String)> {
    let (_, file, range) = RULE_FILES.iter().find(|(bid, _, _)| *bid == id)?;
    let texts = miniz_oxide::inflate::decompress_to_vec(DEFLATED).ok()?;
    let text = std::str::from_utf8(texts.get(range.clone())?).ok()?;
    Some((file.to_string(), text.to_string()))
}

/// Loads a shipped rule set by id (core's `RuleSet::builtin`).
pub fn load(id: &str) -> Result<helhed::RuleSet, RuleSetError> {
    let (file, text) = resolve(id).ok_or_else(|| RuleSetError::UnknownParent {
        file: "(built-in)".into(),
        parent: id.into(),
    })?;
    from_toml(&file, &text)
}

/// A rule set from TOML text; `extends` may name a shipped rule set (core's `RuleSet::from_toml`).
pub fn from_toml(file: &str, text: &str) -> Result<helhed::RuleSet, RuleSetError> {
    helhed::RuleSet::from_toml_with(file, text, &resolve)
}

/// The default rule set, loaded once (core's `RuleSet::default_rules`).
pub fn default_rules() -> Result<&'static helhed::RuleSet, RuleSetError> {
    static DEFAULT: OnceLock<helhed::RuleSet> = OnceLock::new();
    if let Some(rules) = DEFAULT.get() {
        return Ok(rules);
    }
    let rules = load(helhed::ruleset::DEFAULT_RULE_SET)?;
    Ok(DEFAULT.get_or_init(|| rules))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_rule_sets_are_cores_byte_for_byte() {
        let ours: Vec<(String, String, String)> = RULE_FILES
            .iter()
            .map(|(id, file, _)| {
                let (f, text) = resolve(id).expect("inflates");
                assert_eq!(&f, file);
                (id.to_string(), f, text)
            })
            .collect();
        let cores: Vec<(String, String, String)> = helhed::ruleset::BUILTIN
            .iter()
            .map(|(id, file, text)| (id.to_string(), file.to_string(), text.to_string()))
            .collect();
        assert_eq!(ours, cores);
    }

    #[test]
    fn loading_gives_cores_rule_sets() {
        for id in ids() {
            let ours = load(id).expect("loads");
            let cores = helhed::RuleSet::builtin(id).expect("loads");
            assert_eq!(
                (&ours.id, &ours.file, &ours.sha256, &ours.text),
                (&cores.id, &cores.file, &cores.sha256, &cores.text)
            );
        }
        assert_eq!(
            default_rules().expect("loads").sha256,
            helhed::RuleSet::default_rules().sha256
        );
        let child = "extends = \"ds-2017\"\nid = \"child\"\ntitle = \"t\"\nmunicipality = \"m\"\n";
        let ours = from_toml("child.toml", child).map(|r| r.sha256);
        let cores = helhed::RuleSet::from_toml("child.toml", child).map(|r| r.sha256);
        assert_eq!(
            ours.map_err(|e| e.to_string()),
            cores.map_err(|e| e.to_string())
        );
        assert!(matches!(
            load("nope"),
            Err(RuleSetError::UnknownParent { .. })
        ));
    }
}
