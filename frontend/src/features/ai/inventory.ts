// The AI inventory overview, put together from the records: one row per AI system with its
// lifecycle stage and the state of its stage gate. The gate comes from the backend
// (App.AIGates, the rule a save is checked with: backend/ims/gate.go), so the screen says
// what a move to deployment would still need before anyone tries.
import type { Gate, GateGap, GateState, KeelRecord, MonitoringReading } from '../../lib/api';

export const STAGES = [
  'design and development',
  'verification and validation',
  'deployment',
  'operation and monitoring',
  'retired',
] as const;
export const LIVE = ['deployment', 'operation and monitoring'];

export interface Ref {
  id: string;
  title: string;
}

export interface InventoryRow {
  id: string;
  name: string;
  owner: string;
  provenance: string;
  supplier: Ref | null;
  stage: string;
  stageIndex: number;
  live: boolean;
  gate: GateState;
  /** What the gate still lacks, as the backend checks it (empty once passed or retired). */
  gaps: GateGap[];
  /** Who approved the gate and when, or who decided the override. */
  gateBy: string;
  gateOn: string;
  /** How each stage up to the current one was passed, by stage index: only 'approved' ticks. */
  marks: StageMarkKind[];
  decisionImpact: string;
  personalData: boolean;
  processing: Ref | null;
  assessment: (Ref & { status: string }) | null;
  /** The linked assessment is missing, of another system, or not approved. */
  assessmentProblem: string;
  risks: Ref[];
  latestBreach: MonitoringReading | null;
  readings: number;
}

/** How a stage was passed: with its own approval, on an override, or with neither. */
export type StageMarkKind = 'approved' | 'override' | 'none';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);

/** One row per AI system, live ones first, then by stage (furthest first) and name. */
export function inventoryRows(
  systems: KeelRecord[],
  related: KeelRecord[],
  readings: MonitoringReading[],
  gates: { [aiSystem: string]: Gate },
): InventoryRow[] {
  const byId = new Map<string, KeelRecord>();
  for (const r of [...systems, ...related]) byId.set(r.id, r);
  const ref = (id: string, kind: string): Ref | null => {
    if (!id) return null;
    const r = byId.get(id);
    return { id, title: r && r.kind === kind ? r.title || '(untitled)' : '(not found)' };
  };
  // Readings come newest first: the first breach per system is its latest.
  const breach = new Map<string, MonitoringReading>();
  const count = new Map<string, number>();
  for (const m of readings) {
    count.set(m.aiSystem, (count.get(m.aiSystem) ?? 0) + 1);
    if (m.breach && !breach.has(m.aiSystem)) breach.set(m.aiSystem, m);
  }
  // Risks linked either way, as Readiness counts them.
  const risksOf = new Map<string, Ref[]>();
  const addRisk = (sys: string, r: KeelRecord) => {
    const l = risksOf.get(sys) ?? [];
    if (!l.some((x) => x.id === r.id)) l.push({ id: r.id, title: r.title || '(untitled)' });
    risksOf.set(sys, l);
  };
  for (const r of related) if (r.kind === 'risk') for (const s of list(r.fields.ai_systems)) addRisk(s, r);
  for (const s of systems) for (const id of list(s.fields.risks)) {
    const r = byId.get(id);
    if (r?.kind === 'risk') addRisk(s.id, r);
  }

  const rows = systems.map((s): InventoryRow => {
    const stage = str(s.fields.stage);
    const live = LIVE.includes(stage);
    // A system created since the gates were read has not passed anything yet.
    const { state: gate, gaps, stages: stageMarks = [] } = gates[s.id] ?? { state: 'blocked', gaps: [] };
    const current = stageMarks.find((m) => m.stage === stage && m.mark === 'approved');
    // The linked assessment, or else one that names the system (approved first), as the gate counts it.
    const naming = related.filter((r) => r.kind === 'impact_assessment' && str(r.fields.ai_system) === s.id);
    const iaId = str(s.fields.impact_assessment) || (naming.find((r) => str(r.fields.status) === 'approved') ?? naming[0])?.id || '';
    const iaRec = iaId ? byId.get(iaId) : undefined;
    const assessment = iaId ? { ...(ref(iaId, 'impact_assessment') as Ref), status: str(iaRec?.fields.status) } : null;
    const iaGap = gaps.find((g) => g.field === 'impact_assessment');
    return {
      id: s.id,
      name: str(s.fields.name) || s.title || '(unnamed)',
      owner: str(s.fields.owner),
      provenance: str(s.fields.provenance),
      supplier: ref(str(s.fields.supplier), 'supplier'),
      stage,
      stageIndex: STAGES.indexOf(stage as (typeof STAGES)[number]),
      live,
      gate,
      gaps,
      // Who approved the current stage: its stage approval, or the gate fields.
      gateBy: gate === 'override' ? str(s.fields.gate_override_by) : current?.by || str(s.fields.gate_approved_by),
      gateOn: gate === 'override' ? '' : current?.by ? current.on : str(s.fields.gate_approved_on),
      marks: STAGES.map((st): StageMarkKind => {
        const m = stageMarks.find((x) => x.stage === st)?.mark;
        return m === 'approved' || m === 'override' ? m : 'none';
      }),
      decisionImpact: str(s.fields.decision_impact),
      personalData: s.fields.personal_data === true,
      processing: ref(str(s.fields.processing_activity), 'processing_activity'),
      assessment,
      assessmentProblem: iaGap && assessment ? iaGap.needs : '',
      risks: risksOf.get(s.id) ?? [],
      latestBreach: breach.get(s.id) ?? null,
      readings: count.get(s.id) ?? 0,
    };
  });
  const rank = (r: InventoryRow) => (r.stage === 'retired' ? -1 : r.stageIndex);
  return rows.sort((a, b) => rank(b) - rank(a) || a.name.localeCompare(b.name));
}

/** The gate in a few words, for the badge. */
export function gateText(r: InventoryRow): string {
  switch (r.gate) {
    case 'approved':
      return 'gate approved';
    case 'override':
      return r.live ? 'live on an override' : 'override recorded';
    case 'ready':
      return 'ready for deployment';
    case 'retired':
      return 'retired';
    case 'blocked':
      return r.live ? 'live without the gate' : 'gate blocked';
  }
}

/**
 * The dot of a stage in the stepper: a tick only for a stage passed with its own approval, a
 * flag for one passed on an override; the current stage keeps its number (its colour says how
 * it was entered).
 */
export function stepDot(r: InventoryRow, i: number): string {
  if (i >= r.stageIndex) return String(i + 1);
  if (r.marks[i] === 'approved') return '✓';
  if (r.marks[i] === 'override') return '⚑';
  return String(i + 1);
}

/** The stage's state in words, for its accessible name. */
export function stepState(r: InventoryRow, i: number): string {
  if (i > r.stageIndex) return 'not reached';
  const at = i === r.stageIndex ? 'current' : 'passed';
  if (r.marks[i] === 'approved') return `${at}, approved`;
  if (r.marks[i] === 'override') return `${at}, on an override`;
  return `${at}, no approval recorded`;
}
