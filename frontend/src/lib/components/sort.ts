// Client-side ordering of a loaded list: every row is already here, so sorting needs no
// round trip, and empty values stay at the end whichever way the column is sorted.
import type { Field, KeelRecord } from '../api';
import { formatValue, type Titles } from './format';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function sortKey(f: Field, r: KeelRecord, titles?: Titles): string | number | null {
  const v = r.fields?.[f.name];
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return null;
  if (f.type === 'number') return typeof v === 'number' ? v : Number(v);
  if (f.type === 'bool') return v === true ? 1 : 0;
  // ISO dates and UTC instants sort as text; their display form would not.
  if (f.type === 'date' || f.type === 'datetime') return String(v);
  if (f.type === 'enum' && f.options) {
    const i = f.options.indexOf(String(v));
    if (i >= 0) return i;
  }
  return formatValue(f, v, titles);
}

export function sortRecords(records: KeelRecord[], f: Field | undefined, desc: boolean, titles?: Titles): KeelRecord[] {
  if (!f) return records;
  const keyed = records.map((r) => ({ r, k: sortKey(f, r, titles) }));
  keyed.sort((a, b) => {
    if (a.k === null || b.k === null) return a.k === b.k ? 0 : a.k === null ? 1 : -1;
    const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : collator.compare(String(a.k), String(b.k));
    return desc ? -c : c;
  });
  return keyed.map((x) => x.r);
}
