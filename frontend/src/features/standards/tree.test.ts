import { describe, expect, it } from 'vitest';
import type { CatalogueItem } from '../../lib/api';
import { matches } from '../../lib/components/catalogueSearch';
import { ancestorsOf, treeRows } from './tree';

const it_ = (id: string, parent: string, title: string, description = ''): CatalogueItem => ({
  id,
  parent,
  title,
  description,
  kind: 'clause',
  unverified: false,
});
const items = [
  it_('6', '', 'Planning'),
  it_('6.1', '6', 'Actions to address risks'),
  it_('6.1.2', '6.1', 'AI risk assessment', 'Assess AI risks against criteria'),
  it_('6.2', '6', 'AI objectives'),
  it_('A.6', '', 'AI system life cycle'),
  it_('A.6.2.4', 'A.6', 'Verification and validation', 'Test the AI system before release'),
];

describe('catalogue tree', () => {
  it('shows top-level items and the children of expanded ones', () => {
    expect(treeRows(items, new Set()).map((r) => r.item.id)).toEqual(['6', 'A.6']);
    const rows = treeRows(items, new Set(['6']));
    expect(rows.map((r) => [r.item.id, r.depth])).toEqual([
      ['6', 0],
      ['6.1', 1],
      ['6.2', 1],
      ['A.6', 0],
    ]);
    expect(rows[0].expanded).toBe(true);
    expect(rows[1].hasChildren).toBe(true);
    expect(rows[2].hasChildren).toBe(false);
  });

  it('searches by ID prefix with the ancestors for context', () => {
    const rows = treeRows(items, new Set(), '6.1');
    expect(rows.map((r) => r.item.id)).toEqual(['6', '6.1', '6.1.2']);
    expect(rows.map((r) => r.match)).toEqual([false, true, true]);
    // "6" must not match "6.2"'s sibling subtree by accident, nor A.6 items
    expect(treeRows(items, new Set(), 'A.6.2').map((r) => r.item.id)).toEqual(['A.6', 'A.6.2.4']);
    expect(treeRows(items, new Set(), '6').filter((r) => r.match).map((r) => r.item.id)).toEqual(['6', '6.1', '6.1.2', '6.2']);
    expect(treeRows(items, new Set(), 'A.6.2.').map((r) => r.item.id)).toEqual(['A.6', 'A.6.2.4']);
  });

  it('searches by words in title and description', () => {
    expect(treeRows(items, new Set(), 'risk ai').filter((r) => r.match).map((r) => r.item.id)).toEqual(['6.1.2']);
    expect(matches(items[2], 'ASSESS')).toBe(true);
    expect(treeRows(items, new Set(), 'release').map((r) => r.item.id)).toEqual(['A.6', 'A.6.2.4']);
    expect(treeRows(items, new Set(), 'nothing like this')).toEqual([]);
  });

  it('knows which nodes to open to reveal an item', () => {
    expect(ancestorsOf(items, '6.1.2')).toEqual(['6', '6.1']);
    expect(ancestorsOf(items, 'A.6')).toEqual([]);
  });
});
