// The caseworker page (examples/web) in a real browser: Debian's Chromium driven by
// playwright-core, the page served on 127.0.0.1 by examples/web/serve.mjs. Two of seed 001's
// example cases and one bad input are filled in; the unit, the reasons and the error shown are
// checked, then the plan checklist, the English switch and the phone layout. Screenshots go to
// bindings/wasm/test-artifacts/ (not committed).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../../../examples/web/serve.mjs';
import { ROOT, helhed } from './helpers.mjs';

const ARTIFACTS = join(ROOT, 'bindings/wasm/test-artifacts');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const DATE = '2026-02-01';
let server;
let browser;
let base;
const requests = [];

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serve();
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done()));
});

async function openPage(viewport) {
  const page = await browser.newPage({ viewport, locale: 'da-DK' });
  page.on('request', (r) => requests.push(r.url()));
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${base}/examples/web/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return { page, problems };
}

/** Fills the form for one case; efforts are [sector, law, section, kind, start, end]. */
async function fill(page, { birthDate, cpr, benefit, efforts = [], socialEvents = [], needs = [], visitation }) {
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  if (cpr) {
    await page.getByLabel('eller CPR-nummer').fill(cpr);
    await page.getByLabel('eller CPR-nummer').press('Tab');
  } else {
    await page.getByLabel('Fødselsdato').fill(birthDate);
  }
  await page.getByLabel('Ydelse').selectOption(benefit);
  if (visitation) {
    await page.getByLabel('Visitation til målgruppen').selectOption(visitation.outcome);
    await page.getByLabel('Visitationsdato').fill(visitation.date);
  }
  for (const [i, [sector, law, section, kind, start, end]] of efforts.entries()) {
    await page.getByRole('button', { name: 'Tilføj indsats' }).click();
    const item = page.locator(`#efforts > li`).nth(i);
    await item.getByLabel('Lovområde').selectOption(sector);
    await item.getByLabel('Lov', { exact: true }).fill(law);
    await item.getByLabel('Paragraf').fill(section);
    await item.getByLabel('Hvad').fill(kind);
    await item.getByLabel('Start').fill(start);
    if (end) await item.getByLabel(/^Slut/).fill(end);
  }
  for (const event of socialEvents) await page.locator(`#social_events-${event}`).check();
  for (const need of needs) await page.locator(`#needs-${need}`).check();
  await page.getByLabel('Dato', { exact: true }).fill(DATE);
  await page.getByRole('button', { name: 'Afgør' }).press('Enter');
}

const shown = (page, key) => page.locator(`#out-${key}`).getAttribute('data-value');

test('seed 001, example 2: a young adult on uddannelseshjælp, entered by CPR number → Ungeindsatsen', async () => {
  const { page, problems } = await openPage({ width: 1280, height: 900 });
  // Born 1 March 2001: the seventh digit 4 with the year 01 is the 2000s by the CPR rule.
  const cpr = '010301-4321';
  await fill(page, {
    cpr,
    benefit: 'uddannelseshjaelp',
    efforts: [
      ['health', 'Sundhedsloven', '', 'lokalpsykiatri', '2024-05-01'],
      ['sel', 'SEL', '§ 101', 'rusmiddelbehandling', '2024-08-01'],
      ['lab', 'LAB', '§ 91', 'virksomhedspraktik', '2025-09-01'],
    ],
    socialEvents: ['substance_abuse', 'psychiatric_illness'],
  });
  // The CPR number became a birth date and is gone from the page.
  assert.equal(await page.getByLabel('eller CPR-nummer').inputValue(), '');
  assert.equal(await page.getByLabel('Fødselsdato').inputValue(), '2001-03-01');
  assert.ok(!(await page.content()).includes('4321'), 'the CPR number is still in the page');
  await page.waitForSelector('#result:not([hidden])');
  assert.equal(await shown(page, 'unit'), 'ungeindsatsen');
  assert.equal(await page.locator('#out-unit').textContent(), 'Ungeindsatsen');
  assert.equal(await shown(page, 'age'), '24');
  const reasons = page.locator('#reasons > li');
  assert.ok((await reasons.count()) >= 3);
  const rules = await reasons.evaluateAll((items) => items.map((li) => li.dataset.rule));
  assert.ok(rules.some((r) => r.startsWith('routing.young-adult')), rules.join());
  const statuses = await reasons.evaluateAll((items) => items.map((li) => li.querySelector('.badge').textContent));
  assert.ok(statuses.every((s) => s === 'kilde' || s === 'antagelse'), statuses.join());
  assert.match(await reasons.first().locator('p.source').textContent(), /Kilde: /);
  await page.screenshot({ path: join(ARTIFACTS, 'example-2-desktop.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('seed 001, example 3: over 30 with mentor and bostøtte and homelessness → Arbejdsmarked and two caseworkers', async () => {
  const { page, problems } = await openPage({ width: 1280, height: 900 });
  await fill(page, {
    birthDate: '1984-10-12',
    benefit: 'kontanthjaelp',
    efforts: [
      ['lab', 'LAB', '§ 78', 'mentor', '2025-06-01'],
      ['sel', 'SEL', '§ 85', 'bostøtte', '2025-03-01'],
    ],
    socialEvents: ['homelessness', 'substance_abuse'],
    // "Borgeren modtager en helhedsorienteret indsats": screened in to the target group.
    visitation: { outcome: 'screened_in', date: '2025-09-01' },
  });
  await page.waitForSelector('#result:not([hidden])');
  // "de sociale indsatser bevilliges af velfærdsområdet, mens de arbejdsmarkedsrettede tilbud
  // bevilliges af arbejdsmarkedsafdelingen. Borgeren vil i disse sager have to sagsbehandlere."
  assert.equal(await shown(page, 'unit'), 'arbejdsmarked');
  assert.equal(await shown(page, 'caseworkers'), '2');
  assert.equal(await shown(page, 'co_units'), 'socialomraadet');
  assert.equal(await shown(page, 'target_group'), 'true');
  const rules = await page.locator('#reasons > li').evaluateAll((items) => items.map((li) => li.dataset.rule));
  assert.ok(rules.includes('routing.adult-joint-plan'), rules.join());
  const kinds = await page.locator('#obligations > li').evaluateAll((items) => items.map((li) => li.dataset.kind));
  assert.ok(kinds.includes('offer_coordinating_plan'), kinds.join());
  // The page shows what the package decides for the same case.
  const expected = helhed.RuleSet.default().route({
    birth_date: '1984-10-12', benefit: 'kontanthjaelp', social_events: ['homelessness', 'substance_abuse'],
    visitation: { outcome: 'screened_in', date: '2025-09-01' },
    efforts: [
      { sector: 'lab', law: 'LAB', section: '§ 78', kind: 'mentor', start: '2025-06-01', end: null },
      { sector: 'sel', law: 'SEL', section: '§ 85', kind: 'bostøtte', start: '2025-03-01', end: null },
    ],
  }, DATE);
  assert.deepEqual(rules, expected.trace.map((e) => e.rule));
  const first = await page.locator('#reasons > li p').first().textContent();
  assert.equal(first, expected.trace[0].text_da);
  // English: the labels and the reasons switch language.
  await page.getByRole('button', { name: 'English' }).click();
  assert.equal(await page.locator('h1').textContent(), 'Who has the case?');
  assert.equal(await page.locator('#reasons > li p').first().textContent(), expected.trace[0].text_en);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.screenshot({ path: join(ARTIFACTS, 'example-3-english-desktop.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('bad input: an effort that ends before it starts shows the error, naming the field', async () => {
  const { page } = await openPage({ width: 1280, height: 900 });
  await fill(page, {
    birthDate: '1990-01-01',
    benefit: 'kontanthjaelp',
    efforts: [['sel', 'SEL', '§ 85', 'bostøtte', '2025-05-01', '2025-01-01']],
  });
  const error = page.getByRole('alert').first();
  await error.waitFor();
  assert.match(await error.textContent(), /efforts\[0\]\.end: the effort ends before it starts \(felt: efforts\[0\]\.end\)/);
  assert.equal(await page.locator('#result').isHidden(), true);
  assert.equal(await page.locator('#efforts > li').first().getByLabel(/^Slut/).getAttribute('aria-invalid'), 'true');
  // A CPR number that is not one: the error does not repeat it, and the field keeps it to correct.
  await page.getByLabel('eller CPR-nummer').fill('310299-12');
  await page.getByRole('button', { name: 'Afgør' }).click();
  const message = await error.textContent();
  assert.match(message, /\(felt: cpr\)/);
  assert.ok(!message.includes('310299'), message);
  await page.close();
});

test('plan checklist: the example plan, then a pasted plan with violations', async () => {
  const { page, problems } = await openPage({ width: 1280, height: 900 });
  await page.getByLabel('Dato', { exact: true }).fill(DATE);
  await page.getByRole('button', { name: 'Brug eksempelplanen' }).click();
  await page.waitForFunction(() => document.getElementById('plan-json').value.length > 100);
  await page.getByRole('button', { name: 'Tjek planen' }).click();
  const plan = JSON.parse(readFileSync(join(ROOT, 'examples/plan.json'), 'utf8'));
  const expected = helhed.RuleSet.default().checkPlan(plan, DATE);
  await page.waitForSelector('#plan-valid');
  assert.equal(await page.locator('#plan-valid').getAttribute('data-valid'), String(expected.valid));
  const shownCodes = await page.locator('#violations > li').evaluateAll((items) => items.map((li) => li.dataset.code));
  assert.deepEqual(shownCodes, expected.violations.map((v) => v.code));

  const pasted = { created: '2025-01-10', case: { birth_date: '1990-04-02', benefit: 'kontanthjaelp', efforts: [] } };
  await page.getByLabel(/Planen som JSON/).fill(JSON.stringify(pasted));
  await page.getByRole('button', { name: 'Tjek planen' }).click();
  await page.waitForSelector('#plan-valid[data-valid="false"]');
  const items = page.locator('#violations > li');
  const codes = await items.evaluateAll((list) => list.map((li) => li.dataset.code));
  assert.ok(codes.includes('PLAN_CONSENT_MISSING'), codes.join());
  const report = helhed.RuleSet.default().checkPlan(pasted, DATE);
  assert.deepEqual(codes, report.violations.map((v) => v.code));
  assert.equal(await items.first().locator('strong').textContent(), report.violations[0].message_da);
  await page.getByLabel(/Planen som JSON/).fill('{"created": ');
  await page.getByRole('button', { name: 'Tjek planen' }).click();
  assert.match(await page.locator('#plan-error').textContent(), /ikke gyldig JSON/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('phone width: the form and the result fit without sideways scrolling', async () => {
  const { page } = await openPage({ width: 390, height: 844 });
  await fill(page, {
    birthDate: '1984-10-12',
    benefit: 'kontanthjaelp',
    efforts: [['lab', 'LAB', '§ 78', 'mentor', '2025-06-01'], ['sel', 'SEL', '§ 85', 'bostøtte', '2025-03-01']],
    socialEvents: ['homelessness'],
  });
  await page.waitForSelector('#result:not([hidden])');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await page.screenshot({ path: join(ARTIFACTS, 'example-3-phone.png'), fullPage: true });
  await page.locator('#result').screenshot({ path: join(ARTIFACTS, 'example-3-phone-result.png') });
  await page.locator('#case-form').screenshot({ path: join(ARTIFACTS, 'example-3-phone-form.png') });
  // Every form control has a label.
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((c) => !c.labels || c.labels.length === 0).map((c) => c.id));
  assert.deepEqual(unlabelled, []);
  await page.close();
});

test('nothing but the page’s own files was requested, from 127.0.0.1', () => {
  assert.ok(requests.length > 0);
  for (const url of requests) assert.ok(url.startsWith(`${base}/`), url);
  assert.ok(requests.some((u) => u.endsWith('helhed_bg.wasm')));
  for (const url of requests) assert.ok(!/4321|010301/.test(url), url);
});
