// Type-checked only (`tsc --noEmit`): the generated declarations describe the API a TypeScript
// user writes against. A wrong field name or type here fails the check.
import { RuleSet, birthDateFromCpr } from '../pkg/node/helhed';
import type { Case, Decision, ErrorRow, HelhedError, Plan, PlanReport, RouteRow, RuleSetInfo } from '../pkg/node/helhed';

const kase: Case = {
  id: 'sag-1',
  birth_date: birthDateFromCpr('150385-0123'),
  benefit: 'kontanthjaelp',
  efforts: [{ sector: 'sel', law: 'SEL', section: '§ 85', kind: 'bostøtte', start: '2024-01-01', end: null }],
  social_events: ['homelessness'],
  needs: ['lab'],
};

export function decide(): string {
  using rules = RuleSet.builtin('ds-2017');
  const decision: Decision = rules.route(kase, '2025-01-01', { trace: false });
  const unit: 'ungeindsatsen' | 'arbejdsmarked' | 'socialomraadet' | 'out_of_scope' | 'manual_review' = decision.unit;
  const caseworkers: number = decision.caseworkers;
  const next: string | undefined = decision.next_transition?.reason_da;
  const sources: string[] = decision.trace.map((entry) => `${entry.status}: ${entry.source}`);
  return `${unit} ${caseworkers} ${next} ${sources.join()}`;
}

export function batch(cases: Case[]): number {
  const rules = RuleSet.default();
  const rows: RouteRow[] = rules.routeMany(cases);
  const errors = rows.filter((row): row is ErrorRow => 'error' in row);
  const codes: string[] = errors.map((row) => `${row.index} ${row.case_id ?? ''} ${row.error.code} ${row.error.field}`);
  const jsonl: string = rules.routeJsonl(cases.map((c) => JSON.stringify(c)).join('\n'));
  rules.free();
  return codes.length + jsonl.length;
}

export function check(plan: Plan): boolean {
  const report: PlanReport = RuleSet.default().checkPlan(plan, '2026-02-01');
  for (const v of report.violations) {
    const severity: 'error' | 'warning' = v.severity;
    console.log(v.code, severity, v.path, v.message_da, v.reference);
  }
  return report.valid;
}

export function list(): string[] {
  const infos: RuleSetInfo[] = RuleSet.list();
  return infos.map((r) => `${r.id} ${r.default} ${r.sha256}`);
}

export function fail(): string {
  try {
    RuleSet.default().route({ ...kase, benefit: 'none' }, 'tomorrow');
    return '';
  } catch (e) {
    const error = e as HelhedError;
    return `${error.code} ${error.field} ${error.message}`;
  }
}

// @ts-expect-error: `benefit` is a closed vocabulary.
export const wrong: Case = { birth_date: '2000-01-01', benefit: 'lots', efforts: [] };
