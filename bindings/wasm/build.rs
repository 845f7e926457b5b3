//! Embeds the shipped rule files deflated: the texts are most of the module's data (217 KB of
//! TOML, 37 KB deflated as one stream; 43 KB as five, which share less), and the module inflates
//! them when a rule set is loaded. The list must be
//! core's `helhed::ruleset::BUILTIN` (ids, files, order); `src/builtin.rs`'s tests check that the
//! inflated texts are core's byte for byte.

use std::fmt::Write as _;
use std::path::Path;

/// (id, file name) of each shipped rule set, in core's order.
const BUILTIN: &[(&str, &str)] = &[
    ("norddjurs-2021", "norddjurs-2021.toml"),
    ("norddjurs-model2-2020", "norddjurs-model2-2020.toml"),
    ("ds-2017", "ds-2017.toml"),
    ("aarhus-2019", "aarhus-2019.toml"),
    ("hoi-2022", "hoi-2022.toml"),
];

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let rules = Path::new(&manifest).join("../../rules");
    let mut texts = Vec::new();
    let mut table = String::from(
        "/// (id, file name, byte range in the inflated texts) of each shipped rule set.\n",
    );
    table.push_str("pub static RULE_FILES: &[(&str, &str, std::ops::Range<usize>)] = &[\n");
    for (id, file) in BUILTIN {
        let path = rules.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let text =
            std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let start = texts.len();
        texts.extend_from_slice(&text);
        let _ = writeln!(table, "    ({id:?}, {file:?}, {start}..{}),", texts.len());
    }
    table.push_str("];\n");
    let name = "rules.deflate";
    std::fs::write(
        Path::new(&out_dir).join(name),
        miniz_oxide::deflate::compress_to_vec(&texts, 10),
    )
    .unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
    table.push_str("/// The rule files' texts one after another, deflated as one stream.\n");
    let _ = writeln!(
        table,
        "pub static DEFLATED: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{name}\"));"
    );
    std::fs::write(Path::new(&out_dir).join("builtin.rs"), table).expect("cannot write builtin.rs");
    println!("cargo:rerun-if-changed=build.rs");
}
