import { describe, expect, it } from 'vitest';
import type { EvidenceMetric, Weighing } from '../../lib/api';
import { appliedBySystem, appliedText, byStage, evidenceByPrinciple } from './principles';

const w = (over: Partial<Weighing>): Weighing => ({
  review: 'r', aiSystem: 'a', aiSystemName: 'A', principle: 'p', principleName: 'P', stage: 'deployment', note: '', evidence: '', by: '', on: '', ...over,
});
const m = (over: Partial<EvidenceMetric>): EvidenceMetric => ({
  id: 'm', title: 'drift', aiSystem: 'a', aiSystemName: 'A', principle: 'p', principleName: 'P', metricType: 'drift', value: 1, threshold: 2, date: '', breach: false, ...over,
});

describe('principles', () => {
  it('groups weighings by gate in lifecycle order', () => {
    const got = byStage([w({ review: '1', stage: 'operation and monitoring' }), w({ review: '2', stage: 'design and development' }), w({ review: '3', stage: 'operation and monitoring' })]);
    expect(got.map((s) => [s.stage, s.weighed.map((x) => x.review)])).toEqual([
      ['design and development', ['2']],
      ['operation and monitoring', ['1', '3']],
    ]);
  });
  it('says how many gates on how many systems applied a principle', () => {
    expect(appliedText([])).toBe('not weighed yet');
    expect(appliedText([w({}), w({ stage: 'design and development' }), w({ aiSystem: 'b' })])).toBe('3 gates on 2 systems');
    expect(appliedText([w({})])).toBe('1 gate on 1 system');
  });
  it('groups a system’s metrics by the principle they evidence', () => {
    const got = evidenceByPrinciple([m({ id: '1', principle: 's', principleName: 'Safety' }), m({ id: '2', principle: 'f', principleName: 'Fairness' }), m({ id: '3', principle: 's', principleName: 'Safety' })]);
    expect(got.map((e) => [e.name, e.metrics.map((x) => x.id)])).toEqual([
      ['Fairness', ['2']],
      ['Safety', ['1', '3']],
    ]);
  });
});

describe('applied by system', () => {
  it('lists per principle which systems and gates applied it, in lifecycle order', () => {
    const got = appliedBySystem([
      w({ aiSystem: 'b', aiSystemName: 'Chatbot', stage: 'verification and validation' }),
      w({ aiSystem: 'a', aiSystemName: 'Credit', stage: 'operation and monitoring' }),
      w({ aiSystem: 'a', aiSystemName: 'Credit', stage: 'deployment' }),
      w({ aiSystem: 'b', aiSystemName: 'Chatbot', stage: 'design and development' }),
    ]);
    expect(got).toEqual([
      { aiSystem: 'b', name: 'Chatbot', stages: ['design and development', 'verification and validation'] },
      { aiSystem: 'a', name: 'Credit', stages: ['deployment', 'operation and monitoring'] },
    ]);
  });
});
