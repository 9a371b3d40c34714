// Catalogue references in a field's text (Field.refs): "iso42001-2023:A.6.2.6", one per line
// in a long text, comma-separated in a text. The same rules as the backend (backend/ims/refs.go),
// which checks every reference on save.
import type { CatalogueItem, CatalogueSummary, Field } from '../api';

/** The references in a field's text: split on new lines, commas and semicolons, trimmed, no repeats. */
export function splitRefs(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[\n\r,;]/)) {
    const r = part.trim();
    if (r && !out.includes(r)) out.push(r);
  }
  return out;
}

/** The text a field stores for these references: one per line in a long text, ", " in a text. */
export function joinRefs(field: Field, refs: string[]): string {
  return refs.join(field.type === 'longtext' ? '\n' : ', ');
}

/** The field's text with a reference added: appended to a list, in place of a single one. */
export function addRef(field: Field, text: string, ref: string): string {
  if (field.refs === 'one') return ref;
  const refs = splitRefs(text);
  return joinRefs(field, refs.includes(ref) ? refs : [...refs, ref]);
}

/** The field's text without a reference. */
export function removeRef(field: Field, text: string, ref: string): string {
  return joinRefs(
    field,
    splitRefs(text).filter((r) => r !== ref),
  );
}

/**
 * How people name a catalogue: "42001" for iso42001-2023, "27701:2019" where two editions of
 * a standard are loaded, "UK DP" for uk-dp.
 */
export function catalogueShortName(id: string, all: readonly string[]): string {
  const m = /^iso(\d+)-(\d{4})$/.exec(id);
  if (!m) return id.replace(/-/g, ' ').toUpperCase();
  const editions = all.filter((o) => o.startsWith(`iso${m[1]}-`)).length;
  return editions > 1 ? `${m[1]}:${m[2]}` : m[1];
}

export interface RefChip {
  ref: string;
  /** The catalogue's short name ("42001"); as written when no loaded catalogue has that ID. */
  short: string;
  id: string;
  title: string;
  /** The catalogues are loaded and hold no such item. */
  unknown: boolean;
}

/**
 * One chip per reference in the text. Until the catalogues are loaded (`catalogues` null)
 * nothing is marked unknown.
 */
export function refChips(text: string, catalogues: CatalogueSummary[] | null): RefChip[] {
  const ids = (catalogues ?? []).map((c) => c.id);
  return splitRefs(text).map((ref) => {
    const i = ref.indexOf(':');
    const [cat, id] = i > 0 && i < ref.length - 1 ? [ref.slice(0, i), ref.slice(i + 1)] : ['', ref];
    const c = catalogues?.find((x) => x.id === cat);
    const item: CatalogueItem | undefined = c?.items.find((it) => it.id === id);
    return {
      ref,
      short: c ? catalogueShortName(cat, ids) : cat,
      id,
      title: item?.title ?? '',
      unknown: catalogues !== null && !item,
    };
  });
}
