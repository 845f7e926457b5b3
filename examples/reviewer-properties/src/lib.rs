//! A legal reviewer's crate: properties of the shipped rule sets, in `tests/`. It depends on
//! `helhed` with the `proptest` feature, which exports strategies for valid cases, plans and
//! dates (`helhed::strategies`). Run: `cargo test -p helhed-reviewer-properties`.
