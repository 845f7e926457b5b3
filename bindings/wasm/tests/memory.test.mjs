// A memory check (zen#375 was a leak of exactly this kind): 100,000 route calls, and thousands of
// rule sets loaded and freed, do not grow the module's memory beyond a bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { helhed } from './helpers.mjs';

const { RuleSet } = helhed;
const memory = () => helhed.memoryBytes();
const MiB = 1024 * 1024;

function caseOf(i) {
  const year = 1950 + (i % 60);
  return {
    id: `sag-${i}`,
    birth_date: `${year}-0${1 + (i % 9)}-1${i % 10}`,
    benefit: ['none', 'kontanthjaelp', 'uddannelseshjaelp', 'sygedagpenge'][i % 4],
    efforts: i % 3 ? [{ sector: ['sel', 'lab', 'health'][i % 3], start: '2020-01-01', end: null }] : [],
    social_events: i % 5 ? [] : ['homelessness'],
  };
}

test('100,000 route calls do not grow memory beyond 1 MiB after warm-up', () => {
  const rules = RuleSet.default();
  for (let i = 0; i < 2_000; i++) rules.route(caseOf(i), '2025-06-01');
  const before = memory();
  let units = 0;
  for (let i = 0; i < 100_000; i++) {
    const d = rules.route(caseOf(i), '2025-06-01');
    if (d.unit) units++;
  }
  assert.equal(units, 100_000);
  const grown = memory() - before;
  assert.ok(grown <= MiB, `wasm memory grew by ${grown} bytes over 100,000 calls`);
});

test('errors, batches and rule sets loaded and freed do not grow memory beyond a bound', () => {
  const bad = { birth_date: '1990-01-01', benefit: 'lots', efforts: [] };
  const warm = () => {
    const rules = RuleSet.builtin('ds-2017');
    try {
      rules.route(bad, '2025-06-01');
    } catch {
      /* expected: an invalid benefit */
    }
    rules.routeMany([bad, caseOf(1)], '2025-06-01');
    rules.free();
  };
  for (let i = 0; i < 50; i++) warm();
  const before = memory();
  for (let i = 0; i < 500; i++) warm();
  const grown = memory() - before;
  assert.ok(grown <= MiB, `wasm memory grew by ${grown} bytes over 500 load/route/free rounds`);
});
