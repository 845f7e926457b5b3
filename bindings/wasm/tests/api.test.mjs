// The package's API: loading rule sets, the three ways to route, errors as thrown Errors with
// `code` and `field` (never a CPR number), the panic hook, and releasing a rule set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PKG, ROOT, helhed } from './helpers.mjs';

const { RuleSet, birthDateFromCpr } = helhed;
const CASE = { id: 'sag-1', birth_date: '1990-04-02', benefit: 'kontanthjaelp', efforts: [] };
const DATE = '2025-06-01';

/** The Error `f` throws. */
function errorOf(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail('expected an error');
}

function assertError(e, code, field) {
  assert.ok(e instanceof Error);
  assert.equal(e.name, 'HelhedError');
  assert.equal(e.code, code);
  assert.equal(e.field, field);
  assert.ok(e.message.length > 0);
}

test('RuleSet.list() names every shipped rule set, one of them the default', () => {
  const list = RuleSet.list();
  const ids = list.map((r) => r.id);
  for (const id of ['norddjurs-2021', 'norddjurs-model2-2020', 'ds-2017']) assert.ok(ids.includes(id), id);
  assert.deepEqual(list.filter((r) => r.default).map((r) => r.id), ['norddjurs-2021']);
  for (const r of list) {
    assert.match(r.sha256, /^[0-9a-f]{64}$/);
    assert.ok(r.title.length > 0 && r.municipality.length > 0);
    const rules = RuleSet.builtin(r.id);
    assert.equal(rules.id, r.id);
    assert.equal(rules.sha256, r.sha256);
    rules.free();
  }
  assert.equal(RuleSet.default().id, 'norddjurs-2021');
});

test('RuleSet.fromToml reads a rule file’s text: the shipped file gives the shipped decisions', () => {
  const text = readFileSync(join(ROOT, 'rules/ds-2017.toml'), 'utf8');
  const fromText = RuleSet.fromToml(text);
  const builtin = RuleSet.builtin('ds-2017');
  assert.equal(fromText.sha256, builtin.sha256);
  assert.deepEqual(fromText.route(CASE, DATE), builtin.route(CASE, DATE));
});

test('route returns the v1 decision as a plain object with the contract’s field names', () => {
  const d = RuleSet.default().route(CASE, DATE);
  assert.deepEqual(Object.keys(d).slice(0, 4), ['case_id', 'as_of', 'rule_set', 'age']);
  assert.equal(d.case_id, 'sag-1');
  assert.equal(d.as_of, DATE);
  assert.equal(d.age, 35);
  assert.ok(['ungeindsatsen', 'arbejdsmarked', 'socialomraadet', 'out_of_scope', 'manual_review'].includes(d.unit));
  assert.ok(d.trace.length > 0);
  for (const entry of d.trace) assert.ok(['source', 'assumption'].includes(entry.status));
  assert.equal(Object.getPrototypeOf(d), Object.prototype);
});

test('asOf defaults to today (the host’s local date)', () => {
  const rules = RuleSet.default();
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  assert.equal(rules.route(CASE).as_of, today);
  assert.deepEqual(rules.route(CASE), rules.route(CASE, today));
});

test('options mirror core’s RouteOptions: trace and next_transition can be left out', () => {
  const rules = RuleSet.default();
  const young = { birth_date: '2008-05-10', benefit: 'none', efforts: [] };
  const full = rules.route(young, DATE);
  assert.ok(full.trace.length > 0 && full.next_transition !== null);
  const lean = rules.route(young, DATE, { trace: false, next_transition: false });
  assert.deepEqual(lean.trace, []);
  assert.equal(lean.next_transition, null);
  assert.equal(lean.unit, full.unit);
  const byReference = rules.route(young, DATE, { trace: 'reference' });
  // By reference the version in force is `rule_set.version`, not a trace entry.
  assert.deepEqual([full.trace[0].table, full.trace[0].rule], ['versions', byReference.rule_set.version]);
  const referenced = full.trace.slice(1);
  assert.deepEqual(byReference.trace.map((e) => Object.keys(e)), referenced.map(() => ['rule', 'table', 'status']));
  assert.deepEqual(byReference.trace.map((e) => e.rule), referenced.map((e) => e.rule));
  assert.deepEqual(rules.route(young, DATE, { trace: 'full' }), full);
  assertError(errorOf(() => rules.route(young, DATE, { trace: 'no' })), 'invalid_value', 'options.trace');
  assertError(errorOf(() => rules.route(young, DATE, { next_transition: 1 })), 'invalid_value', 'options.next_transition');
  assertError(errorOf(() => rules.route(young, DATE, 7)), 'invalid_value', 'options');
});

test('routeMany gives a decision or an error row per case, in order, like the CLI', () => {
  const rules = RuleSet.default();
  const rows = rules.routeMany([CASE, { id: 'bad-1', birth_date: '1990-04-02', benefit: 'lots', efforts: [] }, 42, CASE], DATE);
  assert.equal(rows.length, 4);
  assert.deepEqual(rows[0], rules.route(CASE, DATE));
  assert.deepEqual(Object.keys(rows[1]), ['case_id', 'error', 'index']);
  assert.equal(rows[1].case_id, 'bad-1');
  assert.equal(rows[1].index, 1);
  assert.deepEqual(Object.keys(rows[1].error), ['code', 'field', 'message']);
  assert.equal(rows[1].error.code, 'invalid_value');
  assert.equal(rows[1].error.field, 'benefit');
  assert.deepEqual(rows[2], { case_id: null, error: rows[2].error, index: 2 });
  assert.equal(rows[2].error.field, '');
  assert.deepEqual(rows[3], rows[0]);
  assert.deepEqual(rules.routeMany([], DATE), []);
  assertError(errorOf(() => rules.routeMany(CASE, DATE)), 'invalid_value', '');
});

test('routeMany shares equal trace entries as frozen objects; the JSON is unchanged', () => {
  const rules = RuleSet.default();
  const rows = rules.routeMany([CASE, { ...CASE, id: 'other' }], DATE);
  assert.ok(rows[0].trace.length > 0);
  assert.equal(rows[0].trace.length, rows[1].trace.length);
  rows[0].trace.forEach((entry, i) => {
    assert.equal(entry, rows[1].trace[i], `entry ${i} is one object`);
    assert.ok(Object.isFrozen(entry));
  });
  assert.throws(() => { rows[0].trace[0].text_en = 'changed'; }, TypeError);
  const single = rules.route(CASE, DATE);
  assert.equal(JSON.stringify(rows[0]), JSON.stringify(single));
  assert.ok(!Object.isFrozen(single.trace[0]), 'route gives objects of its own');
  const byReference = rules.routeMany([CASE, CASE], DATE, { trace: 'reference' });
  assert.equal(byReference[0].trace[0], byReference[1].trace[0]);
  assert.deepEqual(Object.keys(byReference[0].trace[0]), ['rule', 'table', 'status']);
  assert.deepEqual(rules.routeMany([CASE], DATE, { trace: false })[0].trace, []);
});

test('routeJsonl takes JSON Lines and gives JSON Lines; blank lines are not rows', () => {
  const rules = RuleSet.default();
  const out = rules.routeJsonl(`${JSON.stringify(CASE)}\n\n{"id": "x", "benefit": 1}\n{not json\n`, DATE);
  const lines = out.split('\n');
  assert.equal(lines.length, 4);
  assert.equal(lines[3], '');
  assert.deepEqual(JSON.parse(lines[0]), rules.route(CASE, DATE));
  assert.equal(JSON.parse(lines[1]).index, 1);
  assert.equal(JSON.parse(lines[1]).case_id, 'x');
  assert.equal(JSON.parse(lines[2]).error.code, 'syntax');
  assert.equal(rules.routeJsonl('', DATE), '');
});

test('checkPlan returns the plan report; the example plan is valid on its date', () => {
  const plan = JSON.parse(readFileSync(join(ROOT, 'examples/plan.json'), 'utf8'));
  const report = RuleSet.default().checkPlan(plan, '2026-02-01');
  assert.deepEqual(Object.keys(report), ['valid', 'violations', 'case_id', 'as_of', 'rule_set']);
  assert.equal(report.case_id, plan.case_id);
  assert.equal(report.valid, !report.violations.some((v) => v.severity === 'error'));
  const empty = RuleSet.default().checkPlan({ created: '2025-01-10', case: CASE }, DATE);
  assert.equal(empty.valid, false);
  assert.ok(empty.violations.some((v) => v.code === 'PLAN_CONSENT_MISSING'));
});

test('bad input throws an Error with code, field and a message that names the field', () => {
  const rules = RuleSet.default();
  let e = errorOf(() => rules.route({ ...CASE, benefit: 'lots' }, DATE));
  assertError(e, 'invalid_value', 'benefit');
  assert.match(e.message, /^benefit: expected one of: none, /);
  assertError(errorOf(() => rules.route({ ...CASE, efforts: [{ sector: 'sel', start: '2025-02-01', end: '2025-01-01' }] }, DATE)),
    'effort_ends_before_start', 'efforts[0].end');
  assertError(errorOf(() => rules.route({ benefit: 'none', efforts: [] }, DATE)), 'no_birth_date', 'birth_date');
  assertError(errorOf(() => rules.route(CASE, '2025-6-1')), 'invalid_value', 'as_of');
  assertError(errorOf(() => rules.route({ ...CASE, birth_date: '2024-01-01' }, '2023-06-01')), 'as_of_before_birth', 'as_of');
  assertError(errorOf(() => rules.route(CASE, '1980-01-01')), 'no_version_in_force', 'as_of');
  assertError(errorOf(() => rules.route({ ...CASE, n: 1n }, DATE)), 'invalid_value', '');
  assertError(errorOf(() => rules.route(undefined, DATE)), 'invalid_value', '');
  assertError(errorOf(() => rules.checkPlan({ created: '2025-13-01', case: CASE }, DATE)), 'invalid_value', 'created');
  assertError(errorOf(() => rules.checkPlanJson('{"created": "2025-01-10", "case": ', DATE)), 'syntax', '');
  assertError(errorOf(() => RuleSet.builtin('oslo-2030')), 'unknown_rule_set', 'id');
  e = errorOf(() => RuleSet.fromToml('id = "x"\n[[versions]\n'));
  assertError(e, 'rule_set', '');
});

test('no CPR number reaches an error message or a decision', () => {
  const rules = RuleSet.default();
  const cpr = '150385-0123';
  const bad = [
    { cpr, benefit: 'none', efforts: [], name: cpr },
    { id: `sag ${cpr}`, birth_date: '1985-03-15', benefit: 'none', efforts: [] },
    { cpr: '150385-012', benefit: 'none', efforts: [] },
    { birth_date: cpr, benefit: 'none', efforts: [] },
    { birth_date: '1985-03-15', benefit: cpr, efforts: [] },
  ];
  for (const doc of bad) {
    const e = errorOf(() => rules.route(doc, DATE));
    assert.ok(!/\d{6}/.test(e.message), e.message);
    const [row] = rules.routeMany([doc], DATE);
    assert.ok(!JSON.stringify(row).includes('150385'), JSON.stringify(row));
  }
  const d = rules.route({ id: 'sag-9', cpr, benefit: 'none', efforts: [] }, DATE);
  assert.ok(!JSON.stringify(d).includes('0123'));
  assert.equal(d.age, 40);
});

test('a rule file full of CPR-like numbers (tests/cpr/): nothing the package gives back repeats one', () => {
  const text = readFileSync(join(ROOT, 'tests/cpr/cpr-in-rule-file.toml'), 'utf8');
  const numbers = /150385\D{0,3}0123|0101901234|010165\D?1234/;
  assert.ok(text.match(new RegExp(numbers.source, 'g')).length >= 15);
  const rules = RuleSet.fromToml(text);
  const out = [rules.id, rules.title, rules.municipality];
  const cases = [CASE, { id: 'sag-2', birth_date: '2008-05-10', benefit: 'none', efforts: [] }];
  for (const asOf of ['2025-06-01', '2027-06-01']) {
    for (const c of cases) {
      for (const trace of [true, false, 'reference']) out.push(JSON.stringify(rules.route(c, asOf, { trace })));
    }
    out.push(JSON.stringify(rules.routeMany([...cases, { benefit: 'x' }], asOf)));
    out.push(rules.routeJsonl(cases.map((c) => JSON.stringify(c)).join('\n'), asOf));
    out.push(JSON.stringify(rules.checkPlan({ created: asOf, case: CASE, case_id: 'sag-1' }, asOf)));
  }
  const all = out.join('\n');
  assert.equal(rules.id, 'rules [CPR removed]');
  assert.ok(all.includes('[CPR removed]'));
  assert.ok(!numbers.test(all), all.match(numbers)?.[0]);
  rules.free();
  const e = errorOf(() => RuleSet.fromToml('id = "x 150385-0123"\ntitle = 1503850123\n'));
  assert.ok(!numbers.test(`${e.message} ${e.field}`), e.message);
});

test('birthDateFromCpr derives the birth date by core’s rule and never echoes the number', () => {
  assert.equal(birthDateFromCpr('150385-0123'), '1985-03-15');
  assert.equal(birthDateFromCpr('0101104123'), '2010-01-01');
  const e = errorOf(() => birthDateFromCpr('150385-01'));
  assertError(e, 'invalid_cpr', 'cpr');
  assert.ok(!/\d{4}/.test(e.message), e.message);
});

test('a panic becomes a thrown Error (code internal), and the module keeps working', () => {
  const e = errorOf(() => helhed.__panicForTests());
  assertError(e, 'internal', '');
  assert.match(e.message, /internal error in helhed: panic/);
  assert.equal(RuleSet.default().route(CASE, DATE).case_id, 'sag-1');
});

test('free() and Symbol.dispose release a rule set; using it afterwards throws', () => {
  const rules = RuleSet.builtin('ds-2017');
  rules.free();
  assert.throws(() => rules.route(CASE, DATE));
  const disposable = RuleSet.builtin('ds-2017');
  assert.equal(typeof disposable[Symbol.dispose], 'function');
  disposable[Symbol.dispose]();
  assert.throws(() => disposable.route(CASE, DATE));
});

test('the node build loads with import as well as require', async () => {
  const module = await import(pathToFileURL(join(PKG, 'helhed.js')).href);
  const RuleSetEsm = module.RuleSet ?? module.default.RuleSet;
  assert.equal(RuleSetEsm.default().route(CASE, DATE).unit, RuleSet.default().route(CASE, DATE).unit);
});
