import { describe, expect, it } from 'vitest';
import type { Field, KeelRecord } from '../api';
import { dueState, localToday } from './due';

const f: Field = { name: 'review_date', label: 'Next review', type: 'date', due: true };
const rec = (fields: KeelRecord['fields'], deleted = false): KeelRecord => ({
  id: 'r',
  kind: 'k',
  title: 't',
  fields,
  deleted,
  createdAt: '',
  updatedAt: '',
  createdBy: { name: '', email: '', role: '' },
  updatedBy: { name: '', email: '', role: '' },
});

describe('dueState', () => {
  const today = '2026-11-27';
  it('is overdue once the day has passed, due later this month, nothing after', () => {
    expect(dueState(f, rec({ review_date: '2026-11-26' }), today)).toBe('overdue');
    expect(dueState(f, rec({ review_date: '2026-11-27' }), today)).toBe('due');
    expect(dueState(f, rec({ review_date: '2026-11-30' }), today)).toBe('due');
    expect(dueState(f, rec({ review_date: '2026-12-01' }), today)).toBe('');
  });
  it('ignores finished and deleted records, fields not marked due, and empty values', () => {
    expect(dueState(f, rec({ review_date: '2026-01-01', status: 'closed' }), today)).toBe('');
    expect(dueState(f, rec({ review_date: '2026-01-01' }, true), today)).toBe('');
    expect(dueState({ ...f, due: false }, rec({ review_date: '2026-01-01' }), today)).toBe('');
    expect(dueState(f, rec({}), today)).toBe('');
  });
  it('takes the local day of a datetime', () => {
    const dt: Field = { ...f, type: 'datetime' };
    const past = new Date(2026, 10, 20, 10, 0).toISOString();
    expect(dueState(dt, rec({ review_date: past }), today)).toBe('overdue');
    expect(localToday(new Date(2026, 0, 5))).toBe('2026-01-05');
  });
});
