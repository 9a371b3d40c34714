// The responsible-AI principles as the AI inventory shows them, from App.AIPrinciples
// (backend/principle): per AI system, the principles weighed at each of its gates; per
// principle, the systems and gates that applied it.
import type { EvidenceMetric, Weighing } from '../../lib/api';
import { STAGES } from './inventory';

export interface StageWeighed {
  stage: string;
  weighed: Weighing[];
}

/** The weighings grouped by the gate of their stage, in lifecycle order. */
export function byStage(weighed: Weighing[]): StageWeighed[] {
  return STAGES.map((stage) => ({ stage, weighed: weighed.filter((w) => w.stage === stage) })).filter((s) => s.weighed.length > 0);
}

/** "2 gates on 1 system", for a principle's row. */
export function appliedText(weighed: Weighing[]): string {
  if (!weighed.length) return 'not weighed yet';
  const systems = new Set(weighed.map((w) => w.aiSystem)).size;
  return `${weighed.length} gate${weighed.length === 1 ? '' : 's'} on ${systems} system${systems === 1 ? '' : 's'}`;
}

/** The metrics per principle name, for a system's card: one entry per principle. */
export function evidenceByPrinciple(metrics: EvidenceMetric[]): { principle: string; name: string; metrics: EvidenceMetric[] }[] {
  const out = new Map<string, { principle: string; name: string; metrics: EvidenceMetric[] }>();
  for (const m of metrics) {
    const e = out.get(m.principle) ?? { principle: m.principle, name: m.principleName, metrics: [] };
    e.metrics.push(m);
    out.set(m.principle, e);
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Per AI system, the gates that applied a principle, in lifecycle order: which systems and gates applied it. */
export function appliedBySystem(weighed: Weighing[]): { aiSystem: string; name: string; stages: string[] }[] {
  const out = new Map<string, { aiSystem: string; name: string; stages: string[] }>();
  for (const w of weighed) {
    const e = out.get(w.aiSystem) ?? { aiSystem: w.aiSystem, name: w.aiSystemName, stages: [] };
    if (!e.stages.includes(w.stage)) e.stages.push(w.stage);
    out.set(w.aiSystem, e);
  }
  const at = (s: string) => STAGES.indexOf(s as (typeof STAGES)[number]);
  return [...out.values()]
    .map((e) => ({ ...e, stages: e.stages.sort((a, b) => at(a) - at(b)) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
