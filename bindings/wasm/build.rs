//! Embeds the shipped rule files deflated: the texts are most of the module's data (217 KB of
//! TOML, 43 KB deflated), and the module inflates one when a rule set is loaded. The list must be
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
    let mut table = String::from("/// (id, file name, deflated text) of each shipped rule set.\n");
    table.push_str("pub static DEFLATED: &[(&str, &str, &[u8])] = &[\n");
    for (id, file) in BUILTIN {
        let path = rules.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let text =
            std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let deflated = miniz_oxide::deflate::compress_to_vec(&text, 10);
        let name = format!("{file}.deflate");
        std::fs::write(Path::new(&out_dir).join(&name), deflated)
            .unwrap_or_else(|e| panic!("cannot write {name}: {e}"));
        let _ = writeln!(
            table,
            "    ({id:?}, {file:?}, include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{name}\"))),"
        );
    }
    table.push_str("];\n");
    std::fs::write(Path::new(&out_dir).join("builtin.rs"), table).expect("cannot write builtin.rs");
    println!("cargo:rerun-if-changed=build.rs");
}
