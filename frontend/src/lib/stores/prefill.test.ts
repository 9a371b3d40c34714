import { describe, expect, it } from 'vitest';
import { openNew, takePrefill } from './prefill';

describe('prefill', () => {
  it('hands the fields to the next new form of that kind, once', () => {
    openNew('role', { role: 'AI override authority', may_override_ai: true });
    expect(location.hash).toBe('#/k/role/new');
    expect(takePrefill('risk')).toBeNull();
    expect(takePrefill('role')?.fields).toEqual({ role: 'AI override authority', may_override_ai: true });
    expect(takePrefill('role')).toBeNull();
  });

  it('opens an empty form when there is nothing to fill in', () => {
    openNew('ai_system', { name: 'x' });
    openNew('ai_system');
    expect(takePrefill('ai_system')).toBeNull();
  });
});
