// The catalogue as a tree: rows to draw for the expanded nodes, and search by ID or words.
import type { CatalogueItem } from '../../lib/api';
import { matches } from '../../lib/components/catalogueSearch';

export interface TreeRow {
  item: CatalogueItem;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
  /** The row matches the search (its ancestors are shown for context). */
  match: boolean;
}

export function childrenOf(items: CatalogueItem[]): Map<string, CatalogueItem[]> {
  const ids = new Set(items.map((i) => i.id));
  const out = new Map<string, CatalogueItem[]>();
  for (const it of items) {
    const p = it.parent && ids.has(it.parent) ? it.parent : '';
    let list = out.get(p);
    if (!list) out.set(p, (list = []));
    list.push(it);
  }
  return out;
}

/**
 * The rows to draw. Without a query: top-level items and the children of expanded ones.
 * With a query: the matching items with their ancestors, all open.
 */
export function treeRows(items: CatalogueItem[], expanded: ReadonlySet<string>, query = ''): TreeRow[] {
  const kids = childrenOf(items);
  const rows: TreeRow[] = [];
  const q = query.trim();
  let keep: Set<string> | null = null;
  let hits: Set<string> | null = null;
  if (q) {
    hits = new Set(items.filter((it) => matches(it, q)).map((it) => it.id));
    keep = new Set(hits);
    const byId = new Map(items.map((it) => [it.id, it]));
    for (const id of hits) {
      let p = byId.get(id)?.parent;
      while (p && byId.has(p) && !keep.has(p)) {
        keep.add(p);
        p = byId.get(p)?.parent;
      }
    }
  }
  const walk = (parent: string, depth: number) => {
    for (const it of kids.get(parent) ?? []) {
      if (keep && !keep.has(it.id)) continue;
      const hasChildren = (kids.get(it.id)?.length ?? 0) > 0;
      const open = keep ? true : expanded.has(it.id);
      rows.push({ item: it, depth, hasChildren, expanded: open && hasChildren, match: hits ? hits.has(it.id) : false });
      if (open && hasChildren) walk(it.id, depth + 1);
    }
  };
  walk('', 0);
  return rows;
}

/** The IDs to expand so that `id` is visible. */
export function ancestorsOf(items: CatalogueItem[], id: string): string[] {
  const byId = new Map(items.map((it) => [it.id, it]));
  const out: string[] = [];
  let p = byId.get(id)?.parent;
  while (p && byId.has(p) && !out.includes(p)) {
    out.unshift(p);
    p = byId.get(p)?.parent;
  }
  return out;
}
