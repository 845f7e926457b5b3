// The shared conformance cases (tests/conformance): every case and plan as the files expect, and
// every decision, error row and report byte for byte what the Rust CLI writes for the same input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, conformance, cprLikeNumbers, helhed } from './helpers.mjs';

const { RuleSet } = helhed;
const ruleSets = new Map();
const rulesFor = (id) => {
  if (!ruleSets.has(id)) ruleSets.set(id, RuleSet.builtin(id));
  return ruleSets.get(id);
};

/** The thrown error of `f`, or undefined. */
function thrown(f) {
  try {
    return { value: f() };
  } catch (error) {
    return { error };
  }
}

/** No CPR-like number of the input text appears in `output`. */
function assertNoCprOf(input, output) {
  for (const number of cprLikeNumbers(input)) {
    assert.ok(!cprLikeNumbers(output).includes(number), `a CPR-like number of the input is in: ${output}`);
  }
}

function assertInputError(error, expected, inputText) {
  assert.ok(error instanceof Error, `expected an Error, got ${error}`);
  assert.equal(error.name, 'HelhedError');
  assert.equal(error.code, expected.code);
  if ('field' in expected) assert.equal(error.field, expected.field);
  assert.equal(typeof error.message, 'string');
  assert.ok(error.message.length > 0);
  assertNoCprOf(inputText, error.message);
}

const rowsOf = (d, tables) => d.trace.filter((e) => tables.includes(e.table)).map((e) => e.rule);

function assertDecision(d, expect) {
  for (const key of ['unit', 'target_group', 'coordinating_unit', 'co_units', 'caseworkers', 'forum', 'age', 'age_band', 'case_id']) {
    if (key in expect) assert.deepEqual(d[key], expect[key], key);
  }
  if ('obligations' in expect) {
    const got = d.obligations.map((o) => `${o.kind}:${o.unit}`).sort();
    assert.deepEqual(got, [...expect.obligations].sort(), 'obligations');
  }
  if ('rules' in expect) assert.deepEqual(rowsOf(d, ['target_group', 'routing', 'obligations']), expect.rules, 'rules');
  if ('version' in expect) assert.equal(d.rule_set.version, expect.version, 'version');
  if ('next_transition' in expect) {
    if (expect.next_transition === null) assert.equal(d.next_transition, null, 'next_transition');
    else for (const [k, v] of Object.entries(expect.next_transition)) assert.deepEqual(d.next_transition?.[k], v, `next_transition.${k}`);
  }
}

test('routing conformance: each case gives the expected decision or error', async (t) => {
  for (const entry of conformance('routing')) {
    await t.test(`${entry.file}: ${entry.name}`, () => {
      const rules = rulesFor(entry.rule_set);
      const text = entry.case_text ?? JSON.stringify(entry.case);
      const viaText = thrown(() => rules.routeJson(text, entry.as_of));
      const viaObject = entry.case_text === undefined ? thrown(() => rules.route(entry.case, entry.as_of)) : viaText;
      if (entry.expect_error) {
        assertInputError(viaText.error, entry.expect_error, text);
        assertInputError(viaObject.error, entry.expect_error, text);
        assert.equal(viaObject.error.message, viaText.error.message);
      } else {
        assert.equal(viaText.error, undefined, `unexpected error: ${viaText.error?.message}`);
        assertDecision(viaText.value, entry.expect);
        assert.deepEqual(viaObject.value, viaText.value);
        assertNoCprOf(text, JSON.stringify(viaText.value));
      }
    });
  }
});

test('plan conformance: each plan gives the expected report or error', async (t) => {
  for (const entry of conformance('plans')) {
    await t.test(`${entry.file}: ${entry.name}`, () => {
      const rules = rulesFor(entry.rule_set);
      const text = entry.plan_text ?? JSON.stringify(entry.plan);
      const viaText = thrown(() => rules.checkPlanJson(text, entry.as_of));
      const viaObject = entry.plan_text === undefined ? thrown(() => rules.checkPlan(entry.plan, entry.as_of)) : viaText;
      if (entry.expect_error) {
        assertInputError(viaText.error, entry.expect_error, text);
        assertInputError(viaObject.error, entry.expect_error, text);
        return;
      }
      assert.equal(viaText.error, undefined, `unexpected error: ${viaText.error?.message}`);
      const report = viaText.value;
      assert.deepEqual(viaObject.value, report);
      assert.equal(report.valid, entry.expect.valid, 'valid');
      assert.equal(report.valid, !report.violations.some((v) => v.severity === 'error'), 'valid iff an error');
      assert.deepEqual([...new Set(report.violations.map((v) => v.code))].sort(), entry.expect.codes, 'codes');
      if (entry.expect.violations) {
        assert.deepEqual(report.violations.map((v) => `${v.code} ${v.path}`), entry.expect.violations, 'violations');
      }
      if (entry.near_miss) assert.ok(!report.violations.some((v) => v.code === entry.near_miss), 'near miss');
      assertNoCprOf(text, JSON.stringify(report));
    });
  }
});

/** Runs the CLI; its standard output (the exit code says only whether rows were errors). */
function cli(args, input) {
  const run = spawnSync(cliPath(), args, { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.ok(run.status === 0 || run.status === 1 || run.status === 2, `helhed ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

test('routing: decisions and error rows are byte for byte the CLI’s (route, routeMany, routeJsonl; trace in full and by reference)', () => {
  const groups = new Map();
  for (const entry of conformance('routing').filter((e) => e.case !== undefined)) {
    const key = `${entry.rule_set} ${entry.as_of}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  let rows = 0;
  for (const [key, entries] of groups) {
    const [ruleSet, asOf] = key.split(' ');
    const rules = rulesFor(ruleSet);
    const jsonl = entries.map((e) => JSON.stringify(e.case)).join('\n') + '\n';
    const route = ['route', '--rules', ruleSet, '--as-of', asOf, '--input-format', 'jsonl'];
    const expected = cli([...route, '--trace', 'full'], jsonl);
    assert.equal(rules.routeJsonl(jsonl, asOf), expected, `routeJsonl for ${key}`);
    // The CLI's default trace is by reference; the option gives the same bytes.
    const byReference = cli(route, jsonl);
    assert.equal(rules.routeJsonl(jsonl, asOf, { trace: 'reference' }), byReference, `routeJsonl by reference for ${key}`);
    assert.equal(JSON.stringify(rules.routeMany(entries.map((e) => e.case), asOf, { trace: 'reference' })),
      `[${byReference.trimEnd().split('\n').join(',')}]`, `routeMany by reference for ${key}`);
    const lines = expected.trimEnd().split('\n');
    const many = rules.routeMany(entries.map((e) => e.case), asOf);
    assert.equal(many.length, entries.length);
    entries.forEach((entry, i) => {
      assert.equal(JSON.stringify(many[i]), lines[i], `routeMany row ${i} of ${key}`);
      if (!entry.expect_error) assert.equal(JSON.stringify(rules.route(entry.case, asOf)), lines[i], `route: ${entry.name}`);
    });
    rows += entries.length;
  }
  assert.ok(rows > 50, `only ${rows} cases compared`);
});

test('plans: reports and errors are byte for byte the CLI’s', () => {
  const dir = mkdtempSync(join(tmpdir(), 'helhed-plans-'));
  try {
    let compared = 0;
    for (const entry of conformance('plans').filter((e) => e.plan !== undefined)) {
      const file = join(dir, 'plan.json');
      const text = JSON.stringify(entry.plan);
      writeFileSync(file, text);
      const expected = cli(['check-plan', '--rules', entry.rule_set, '--as-of', entry.as_of, file]);
      const got = thrown(() => rulesFor(entry.rule_set).checkPlan(entry.plan, entry.as_of));
      const shown = got.error
        ? JSON.stringify({ error: { code: got.error.code, field: got.error.field, message: got.error.message } })
        : JSON.stringify(got.value, null, 2);
      assert.equal(`${shown}\n`, expected, entry.name);
      compared++;
    }
    assert.ok(compared > 30, `only ${compared} plans compared`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
