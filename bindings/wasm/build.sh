#!/usr/bin/env bash
# Builds helhed's npm package: a node build in pkg/node and a web build in pkg/web, each with the
# size-optimised module (cargo profile `wasm-release`, then `wasm-opt` for size) and TypeScript types.
#
# Installs what it needs and skips whatever is already present at the right version:
#   - the wasm32-unknown-unknown target (rustup);
#   - wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock (cargo
#     install; about ten minutes cold, then cached in ~/.cargo/bin);
#   - binaryen's wasm-opt, TypeScript and playwright-core from npm (package-lock.json).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"
say() { printf '  [wasm build] %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
fi

# The CLI must match the crate exactly: its JS glue and the module's descriptors are one schema.
want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3; exit }' "$root/Cargo.lock")
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (found: ${have:-none})"
    # No TLS (the test runner's downloads are not used): several minutes less to compile.
    cargo install --quiet wasm-bindgen-cli --version "$want" --no-default-features --bin wasm-bindgen
fi

# npm ci only when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm tools (binaryen, typescript, playwright-core)"
    npm ci --no-audit --no-fund --loglevel=error
fi

say "compiling (profile wasm-release)"
cargo build --quiet -p helhed-wasm --target wasm32-unknown-unknown --profile wasm-release
target_dir=${CARGO_TARGET_DIR:-$root/target}
module="$target_dir/wasm32-unknown-unknown/wasm-release/helhed_wasm.wasm"
version=$(awk -F'"' '/^version = / { print $2; exit }' "$root/Cargo.toml")

# The features rustc enables by default for wasm32-unknown-unknown; wasm-opt keeps to them.
features=(--enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int
    --enable-sign-ext --enable-reference-types --enable-multivalue)
# Rust puts the stack first (addresses below 1 MiB, growing down) and the data above it, so the
# lowest KiB is reached only by a stack within 1 KiB of overflowing; telling wasm-opt lets it fold
# constant offsets into loads and stores (6.7 KB smaller).
assumptions=(--low-memory-unused)
# Flattening and re-looping the control flow before -Oz, then -Oz once more, finds 4.3 KB that -Oz
# alone leaves (BENCHMARKS.md, "Module size (stop 18)": no slower in node); the producers section
# names the compilers only.
passes=(--flatten --rereloop -Oz -Oz --strip-producers)

for kind in node web; do
    out="$here/pkg/$kind"
    rm -rf "$out"
    case $kind in
        node) bindgen_target=nodejs ;;
        web) bindgen_target=web ;;
    esac
    wasm-bindgen --target "$bindgen_target" --out-dir "$out" --out-name helhed "$module"
    node_modules/.bin/wasm-opt "${passes[@]}" "${features[@]}" "${assumptions[@]}" "$out/helhed_bg.wasm" -o "$out/helhed_bg.wasm"
    case $kind in
        node) entry='"main": "helhed.js"' ;;
        web) entry='"type": "module", "module": "helhed.js"' ;;
    esac
    cat > "$out/package.json" <<EOF
{
  "name": "helhed",
  "version": "$version",
  "description": "Rules and decisions for Danish municipal holistic case management, with cited reasons ($kind build).",
  "license": "MIT OR Apache-2.0",
  $entry,
  "types": "helhed.d.ts",
  "files": ["helhed.js", "helhed.d.ts", "helhed_bg.wasm", "helhed_bg.wasm.d.ts"],
  "sideEffects": false
}
EOF
done

size=$(wc -c < pkg/node/helhed_bg.wasm)
gz=$(gzip -9 -c pkg/node/helhed_bg.wasm | wc -c)
say "pkg/node and pkg/web built; helhed_bg.wasm: $size bytes ($((size / 1024)) KiB), gzip -9: $gz bytes ($((gz / 1024)) KiB)"
