// Search in the standards catalogues by ID or words, shared by the catalogue browser's tree
// and the catalogue-reference picker of record forms.
import type { CatalogueItem, CatalogueSummary } from '../api';

function words(s: string): string[] {
  return s.toLowerCase().split(/\s+/).filter(Boolean);
}

/** An ID query ("A.6", "6.1.2", "art.33") rather than words: one token with a digit in it. */
const isIdQuery = (q: string) => !/\s/.test(q) && /\d/.test(q);

/**
 * Whether an item matches a query: an ID query ("A.6", "6.1.2", "art.33") matches IDs that
 * start with it; otherwise every word must occur in the ID, title or description.
 */
export function matches(it: CatalogueItem, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const id = it.id.toLowerCase();
  if (isIdQuery(q)) {
    // An ID: "A.1" is A.1 and its sub-items, not A.10.
    return id === q || id.startsWith(q.endsWith('.') ? q : q + '.') || id.startsWith(q + '(');
  }
  const hay = `${id} ${it.title} ${it.description}`.toLowerCase();
  return words(q).every((w) => hay.includes(w));
}

export interface CatalogueHit {
  /** The catalogue's ID. */
  catalogue: string;
  item: CatalogueItem;
  /** catalogue:id */
  ref: string;
}

/**
 * How well an item that matches answers the query, best first: the ID itself, an ID under
 * it, every word in the ID or title, a word found only in the description.
 */
function rank(it: CatalogueItem, q: string): number {
  if (!q) return 0;
  const id = it.id.toLowerCase();
  if (isIdQuery(q)) return id === q ? 0 : 1;
  const head = `${id} ${it.title}`.toLowerCase();
  return words(q).every((w) => head.includes(w)) ? 2 : 3;
}

/**
 * Narrows the catalogues a query names: "iso27001-2022:A.5" (a whole reference) or a leading
 * standard number, "42001 A.6.2" or "27701 consent", searches those catalogues for the rest.
 */
function scope(catalogues: CatalogueSummary[], query: string): { within: CatalogueSummary[]; q: string } {
  const q = query.trim();
  const colon = q.indexOf(':');
  if (colon > 0 && !/\s/.test(q)) {
    const named = catalogues.filter((c) => c.id.toLowerCase() === q.slice(0, colon).toLowerCase());
    if (named.length) return { within: named, q: q.slice(colon + 1) };
  }
  const m = /^(\d{4,5})(?:\s+(.*))?$/.exec(q);
  if (m) {
    const named = catalogues.filter((c) => c.id.startsWith(`iso${m[1]}-`));
    if (named.length) return { within: named, q: m[2] ?? '' };
  }
  return { within: catalogues, q };
}

/**
 * The items of the catalogues (or of the one named by `catalogue`) that match the query,
 * best first and then in catalogue and data order; at most `limit`.
 */
export function searchCatalogues(catalogues: CatalogueSummary[], query: string, catalogue = '', limit = 60): CatalogueHit[] {
  const chosen = catalogue ? catalogues.filter((c) => c.id === catalogue) : catalogues;
  const { within, q } = scope(chosen, query);
  const lq = q.trim().toLowerCase();
  const hits: { hit: CatalogueHit; rank: number; order: number }[] = [];
  for (const c of within) {
    for (const item of c.items) {
      if (!matches(item, lq)) continue;
      hits.push({ hit: { catalogue: c.id, item, ref: `${c.id}:${item.id}` }, rank: rank(item, lq), order: hits.length });
    }
  }
  hits.sort((a, b) => a.rank - b.rank || a.order - b.order);
  return hits.slice(0, limit).map((h) => h.hit);
}
