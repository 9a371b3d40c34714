import { describe, expect, it } from 'vitest';
import type { CatalogueItem, ItemGap } from '../../lib/api';
import { filterRows, rowsFromCatalogue, rowsFromGap, toggleAll } from './table';

const item = (id: string, parent: string, kind: CatalogueItem['kind'], title = id): CatalogueItem => ({
  id,
  parent,
  kind,
  title,
  description: '',
  unverified: false,
});

describe('gap status table', () => {
  const cat = [
    item('5', '', 'clause'),
    item('5.1', '5', 'clause', 'Leadership'),
    item('A.5', '', 'area', 'Organizational'),
    item('A.5.1', 'A.5', 'control', 'Policies'),
    item('A.5.2', 'A.5', 'control', 'Roles'),
  ];

  it('lists leaf clauses and controls with their status, grouped by theme', () => {
    const rows = rowsFromCatalogue('iso27001-2022', cat, new Map([['iso27001-2022:A.5.2', 'implemented' as const]]));
    expect(rows.map((r) => [r.ref, r.group, r.status])).toEqual([
      ['iso27001-2022:5.1', '5', 'not-started'],
      ['iso27001-2022:A.5.1', 'A.5', 'not-started'],
      ['iso27001-2022:A.5.2', 'A.5', 'implemented'],
    ]);
  });

  it('filters by kind, status, result and words', () => {
    const gap: ItemGap[] = [
      { id: '4.1', title: 'Context', kind: 'clause', group: '4', class: 'extend', status: 'not-started', result: 'extend', inherited_from: ['iso27001-2022:4.1'], todo: 'Add AI issues', step: 1, basis: '', derived: 'not-met', evidence: [], missing: [] },
      { id: 'A.6.2.4', title: 'Verification', kind: 'control', group: 'A.6', class: 'new', status: 'planned', result: 'new', inherited_from: [], todo: 'Build for AI', step: 4, basis: '', derived: 'not-met', evidence: [], missing: [] },
    ];
    const rows = rowsFromGap(gap);
    expect(rows[0].ref).toBe('iso42001-2023:4.1');
    expect(filterRows(rows, { kind: 'control' }).map((r) => r.id)).toEqual(['A.6.2.4']);
    expect(filterRows(rows, { status: 'planned', result: 'new' }).map((r) => r.id)).toEqual(['A.6.2.4']);
    expect(filterRows(rows, { text: 'ai iso27001' }).map((r) => r.id)).toEqual(['4.1']);
    expect(filterRows(rows, { class: 'inherit' })).toEqual([]);
  });

  it('selects all shown rows, then clears them', () => {
    const rows = rowsFromCatalogue('c', cat, new Map());
    let sel = toggleAll(new Set(['c:other']), rows);
    expect([...sel].sort()).toEqual(['c:5.1', 'c:A.5.1', 'c:A.5.2', 'c:other']);
    sel = toggleAll(sel, rows);
    expect([...sel]).toEqual(['c:other']);
  });
});
