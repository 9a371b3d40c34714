import { describe, expect, it } from 'vitest';
import * as pack from './pack';
import { formatRoute, parseHash } from '../../lib/stores/router.svelte';
import type { PackInfo } from '../../lib/api';

// The packs as the backend lists them (app.Packs; the order and names are checked in
// reports/registry_test.go): the screen only chooses among them.
const PACKS: PackInfo[] = [
  { kind: 'gap', title: 'Gap analysis and implementation plan', short: 'gap analysis', summary: '…', choices: [] },
  { kind: 'soa', title: 'Statement of Applicability', short: 'SoA', summary: '…', choices: ['standards'] },
  { kind: 'management-review', title: 'Management review', short: 'management review', summary: '…', choices: ['review'] },
  { kind: 'risk', title: 'Risk register and treatment plan', short: 'risk register', summary: '…', choices: [] },
  { kind: 'ai-inventory', title: 'AI system inventory', short: 'AI inventory', summary: '…', choices: [] },
  { kind: 'audit', title: 'Internal audit report', short: 'audit report', summary: '…', choices: [] },
];

describe('packs', () => {
  it('names the pack on the button as the backend does', () => {
    expect(pack.packShort(PACKS, 'gap')).toBe('gap analysis');
    expect(pack.packShort(PACKS, 'soa')).toBe('SoA');
    expect(pack.packShort(PACKS, 'risk')).toBe('risk register');
    expect(pack.packShort(PACKS, 'ai-inventory')).toBe('AI inventory');
    expect(pack.packShort(PACKS, 'audit')).toBe('audit report');
    expect(pack.packShort(PACKS, 'new-pack')).toBe('new-pack');
  });
  it('defaults to this calendar year', () => {
    expect(pack.defaultPeriod('2026-11-27')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
  it('checks the period', () => {
    expect(pack.periodError('', '')).toBe('');
    expect(pack.periodError('2026-01-01', '')).toBe('');
    expect(pack.periodError('2026-01-01', '2026-12-31')).toBe('');
    expect(pack.periodError('2026-12-01', '2026-01-01')).toMatch(/after/);
    expect(pack.periodError('2026-1-1', '')).toMatch(/start/);
    expect(pack.periodError('', 'soon')).toMatch(/end/);
  });
});

describe('screen routes', () => {
  it.each(['heatmap', 'readiness', 'packs'] as const)('#/%s round-trips', (name) => {
    expect(parseHash(`#/${name}`)).toEqual({ name });
    expect(formatRoute({ name })).toBe(`#/${name}`);
  });
  it('takes no deeper path', () => {
    expect(parseHash('#/packs/soa/x/y')).toEqual({ name: 'notfound', path: 'packs/soa/x/y' });
  });
});

describe('pack choices', () => {
  it('narrows the SoA to the standards ticked and one 27701 edition', () => {
    expect(pack.soaStandards(true, true, '')).toEqual(['iso27001-2022', 'iso42001-2023']);
    expect(pack.soaStandards(false, true, '2019')).toEqual(['iso42001-2023', 'iso27701-2019']);
    expect(pack.soaStandards(false, false, '')).toEqual([]);
  });
  it('preselects the 27701 edition the statuses are recorded in', () => {
    expect(pack.default27701Edition([])).toBe('');
    expect(pack.default27701Edition(['iso27001-2022:A.5.1', 'iso27701-2019:A.7.2.1'])).toBe('2019');
    expect(pack.default27701Edition(['iso27701-2019:A.7.2.1', 'iso27701-2025:A.1.2.2', 'iso27701-2025:A.1.2.3'])).toBe('2025');
    expect(pack.default27701Edition(['iso27701-2019:A.7.2.1', 'iso27701-2025:A.1.2.2'])).toBe('2025');
  });
  it('lists reviews newest meeting first', () => {
    const opts = pack.reviewOptions([
      { id: 'a', title: 'Review 2025', fields: { meeting_date: '2025-11-20' } },
      { id: 'b', title: 'Review 2026', fields: { meeting_date: '2026-11-18', period_from: '2025-11-16', period_to: '2026-11-15' } },
      { id: 'c', title: 'Undated', fields: {} },
    ]);
    expect(opts.map((o) => o.id)).toEqual(['b', 'a', 'c']);
    expect(opts[0].label).toBe('Review 2026 — 2026-11-18');
    expect([opts[0].from, opts[0].to]).toEqual(['2025-11-16', '2026-11-15']);
    expect([opts[1].from, opts[1].to]).toEqual(['', '']);
  });
  it('refuses a logo that is not a PNG or JPEG, or too big', () => {
    expect(pack.logoFileError({ type: 'image/svg+xml', size: 10 })).toMatch(/PNG or JPEG/);
    expect(pack.logoFileError({ type: 'image/png', size: 2 * 1024 * 1024 })).toMatch(/2048 KB; the limit is 1024 KB/);
    expect(pack.logoFileError({ type: 'image/jpeg', size: 5000 })).toBe('');
  });
  it('shows standards only for the SoA and the review picker only for the review', () => {
    expect(PACKS.filter((p) => pack.usesStandards(p)).map((p) => p.kind)).toEqual(['soa']);
    expect(PACKS.filter((p) => pack.usesReview(p)).map((p) => p.kind)).toEqual(['management-review']);
    // The choices come from the backend: a pack that takes standards gets the field.
    expect(pack.usesStandards({ ...PACKS[3], choices: ['standards'] })).toBe(true);
    expect(pack.usesStandards(undefined)).toBe(false);
    expect(pack.usesReview(undefined)).toBe(false);
  });
});

describe('pack from a route', () => {
  it('takes a known pack kind and ignores others', () => {
    expect(pack.packKindOr(PACKS, 'management-review')).toBe('management-review');
    expect(pack.packKindOr(PACKS, 'nonsense')).toBe('gap');
    expect(pack.packKindOr(PACKS, undefined)).toBe('gap');
    expect(pack.packKindOr(PACKS.slice(1), undefined)).toBe('soa');
    expect(pack.packKindOr([], 'soa')).toBe('');
  });
  it('#/packs/<kind>/<review> round-trips', () => {
    for (const r of [{ name: 'packs' }, { name: 'packs', kind: 'risk' }, { name: 'packs', kind: 'management-review', review: 'r 1' }] as const) {
      expect(parseHash(formatRoute(r))).toEqual(r);
    }
  });
});
