import { describe, expect, it } from 'vitest';
import { asOf, backToToday, setAsOf } from './asof.svelte';

describe('the as-of date', () => {
  it('takes a calendar date, refuses anything else, and goes back to today', () => {
    setAsOf('2026-03-31');
    expect(asOf.date).toBe('2026-03-31');
    setAsOf('31/03/2026');
    expect(asOf.date).toBe('');
    setAsOf('2025-09-30');
    backToToday();
    expect(asOf.date).toBe('');
  });
});
