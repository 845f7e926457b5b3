// The WASM benchmark (run by scripts/bench): helhed in node against native helhed on one core, in
// the same run, on the same 100,000 synthetic cases (`helhed synth --seed 2026`) and date.
//
//   node bindings/wasm/bench/bench.mjs [cases]      (after bindings/wasm/build.sh)
//
// Measures (best of 3 runs each, wall time):
//   - routeMany(cases): JS objects in, decisions (trace on, as `route` gives them) out;
//   - routeMany(cases, {trace: false}): the same without the trace;
//   - routeJsonl(text): JSON Lines in, JSON Lines out (trace on);
//   - route(case) one call at a time;
// against native `RuleSet::route_batch` (the cases already parsed; outcomes, no JSON) and the
// native JSON Lines pipeline (parse, route, write the contract's JSON), one core each
// (bench/native_batch.rs), and native `route` to `Decision` values with no JSON at all (the least
// any routeMany must do). Also the floors on the JS side (JSON.stringify of the cases, a loop
// reading every field) and the optimised .wasm's size and gzip size.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const n = Number(process.argv[2] ?? 100_000);
const AS_OF = '2026-01-01';
const REPEATS = 3;
const pkg = join(root, 'bindings/wasm/pkg/node');
const { RuleSet } = createRequire(import.meta.url)(pkg);

const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
mkdirSync(join(target, 'bench-wasm'), { recursive: true });
const file = join(target, 'bench-wasm', `cases-${n}.jsonl`);
// Both builds first, so that the timed runs follow one another.
run('cargo', ['build', '-q', '--release', '-p', 'helhed-cli']);
run('cargo', ['build', '-q', '--release', '-p', 'helhed-wasm', '--example', 'native_batch']);
writeFileSync(file, run(join(target, 'release/helhed'), ['synth', '--n', String(n), '--seed', '2026']));
const text = readFileSync(file, 'utf8');
const cases = text.trimEnd().split('\n').map((line) => JSON.parse(line));

/** The fastest of REPEATS runs of f, in nanoseconds. */
function best(f) {
  let min = Infinity;
  for (let i = 0; i < REPEATS; i++) {
    const start = process.hrtime.bigint();
    f();
    min = Math.min(min, Number(process.hrtime.bigint() - start));
  }
  return min;
}

const native = JSON.parse(run(join(target, 'release/examples/native_batch'), [file, AS_OF, String(REPEATS)]));
const rules = RuleSet.default();
rules.routeMany(cases.slice(0, 1000), AS_OF); // warm-up: compile and grow memory once
const routeMany = best(() => rules.routeMany(cases, AS_OF));
const routeManyRef = best(() => rules.routeMany(cases, AS_OF, { trace: 'reference' }));
const routeManyLean = best(() => rules.routeMany(cases, AS_OF, { trace: false, next_transition: false }));
const routeJsonl = best(() => rules.routeJsonl(text, AS_OF));
const routeCall = best(() => {
  for (const c of cases) rules.route(c, AS_OF);
});
// Floors for any `routeMany` that reads the cases with core's JSON reader (the one that gives
// every host the same errors naming the field): node's own `JSON.stringify` of the cases, and
// that plus `TextEncoder` (the UTF-8 copy into the module's memory); and, for scale, a plain JS
// loop that only reads every field of every case (no validation, no deciding, nothing built).
let sink = 0;
const stringifyOnly = best(() => {
  sink += JSON.stringify(cases).length;
});
const encoder = new TextEncoder();
const stringifyEncode = best(() => {
  sink += encoder.encode(JSON.stringify(cases)).length;
});
const touchFields = best(() => {
  for (const c of cases) {
    for (const key in c) {
      const v = c[key];
      if (Array.isArray(v)) for (const item of v) sink += typeof item === 'object' ? Object.keys(item).length : 1;
      else sink += typeof v === 'string' ? v.length : 1;
    }
  }
});
if (sink === 0) throw new Error('unreachable: keeps the loops from being optimised away');

const wasm = readFileSync(join(pkg, 'helhed_bg.wasm'));
const gz = gzipSync(wasm, { level: 9 }).length;
const ms = (ns) => (ns / 1e6).toFixed(1);
const us = (ns) => (ns / 1e3 / n).toFixed(2);
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

console.log(`cases: ${n} (helhed synth --seed 2026), as_of ${AS_OF}, best of ${REPEATS}, node ${process.version}`);
console.log('');
console.log('| run | total (ms) | per case (µs) | vs native route_batch | vs native JSON Lines |');
console.log('| --- | ---: | ---: | ---: | ---: |');
const row = (label, ns) => console.log(`| ${label} | ${ms(ns)} | ${us(ns)} | ${ratio(ns, native.route_batch_ns)} | ${ratio(ns, native.jsonl_ns)} |`);
row('node `routeMany(cases)` (objects in, decisions with trace out)', routeMany);
row('node `routeMany(cases, {trace: "reference"})` (as `helhed route` writes the trace)', routeManyRef);
row('node `routeMany(cases, {trace: false, next_transition: false})`', routeManyLean);
row('node `routeJsonl(text)` (text in, JSON Lines with trace out)', routeJsonl);
row('node `route(case)`, one call per case (trace on)', routeCall);
row('native `route_batch` (parsed cases in, outcomes out), 1 core', native.route_batch_ns);
row('native JSON Lines: parse, route, write (trace on), 1 core', native.jsonl_ns);
row('native `route` + `serde_json::to_vec` per case (cases parsed), 1 core', native.route_json_ns);
row('native parse of the cases alone, 1 core', native.parse_ns);
row('native `route` to `Decision` values, no JSON (trace, next transition), 1 core', native.decision_ns);
row('native `route` to `Decision` values, no JSON (no trace; next transition), 1 core', native.decision_no_trace_ns);
row('native `route` to `Decision` values, no JSON (no trace, no next transition), 1 core', native.decision_lean_ns);
row('node `JSON.stringify(cases)` alone (floor of any path through core\'s reader)', stringifyOnly);
row('node `JSON.stringify(cases)` + `TextEncoder.encode`', stringifyEncode);
row('node: a JS loop reading every field of every case, nothing else', touchFields);
console.log('');
console.log(`helhed_bg.wasm (pkg/node, wasm-opt -Oz): ${wasm.length} bytes (${(wasm.length / 1024).toFixed(1)} KiB); gzip -9: ${gz} bytes (${(gz / 1024).toFixed(1)} KiB)`);
console.log(`size target: under 500 KiB: ${wasm.length < 500 * 1024 ? 'met' : 'NOT met'}`);
console.log(`routeMany within 3× of native route_batch: ${routeMany <= 3 * native.route_batch_ns ? 'met' : 'NOT met'} (${ratio(routeMany, native.route_batch_ns)})`);
