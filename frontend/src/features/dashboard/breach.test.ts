import { describe, expect, it } from 'vitest';
import type { BreachClock } from '../../lib/api';
import { breachUsed, breachView, daysText, formatSpan, msToNextMinute } from './breach';

const H = 3_600_000;
const aware = Date.parse('2026-11-26T23:26:00Z');
const clock = (over: Partial<BreachClock> = {}): BreachClock => ({
  awareAt: '2026-11-26T23:26:00Z',
  deadline: '2026-11-29T23:26:00Z',
  hoursLeft: 66.9,
  overdue: false,
  stopped: false,
  ...over,
});

describe('formatSpan', () => {
  it.each([
    [0, '0 min'],
    [59_000, '0 min'],
    [45 * 60_000, '45 min'],
    [3 * H + 5 * 60_000, '3 h 05 min'],
    [-(3 * H + 10 * 60_000), '3 h 10 min'],
    [71 * H + 59 * 60_000, '71 h 59 min'],
    [100 * H, '4 d 4 h'],
  ])('%d ms → %s', (ms, text) => expect(formatSpan(ms)).toBe(text));
});

describe('breachView', () => {
  it('counts down from the deadline with this device clock', () => {
    const v = breachView(clock(), aware + 5 * H + 6 * 60_000);
    expect(v).toEqual({ hoursLeft: 66.9, text: '66 h 54 min left', tone: 'ok' });
  });

  it('is urgent (red) under 24 hours', () => {
    expect(breachView(clock(), aware + 48 * H).tone).toBe('ok');
    const v = breachView(clock(), aware + 48 * H + 60_000);
    expect(v.tone).toBe('urgent');
    expect(v.text).toBe('23 h 59 min left');
  });

  it('is overdue once the deadline passes', () => {
    const v = breachView(clock(), aware + 75 * H + 10 * 60_000);
    expect(v.tone).toBe('overdue');
    expect(v.text).toBe('Overdue by 3 h 10 min');
    expect(v.hoursLeft).toBeCloseTo(-3.1, 5);
  });

  it('applies the server clock skew', () => {
    // The device is an hour behind the server.
    const v = breachView(clock(), aware + 47 * H, H);
    expect(v.text).toBe('24 h 00 min left');
    expect(breachView(clock(), aware + 47 * H + 60_000, H).tone).toBe('urgent');
  });

  it('says when the clock has stopped, even past the deadline', () => {
    const v = breachView(clock({ stopped: true }), aware + 80 * H);
    expect(v.tone).toBe('stopped');
    expect(v.text).toMatch(/stopped/);
  });

  it('falls back to hoursLeft when the deadline cannot be read', () => {
    expect(breachView(clock({ deadline: 'nonsense', hoursLeft: 10 }), 0).text).toBe('10 h 00 min left');
  });
});

describe('breachUsed', () => {
  it('is the share of the 72 hours gone, clamped', () => {
    expect(breachUsed(clock(), aware - H)).toBe(0);
    expect(breachUsed(clock(), aware + 36 * H)).toBeCloseTo(0.5);
    expect(breachUsed(clock(), aware + 100 * H)).toBe(1);
  });
});

describe('msToNextMinute / daysText', () => {
  it('waits to the next whole minute', () => {
    expect(msToNextMinute(Date.parse('2026-01-01T10:00:59.500Z'))).toBe(500);
    expect(msToNextMinute(Date.parse('2026-01-01T10:00:00Z'))).toBe(60_000);
  });
  it.each([
    [0, 'today'],
    [1, 'tomorrow'],
    [-1, 'yesterday'],
    [5, 'in 5 days'],
    [-87, '87 days ago'],
  ])('%d → %s', (n, t) => expect(daysText(n)).toBe(t));
});
