import { describe, expect, it } from 'vitest';
import type { KeelRecord } from '../../lib/api';
import { geometry, movement, onTarget, readings } from './trend';

const rec = (fields: KeelRecord['fields']): KeelRecord =>
  ({ id: String(fields.date), kind: 'measurement', title: String(fields.label ?? ''), fields, deleted: false }) as KeelRecord;

describe('readings', () => {
  it('keeps dated numeric values, oldest first', () => {
    const rs = readings([
      rec({ label: 'Nov', date: '2026-11-30', value: 93 }),
      rec({ label: 'Jun', date: '2026-06-30', value: 71 }),
      rec({ label: 'bad', date: '', value: 1 }),
      rec({ label: 'text', date: '2026-07-01', value: '80' }),
      rec({ label: 'none', date: '2026-07-02', value: null }),
    ]);
    expect(rs.map((r) => [r.date, r.value])).toEqual([
      ['2026-06-30', 71],
      ['2026-07-01', 80],
      ['2026-11-30', 93],
    ]);
  });
});

describe('geometry', () => {
  const rs = [
    { date: '1', value: 0, label: '' },
    { date: '2', value: 10, label: '' },
  ];
  it('spans the box, higher values higher up', () => {
    const g = geometry(rs, null, 100, 50, 5);
    expect(g.points.map((p) => [p.x, p.y])).toEqual([
      [5, 45],
      [95, 5],
    ]);
    expect(g.path).toBe('5,45 95,5');
    expect(g.targetY).toBeNull();
  });
  it('includes the target in the range', () => {
    const g = geometry(rs, 20, 100, 50, 5);
    expect(g.max).toBe(20);
    expect(g.targetY).toBe(5);
    expect(g.points[1].y).toBe(25);
  });
  it('centres a single reading and survives a flat range', () => {
    const g = geometry([{ date: '1', value: 3, label: '' }], null, 100, 50, 5);
    expect(g.points[0]).toMatchObject({ x: 50, y: 25 });
  });
});

describe('onTarget / movement', () => {
  it('follows the direction', () => {
    expect(onTarget(4.2, 3, 'lower')).toBe(false);
    expect(onTarget(2.9, 3, 'lower')).toBe(true);
    expect(onTarget(96, 95, 'higher')).toBe(true);
    expect(onTarget(96, null, 'higher')).toBeNull();
    expect(onTarget(undefined, 3, 'higher')).toBeNull();
    expect(onTarget(3, 3, '')).toBeNull();
  });
  it('says better or worse from first to last', () => {
    const up = [
      { date: '1', value: 1, label: '' },
      { date: '2', value: 2, label: '' },
    ];
    expect(movement(up, 'higher')).toBe('better');
    expect(movement(up, 'lower')).toBe('worse');
    expect(movement(up, '')).toBeNull();
    expect(movement(up.slice(0, 1), 'higher')).toBeNull();
  });
});
