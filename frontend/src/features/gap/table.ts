// The status table of the gap screen: rows for 42001 (with the analysis) or for any other
// catalogue's leaf items (with their recorded status), filters, and selection.
import type { CatalogueItem, GapClass, GapResult, ItemGap, Status } from '../../lib/api';

export interface StatusRow {
  ref: string; // "catalogue:id"
  id: string;
  title: string;
  kind: string;
  group: string;
  status: Status;
  class?: GapClass;
  result?: GapResult;
  inheritedFrom?: string[];
  todo?: string;
  step?: number;
}

export interface RowFilter {
  text?: string;
  kind?: string;
  group?: string;
  status?: string;
  result?: string;
  class?: string;
}

export function rowsFromGap(items: ItemGap[]): StatusRow[] {
  return items.map((g) => ({
    ref: `iso42001-2023:${g.id}`,
    id: g.id,
    title: g.title,
    kind: g.kind,
    group: g.group,
    status: g.status,
    class: g.class,
    result: g.result,
    inheritedFrom: g.inherited_from ?? [],
    todo: g.todo,
    step: g.step,
  }));
}

/** The top-level item above an item: "A.5" for "A.5.19", "6" for "6.1.2", the area for uk-dp. */
export function topGroup(items: CatalogueItem[], it: CatalogueItem): string {
  const byId = new Map(items.map((x) => [x.id, x]));
  let cur = it;
  for (let i = 0; i < 10; i++) {
    const p = byId.get(cur.parent);
    if (!p) break;
    cur = p;
  }
  return cur.id;
}

/** Leaf clauses and controls of a catalogue: the items a status is recorded for. */
export function rowsFromCatalogue(catalogue: string, items: CatalogueItem[], statuses: ReadonlyMap<string, Status>): StatusRow[] {
  const parents = new Set(items.map((i) => i.parent).filter(Boolean));
  return items
    .filter((i) => !parents.has(i.id) && (i.kind === 'clause' || i.kind === 'control'))
    .map((i) => {
      const ref = `${catalogue}:${i.id}`;
      return { ref, id: i.id, title: i.title, kind: i.kind, group: topGroup(items, i), status: statuses.get(ref) ?? 'not-started' };
    });
}

export function filterRows(rows: StatusRow[], f: RowFilter): StatusRow[] {
  const words = (f.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((r) => {
    if (f.kind && r.kind !== f.kind) return false;
    if (f.group && r.group !== f.group) return false;
    if (f.status && r.status !== f.status) return false;
    if (f.result && r.result !== f.result) return false;
    if (f.class && r.class !== f.class) return false;
    if (words.length) {
      const hay = `${r.id} ${r.title} ${r.todo ?? ''} ${(r.inheritedFrom ?? []).join(' ')}`.toLowerCase();
      if (!words.every((w) => hay.includes(w))) return false;
    }
    return true;
  });
}

/** Header checkbox: selects every shown row, or clears them when all are selected. */
export function toggleAll(selected: ReadonlySet<string>, shown: StatusRow[]): Set<string> {
  const next = new Set(selected);
  const all = shown.length > 0 && shown.every((r) => next.has(r.ref));
  for (const r of shown) {
    if (all) next.delete(r.ref);
    else next.add(r.ref);
  }
  return next;
}

export function distinct<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
