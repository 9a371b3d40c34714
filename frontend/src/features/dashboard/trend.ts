// An objective's trend from its measurements: points for a small SVG line chart, the
// target line, and whether the latest reading meets the target.
import type { KeelRecord } from '../../lib/api';

export interface Reading {
  date: string;
  value: number;
  label: string;
}

export interface TrendGeometry {
  points: { x: number; y: number; r: Reading }[];
  /** "x,y x,y …" for <polyline>. */
  path: string;
  /** y of the target line, when there is a target. */
  targetY: number | null;
  min: number;
  max: number;
}

/** Readings with a date and a numeric value, oldest first. */
export function readings(records: KeelRecord[]): Reading[] {
  const out: Reading[] = [];
  for (const r of records) {
    const v = r.fields?.value;
    const d = r.fields?.date;
    const value = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (typeof d !== 'string' || !d || !Number.isFinite(value)) continue;
    out.push({ date: d, value, label: String(r.fields?.label ?? r.title ?? d) });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Lays the readings out in a width × height box with `pad` pixels around. */
export function geometry(rs: Reading[], target: number | null, width: number, height: number, pad = 4): TrendGeometry {
  const vals = rs.map((r) => r.value);
  if (target !== null && Number.isFinite(target)) vals.push(target);
  let min = vals.length ? Math.min(...vals) : 0;
  let max = vals.length ? Math.max(...vals) : 1;
  if (min === max) {
    min -= 1;
    max += 1;
  }
  const y = (v: number) => pad + (height - 2 * pad) * (1 - (v - min) / (max - min));
  const n = rs.length;
  const x = (i: number) => (n <= 1 ? width / 2 : pad + ((width - 2 * pad) * i) / (n - 1));
  const points = rs.map((r, i) => ({ x: round(x(i)), y: round(y(r.value)), r }));
  return {
    points,
    path: points.map((p) => `${p.x},${p.y}`).join(' '),
    targetY: target !== null && Number.isFinite(target) ? round(y(target)) : null,
    min,
    max,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Whether the value meets the target, given which way is better; null when unknown. */
export function onTarget(value: number | undefined, target: number | null, direction: string): boolean | null {
  if (value === undefined || target === null || !Number.isFinite(target)) return null;
  if (direction === 'lower') return value <= target;
  if (direction === 'higher') return value >= target;
  return null;
}

/** Change from the first reading to the last, better or worse given the direction. */
export function movement(rs: Reading[], direction: string): 'better' | 'worse' | 'flat' | null {
  if (rs.length < 2) return null;
  const d = rs[rs.length - 1].value - rs[0].value;
  if (d === 0) return 'flat';
  if (direction !== 'higher' && direction !== 'lower') return null;
  return (d > 0) === (direction === 'higher') ? 'better' : 'worse';
}
