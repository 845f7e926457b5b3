// The caseworker page: a form for one citizen's situation, the decision of helhed (run in this
// browser from the package's web build), and a checklist for a coordinating plan.
//
// Privacy: nothing leaves the page. The form has no action and its controls no names; a CPR
// number typed in is turned into a birth date by helhed and then cleared from the page.
import init, { RuleSet, birthDateFromCpr } from '../../bindings/wasm/pkg/web/helhed.js';
import { TEXT, VALUES } from './i18n.js';

const $ = (id) => document.getElementById(id);
const state = { lang: 'da', ruleSets: new Map(), lastDecision: null, lastReport: null, efforts: 0 };
const t = (key) => TEXT[state.lang][key];
const valueName = (kind, value) => TEXT[state.lang].values[kind]?.[value] ?? value;

/** Makes an element with text (never HTML) and children. */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child);
  return node;
}

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// ---- the form ------------------------------------------------------------------------------

function fillSelect(select, kind, values, selected) {
  const current = select.value || selected;
  select.replaceChildren(...values.map((v) => el('option', { value: v, text: valueName(kind, v) })));
  select.value = current;
}

function fillChecks(fieldset, kind, values) {
  const checked = new Set([...fieldset.querySelectorAll('input:checked')].map((i) => i.value));
  const legend = fieldset.querySelector('legend');
  fieldset.replaceChildren(legend, ...values.map((v) => {
    const id = `${fieldset.id}-${v}`;
    const box = el('input', { type: 'checkbox', id, value: v });
    box.checked = checked.has(v);
    return el('div', { class: 'check' }, box, el('label', { for: id, text: valueName(kind, v) }));
  }));
}

function addEffort(effort = {}) {
  const n = state.efforts++;
  const item = el('li', { class: 'effort', 'data-effort': String(n) });
  const field = (name, control) => {
    control.id = `effort-${n}-${name}`;
    control.dataset.part = name;
    return el('div', { class: 'field' }, el('label', { for: control.id, 'data-i18n': name, text: t(name) }), control);
  };
  const sector = el('select');
  fillSelect(sector, 'sector', VALUES.sector, effort.sector ?? 'sel');
  const text = (v) => { const i = el('input', { type: 'text' }); i.value = v ?? ''; return i; };
  const date = (v) => { const i = el('input', { type: 'date' }); i.value = v ?? ''; return i; };
  const remove = el('button', { type: 'button', class: 'remove', 'data-i18n': 'remove_effort', text: t('remove_effort') });
  remove.addEventListener('click', () => { item.remove(); $('add-effort').focus(); });
  item.append(
    field('sector', sector), field('law', text(effort.law)), field('section', text(effort.section)),
    field('kind', text(effort.kind)), field('start', date(effort.start)), field('end', date(effort.end)),
    remove,
  );
  $('efforts').append(item);
  return item;
}

/** The case document the form describes (the contract's field names). */
function caseFromForm() {
  const checked = (id) => [...$(id).querySelectorAll('input:checked')].map((i) => i.value);
  const doc = {
    birth_date: $('birth_date').value || undefined,
    benefit: $('benefit').value,
    education_status: $('education_status').value,
    legal_capacity: $('legal_capacity').value,
    efforts: [...$('efforts').children].map((item) => {
      const part = (name) => item.querySelector(`[data-part="${name}"]`).value.trim();
      return {
        sector: part('sector'), law: part('law') || null, section: part('section') || null,
        kind: part('kind') || null, start: part('start') || undefined, end: part('end') || null,
      };
    }),
    needs: checked('needs'),
    social_events: checked('social_events'),
    plans: checked('plans'),
  };
  for (const flag of VALUES.flag) doc[flag] = $(`flags-${flag}`).checked;
  const outcome = $('visitation').value;
  if (outcome) doc.visitation = { outcome, date: $('visitation_date').value || undefined };
  if ($('visitation_category').value) doc.visitation_category = $('visitation_category').value;
  return doc;
}

/** A CPR number becomes a birth date (by helhed's rule), and the number is cleared at once. */
function useCpr() {
  const input = $('cpr');
  const cpr = input.value.trim();
  if (!cpr) return true;
  try {
    $('birth_date').value = birthDateFromCpr(cpr);
    input.value = '';
    input.removeAttribute('aria-invalid');
    $('cpr-status').textContent = t('cpr_used');
    return true;
  } catch (e) {
    showError($('error'), e);
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return false;
  }
}

// ---- results ---------------------------------------------------------------------------------

function showError(box, e) {
  const field = e.field ? ` (${t('field')}: ${e.field})` : '';
  box.replaceChildren(el('strong', { text: `${t('error')}: ` }), `${e.message}${field}`);
  box.hidden = false;
  const control = controlFor(e.field ?? '');
  if (control && box === $('error')) control.setAttribute('aria-invalid', 'true');
}

function controlFor(field) {
  const effort = /^efforts\[(\d+)\]\.(\w+)/.exec(field);
  if (effort) return $('efforts').children[Number(effort[1])]?.querySelector(`[data-part="${effort[2]}"]`);
  const top = field.split(/[.[]/)[0];
  return document.getElementById(top === 'as_of' ? 'as_of' : top) ?? null;
}

function clearErrors() {
  $('error').hidden = true;
  $('error').replaceChildren();
  for (const c of document.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
}

function renderDecision(d) {
  const unitName = (u) => (u ? valueName('unit', u) : t('none'));
  const rows = [
    ['unit', unitName(d.unit), d.unit],
    ['coordinating_unit', unitName(d.coordinating_unit), d.coordinating_unit ?? ''],
    ['co_units', d.co_units.length ? d.co_units.map(unitName).join(', ') : t('none'), d.co_units.join(',')],
    ['caseworkers', String(d.caseworkers), String(d.caseworkers)],
    ['eligible', d.eligible ? t('yes') : t('no'), String(d.eligible)],
    ['target_group', d.target_group ? t('yes') : t('no'), String(d.target_group)],
    ['age', `${d.age} ${t('years')}`, String(d.age)],
    ['forum', d.forum ?? t('none'), d.forum ?? ''],
    ['version', `${d.rule_set.id} ${d.rule_set.version}`, d.rule_set.version],
  ];
  $('summary').replaceChildren(...rows.flatMap(([key, shown, raw]) => [
    el('dt', { text: t(key) }),
    el('dd', { id: `out-${key}`, 'data-value': raw, text: shown }),
  ]));
  $('obligations').replaceChildren(...(d.obligations.length
    ? d.obligations.map((o) => el('li', { 'data-kind': o.kind },
      el('strong', { text: valueName('obligation', o.kind) }), ` — ${unitName(o.unit)} `,
      el('span', { class: 'ref', text: `(${o.reference})` })))
    : [el('li', { text: t('no_obligations') })]));
  const next = d.next_transition;
  $('transition').textContent = next
    ? t('transition')(next, unitName(next.unit), next.target_group)
    : t('no_transition');
  $('reasons').replaceChildren(...d.trace.map((r) => el('li', { 'data-rule': r.rule, 'data-status': r.status },
    el('p', { text: state.lang === 'da' ? r.text_da : r.text_en }),
    el('p', { class: 'source' },
      el('span', { class: `badge ${r.status}`, text: t(`status_${r.status}`) ?? r.status }),
      ` ${t('source')}: ${r.source}`),
  )));
  $('result').hidden = false;
}

function renderReport(report) {
  const box = $('plan-result');
  const head = el('p', { id: 'plan-valid', class: report.valid ? 'ok' : 'bad', 'data-valid': String(report.valid),
    text: report.valid ? t('plan_valid') : t('plan_invalid') });
  const items = report.violations.map((v) => el('li', { 'data-code': v.code, 'data-severity': v.severity },
    el('span', { class: `badge ${v.severity}`, text: t(`severity_${v.severity}`) }), ' ',
    el('strong', { text: state.lang === 'da' ? v.message_da : v.message_en }),
    el('p', { class: 'source', text: `${v.code} · ${v.path || '—'} · ${t('reference')}: ${v.reference}` })));
  box.replaceChildren(head, items.length ? el('ul', { id: 'violations', class: 'violations' }, ...items)
    : el('p', { text: t('plan_no_findings') }));
}

// ---- wiring ------------------------------------------------------------------------------------

function currentRuleSet() {
  const id = $('rule_set').value;
  if (!state.ruleSets.has(id)) state.ruleSets.set(id, RuleSet.builtin(id));
  return state.ruleSets.get(id);
}

function route(event) {
  event.preventDefault();
  clearErrors();
  if (!useCpr()) return;
  try {
    const rules = currentRuleSet();
    state.lastDecision = rules.route(caseFromForm(), $('as_of').value || undefined);
    renderDecision(state.lastDecision);
    $('rule-set-info').textContent = `${rules.id} — ${rules.title} (sha256 ${rules.sha256.slice(0, 12)})`;
    $('result-heading').focus();
  } catch (e) {
    state.lastDecision = null;
    $('result').hidden = true;
    showError($('error'), e);
  }
}

function checkPlan() {
  const box = $('plan-error');
  box.hidden = true;
  $('plan-result').replaceChildren();
  let plan;
  try {
    plan = JSON.parse($('plan-json').value);
  } catch {
    showError(box, { message: t('plan_not_json'), field: '' });
    return;
  }
  try {
    state.lastReport = currentRuleSet().checkPlan(plan, $('as_of').value || undefined);
    renderReport(state.lastReport);
  } catch (e) {
    state.lastReport = null;
    showError(box, e);
  }
}

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.title = t('title');
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  const button = $('lang');
  button.textContent = t('lang_switch');
  button.lang = state.lang === 'da' ? 'en' : 'da';
  button.setAttribute('aria-pressed', String(state.lang === 'en'));
  fillSelect($('benefit'), 'benefit', VALUES.benefit, 'none');
  fillSelect($('education_status'), 'education_status', VALUES.education_status, 'none');
  fillSelect($('legal_capacity'), 'legal_capacity', VALUES.legal_capacity, 'full');
  fillSelect($('visitation'), 'visitation', VALUES.visitation, '');
  fillSelect($('visitation_category'), 'visitation_category', VALUES.visitation_category, '');
  for (const select of document.querySelectorAll('[data-part="sector"]')) fillSelect(select, 'sector', VALUES.sector, 'sel');
  fillChecks($('flags'), 'flag', VALUES.flag);
  fillChecks($('needs'), 'sector', VALUES.sector);
  fillChecks($('social_events'), 'social_event', VALUES.social_event);
  fillChecks($('plans'), 'plan', VALUES.plan);
  if ($('cpr-status').textContent) $('cpr-status').textContent = t('cpr_used');
  if (state.lastDecision) renderDecision(state.lastDecision);
  if (state.lastReport) renderReport(state.lastReport);
}

async function main() {
  try {
    await init();
  } catch (e) {
    showError($('error'), { message: t('loading_failed'), field: '' });
    throw e;
  }
  const select = $('rule_set');
  select.replaceChildren(...RuleSet.list().map((r) => el('option', { value: r.id, text: `${r.title} (${r.id})` })));
  select.value = RuleSet.list().find((r) => r.default)?.id ?? select.value;
  $('as_of').value = today();
  applyLanguage();
  $('case-form').addEventListener('submit', route);
  $('cpr').addEventListener('change', () => { clearErrors(); useCpr(); });
  $('add-effort').addEventListener('click', () => addEffort().querySelector('select').focus());
  $('lang').addEventListener('click', () => { state.lang = state.lang === 'da' ? 'en' : 'da'; applyLanguage(); });
  $('example-plan').addEventListener('click', async () => {
    const response = await fetch('../plan.json');
    $('plan-json').value = await response.text();
    $('plan-json').focus();
  });
  $('check-plan').addEventListener('click', checkPlan);
  document.body.dataset.ready = 'true';
}

main();
