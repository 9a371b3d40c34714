import { describe, expect, it } from 'vitest';
import type { Gate, GateGap, KeelRecord, MonitoringReading } from '../../lib/api';
import { gateText, inventoryRows } from './inventory';

const actor = { name: 'T', email: '', role: '' };
function rec(kind: string, id: string, fields: KeelRecord['fields']): KeelRecord {
  return { id, kind, title: String(fields.name ?? fields.title ?? id), fields, deleted: false, createdAt: '', createdBy: actor, updatedAt: '', updatedBy: actor };
}
const reading = (over: Partial<MonitoringReading>): MonitoringReading => ({
  id: 'm', title: 'drift', aiSystem: 'a', metricType: 'drift', metric: '', value: 1, threshold: 0.5, direction: 'breach when above', date: '2026-01-01', breach: true, ...over,
});

const risk = rec('risk', 'r1', { title: 'Risk', ai_systems: ['a'] });
const iaOk = rec('impact_assessment', 'ia1', { title: 'IA', ai_system: 'a', status: 'approved' });
const gateOk = { risks: ['r1'], impact_assessment: 'ia1', gate_approved_by: 'Tom', gate_approved_on: '2026-01-02' };
const approved: Gate = { state: 'approved', gaps: [] };
const gap = (field: string, needs: string): GateGap => ({ field, needs, message: `${field}: ${needs}` });

// The gate rule itself is the backend's (backend/ims/gate_test.go TestGateOf); the rows carry it.
describe('inventoryRows', () => {
  it('shows the gate the backend worked out, with what it lacks', () => {
    const blocked: Gate = { state: 'blocked', gaps: [gap('impact_assessment', 'the impact assessment approved (it is draft)'), gap('gate_approved_on', 'the date of the stage-gate approval')] };
    const [row] = inventoryRows([rec('ai_system', 'a', { name: 'A', stage: 'verification and validation', ...gateOk })], [risk, iaOk], [], { a: blocked });
    expect(row.gate).toBe('blocked');
    expect(row.gaps.map((g) => g.field)).toEqual(['impact_assessment', 'gate_approved_on']);
    expect(row.assessment).toEqual({ id: 'ia1', title: 'IA', status: 'approved' });
    expect(row.assessmentProblem).toBe('the impact assessment approved (it is draft)');
    expect(gateText(row)).toBe('gate blocked');
  });

  it('says who decided an override, and who approved a passed gate and when', () => {
    const override = { gate_override: 'the board accepted a pilot for four weeks with daily review', gate_override_by: 'Ann' };
    const rows = inventoryRows(
      [rec('ai_system', 'a', { name: 'A', stage: 'deployment', ...gateOk }), rec('ai_system', 'b', { name: 'B', stage: 'deployment', ...override })],
      [risk, iaOk],
      [],
      { a: approved, b: { state: 'override', gaps: [gap('risks', 'a linked risk assessment')] } },
    );
    expect(rows.map((r) => [r.id, r.gate, r.gateBy, r.gateOn])).toEqual([['a', 'approved', 'Tom', '2026-01-02'], ['b', 'override', 'Ann', '']]);
    expect(gateText(rows[1])).toBe('live on an override');
  });

  it('counts a system the gates do not know yet as blocked', () => {
    const [row] = inventoryRows([rec('ai_system', 'new', { name: 'New', stage: 'design and development' })], [], [], {});
    expect(row.gate).toBe('blocked');
    expect(row.gaps).toEqual([]);
  });

  it('counts risks linked either way, the latest breach, and sorts live first', () => {
    const rows = inventoryRows(
      [rec('ai_system', 'b', { name: 'B', stage: 'design and development' }), rec('ai_system', 'a', { name: 'A', stage: 'deployment', ...gateOk })],
      [risk, iaOk],
      [reading({ id: 'new', date: '2026-02-01' }), reading({ id: 'old', date: '2026-01-01' }), reading({ id: 'ok', breach: false })],
      { a: approved, b: { state: 'blocked', gaps: [gap('risks', 'a linked risk assessment')] } },
    );
    expect(rows.map((r) => r.id)).toEqual(['a', 'b']);
    expect(rows[0].risks.map((r) => r.id)).toEqual(['r1']);
    expect(rows[0].latestBreach?.id).toBe('new');
    expect(rows[0].readings).toBe(3);
    expect(gateText(rows[0])).toBe('gate approved');
    expect(gateText(rows[1])).toBe('gate blocked');
  });
});

describe('stage marks', () => {
  it('ticks only the stages passed with their own approval and marks an override apart', async () => {
    const { stepDot, stepState } = await import('./inventory');
    const gate: Gate = {
      state: 'approved', gaps: [],
      stages: [
        { stage: 'design and development', mark: 'none', by: '', on: '' },
        { stage: 'verification and validation', mark: 'override', by: 'Ann', on: '' },
        { stage: 'deployment', mark: 'approved', by: 'Tom', on: '2026-01-02' },
      ],
    };
    const [row] = inventoryRows([rec('ai_system', 'a', { name: 'A', stage: 'deployment', ...gateOk })], [risk, iaOk], [], { a: gate });
    expect(row.marks).toEqual(['none', 'override', 'approved', 'none', 'none']);
    expect([0, 1, 2, 3].map((i) => stepDot(row, i))).toEqual(['1', '⚑', '3', '4']);
    expect(stepState(row, 0)).toBe('passed, no approval recorded');
    expect(stepState(row, 2)).toBe('current, approved');
    expect([row.gateBy, row.gateOn]).toEqual(['Tom', '2026-01-02']);
    const [own] = inventoryRows([rec('ai_system', 'a', { name: 'A', stage: 'deployment', risks: ['r1'] })], [risk, iaOk], [], { a: gate });
    expect([own.gateBy, own.gateOn]).toEqual(['Tom', '2026-01-02']);
  });
});

describe('assessment named by the assessment', () => {
  it('shows an assessment that names the system when the system links none', () => {
    const draft = rec('impact_assessment', 'ia0', { title: 'IA draft', ai_system: 'a', status: 'draft' });
    const [row] = inventoryRows([rec('ai_system', 'a', { name: 'A', stage: 'deployment', risks: ['r1'] })], [risk, draft, iaOk], [], { a: approved });
    expect(row.assessment).toEqual({ id: 'ia1', title: 'IA', status: 'approved' });
  });
});
