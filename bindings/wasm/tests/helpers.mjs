// Shared by the node tests: the package under test (the optimised build in pkg/node), the
// repository's paths, the CLI for side-by-side runs, and the conformance files.
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const PKG = resolve(here, '../pkg/node');
export const ROOT = resolve(here, '../../..');

/** The node build, loaded with `require` as a CommonJS user would. */
export const helhed = createRequire(import.meta.url)(PKG);

/** The helhed CLI to compare with: $HELHED_CLI, else the release build, else the debug build. */
export function cliPath() {
  const target = process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target');
  const candidates = [process.env.HELHED_CLI, join(target, 'release/helhed'), join(target, 'debug/helhed')];
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) throw new Error('no helhed CLI built: run `cargo build --release -p helhed-cli` (or set HELHED_CLI)');
  return found;
}

/** Every conformance entry of `tests/conformance/<kind>/*.json`, each with its file's name. */
export function conformance(kind) {
  const dir = join(ROOT, 'tests/conformance', kind);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')).map((entry) => ({ file, ...entry })));
}

/** Every run of ten digits (a CPR number, its hyphen or a space taken out) in a text. */
export function cprLikeNumbers(text) {
  return [...text.matchAll(/\d{6}[- ]?\d{4}/g)].map((m) => m[0].replace(/[- ]/, ''));
}
