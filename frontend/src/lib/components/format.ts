// How values read in lists, history and conflicts.
import type { Field } from '../api';

export type Titles = ReadonlyMap<string, string>;

/** A label in running text: lower case, but acronyms kept ("AI system", "DPIAs"). */
export function lowerLabel(s: string): string {
  return s.replace(/\S+/g, (w) => (/^[A-Z]{2}/.test(w) ? w : w.toLowerCase()));
}

export function formatValue(f: Field | undefined, v: unknown, titles?: Titles): string {
  if (v === null || v === undefined || v === '') return '';
  if (Array.isArray(v)) {
    if (f?.type === 'links') return v.map((id) => titles?.get(id) ?? id).join(', ');
    if (f?.type === 'attachments') return v.map((ref) => attachmentName(String(ref))).join(', ');
    return v.join(', ');
  }
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (f?.type === 'link' && typeof v === 'string') return titles?.get(v) ?? v;
  if (f?.type === 'datetime' && typeof v === 'string') return formatWhen(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export function formatWhen(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

/** "<sha256>/<file name>" → the file name. */
export function attachmentName(ref: string): string {
  const i = ref.indexOf('/');
  return i < 0 ? ref : ref.slice(i + 1);
}

/** "<sha256>[;<metadata>]/<file name>" → the hash. */
export function attachmentHash(ref: string): string {
  const i = ref.indexOf('/');
  const head = i < 0 ? ref : ref.slice(0, i);
  const j = head.indexOf(';');
  return j < 0 ? head : head.slice(0, j);
}
