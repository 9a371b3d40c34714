// The standards catalogues (embedded in Keel, the same for every workspace): loaded once.
import * as api from '../api';
import type { CatalogueItem, CatalogueSummary } from '../api';

export const standards = $state({
  catalogues: [] as CatalogueSummary[],
  loaded: false,
  error: '',
});

let pending: Promise<CatalogueSummary[]> | null = null;

export function loadCatalogues(): Promise<CatalogueSummary[]> {
  pending ??= api
    .catalogues()
    .then((c) => {
      standards.catalogues = c;
      standards.loaded = true;
      standards.error = '';
      return c;
    })
    .catch((e) => {
      pending = null;
      standards.error = e instanceof Error ? e.message : String(e);
      throw e;
    });
  return pending;
}

export function catalogueById(id: string | undefined): CatalogueSummary | undefined {
  return id ? standards.catalogues.find((c) => c.id === id) : undefined;
}

/** "iso27001-2022:A.5.19" → the catalogue and the item. */
export function splitRef(ref: string): { catalogue: string; id: string } {
  const i = ref.indexOf(':');
  return i < 0 ? { catalogue: '', id: ref } : { catalogue: ref.slice(0, i), id: ref.slice(i + 1) };
}

export function itemByRef(ref: string): CatalogueItem | undefined {
  const { catalogue, id } = splitRef(ref);
  return catalogueById(catalogue)?.items.find((it) => it.id === id);
}

/** A short name for a catalogue title: "ISO/IEC 27001:2022 Information security…" → "ISO/IEC 27001:2022". */
export function shortTitle(title: string): string {
  const m = /^(ISO\/IEC [\d-]+:\d{4})/.exec(title);
  if (m) return m[1];
  return title.split(/[:—]/)[0].trim() || title;
}

/** The short name of a catalogue by id, for labels. */
export function catalogueTitle(id: string): string {
  const c = catalogueById(id);
  return c ? shortTitle(c.title) : id;
}
