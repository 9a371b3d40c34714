import { describe, expect, it } from 'vitest';
import { base64Size, defaultPeriod, packShort, PACKS, periodError } from './pack';
import { formatRoute, parseHash } from '../../lib/stores/router.svelte';

describe('packs', () => {
  it('offers every pack the backend renders', () => {
    expect(PACKS.map((p) => p.kind)).toEqual(['gap', 'soa', 'management-review', 'risk', 'ai-inventory', 'audit']);
    expect(new Set(PACKS.map((p) => p.short)).size).toBe(PACKS.length);
  });
  it('names the pack on the button', () => {
    expect(packShort('gap')).toBe('gap analysis');
    expect(packShort('soa')).toBe('SoA');
    expect(packShort('risk')).toBe('risk register');
    expect(packShort('ai-inventory')).toBe('AI inventory');
    expect(packShort('audit')).toBe('audit report');
  });
  it('defaults to this calendar year', () => {
    expect(defaultPeriod('2026-11-27')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
  it('checks the period', () => {
    expect(periodError('', '')).toBe('');
    expect(periodError('2026-01-01', '')).toBe('');
    expect(periodError('2026-01-01', '2026-12-31')).toBe('');
    expect(periodError('2026-12-01', '2026-01-01')).toMatch(/after/);
    expect(periodError('2026-1-1', '')).toMatch(/start/);
    expect(periodError('', 'soon')).toMatch(/end/);
  });
  it('sizes base64 without decoding', () => {
    expect(base64Size(btoa('abc'))).toBe(3);
    expect(base64Size(btoa('abcd'))).toBe(4);
    expect(base64Size(btoa('abcde'))).toBe(5);
    expect(base64Size('')).toBe(0);
  });
});

describe('screen routes', () => {
  it.each(['heatmap', 'readiness', 'packs'] as const)('#/%s round-trips', (name) => {
    expect(parseHash(`#/${name}`)).toEqual({ name });
    expect(formatRoute({ name })).toBe(`#/${name}`);
  });
  it('takes no sub-path', () => {
    expect(parseHash('#/packs/x')).toEqual({ name: 'notfound', path: 'packs/x' });
  });
});
