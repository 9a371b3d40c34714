import { describe, expect, it } from 'vitest';
import type { KeelRecord, MonitoringReading } from '../../lib/api';
import { gateText, inventoryRows, overridden } from './inventory';

const actor = { name: 'T', email: '', role: '' };
function rec(kind: string, id: string, fields: KeelRecord['fields']): KeelRecord {
  return { id, kind, title: String(fields.name ?? fields.title ?? id), fields, deleted: false, createdAt: '', createdBy: actor, updatedAt: '', updatedBy: actor };
}
const reading = (over: Partial<MonitoringReading>): MonitoringReading => ({
  id: 'm', title: 'drift', aiSystem: 'a', metricType: 'drift', metric: '', value: 1, threshold: 0.5, direction: 'breach when above', date: '2026-01-01', breach: true, ...over,
});

const risk = rec('risk', 'r1', { title: 'Risk', ai_systems: ['a'] });
const iaOk = rec('impact_assessment', 'ia1', { title: 'IA', ai_system: 'a', status: 'approved' });
const iaDraft = rec('impact_assessment', 'ia2', { title: 'IA draft', ai_system: 'a', status: 'draft' });
const iaOther = rec('impact_assessment', 'ia3', { title: 'IA other', ai_system: 'b', status: 'approved' });
const gateOk = { risks: ['r1'], impact_assessment: 'ia1', gate_approved_by: 'Tom', gate_approved_on: '2026-01-02' };
const override = { gate_override: 'the board accepted a pilot for four weeks with daily review', gate_override_by: 'Ann' };

describe('inventoryRows: the gate as the backend checks it', () => {
  const cases: [string, KeelRecord['fields'], string, string[]][] = [
    ['live, gate passed', { stage: 'deployment', ...gateOk }, 'approved', []],
    ['live on an override', { stage: 'operation and monitoring', ...override }, 'override', ['risks', 'impact_assessment', 'gate_approved_by']],
    ['pre-live, nothing yet', { stage: 'design and development' }, 'blocked', ['risks', 'impact_assessment', 'gate_approved_by']],
    ['pre-live, all there', { stage: 'verification and validation', ...gateOk }, 'ready', []],
    ['draft assessment', { stage: 'verification and validation', ...gateOk, impact_assessment: 'ia2' }, 'blocked', ['impact_assessment']],
    ["another system's assessment", { stage: 'verification and validation', ...gateOk, impact_assessment: 'ia3' }, 'blocked', ['impact_assessment']],
    ['risk linked only from the risk', { stage: 'verification and validation', ...gateOk, risks: [] }, 'blocked', ['risks']],
    ['approval without date', { stage: 'verification and validation', ...gateOk, gate_approved_on: '' }, 'blocked', ['gate_approved_by']],
    ['retired', { stage: 'retired' }, 'retired', []],
  ];
  for (const [name, fields, gate, gaps] of cases) {
    it(name, () => {
      const [row] = inventoryRows([rec('ai_system', 'a', { name: 'A', ...fields })], [risk, iaOk, iaDraft, iaOther], []);
      expect(row.gate).toBe(gate);
      expect(row.gaps.map((g) => g.field)).toEqual(gaps);
    });
  }

  it('an override needs eight words and who decided', () => {
    expect(overridden(rec('ai_system', 'a', override))).toBe(true);
    expect(overridden(rec('ai_system', 'a', { ...override, gate_override_by: '' }))).toBe(false);
    expect(overridden(rec('ai_system', 'a', { ...override, gate_override: 'too short' }))).toBe(false);
  });

  it('counts risks linked either way, the latest breach, and sorts live first', () => {
    const rows = inventoryRows(
      [rec('ai_system', 'b', { name: 'B', stage: 'design and development' }), rec('ai_system', 'a', { name: 'A', stage: 'deployment', ...gateOk })],
      [risk, iaOk],
      [reading({ id: 'new', date: '2026-02-01' }), reading({ id: 'old', date: '2026-01-01' }), reading({ id: 'ok', breach: false })],
    );
    expect(rows.map((r) => r.id)).toEqual(['a', 'b']);
    expect(rows[0].risks.map((r) => r.id)).toEqual(['r1']);
    expect(rows[0].latestBreach?.id).toBe('new');
    expect(rows[0].readings).toBe(3);
    expect(gateText(rows[0])).toBe('gate approved');
    expect(gateText(rows[1])).toBe('gate blocked');
  });
});
