// Pure form logic for RecordForm: the value each input holds, validation, and which
// fields changed. Kept apart from the component so it can be tested on its own.
import type { Field, FieldValue, FieldValues, KeelRecord, Kind } from '../api';

/** What an input holds: text for text-like and number inputs, a list for lists, a boolean for checkboxes. */
export type InputValue = string | string[] | boolean;
export type InputValues = { [field: string]: InputValue };
export type FieldErrors = { [field: string]: string };

const isList = (f: Field) => f.type === 'multienum' || f.type === 'links';

/** Evidence files are attached and removed on their own (AttachFile), never through the form. */
export const formEdits = (f: Field) => f.type !== 'attachments';

const pad = (n: number) => String(n).padStart(2, '0');

/** RFC 3339 → what <input type="datetime-local"> holds, in this device's time zone. */
export function toLocalDateTime(iso: string): string {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return iso;
  const base = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.getSeconds() ? `${base}:${pad(d.getSeconds())}` : base;
}

const LOCAL_DT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** A local date-time or RFC 3339 → RFC 3339 in UTC without fractions; null when it is not one. */
export function parseDateTime(s: string): string | null {
  const t = s.trim();
  if (!LOCAL_DT.test(t) && !RFC3339.test(t)) return null;
  const d = new Date(t.replace(' ', 'T'));
  if (Number.isNaN(d.getTime())) return null;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function toInput(f: Field, v: unknown): InputValue {
  if (isList(f)) return Array.isArray(v) ? v.map(String) : [];
  if (f.type === 'bool') return v === true;
  if (v === null || v === undefined) return '';
  if (f.type === 'datetime') return toLocalDateTime(String(v));
  return String(v);
}

export function initialInputs(kind: Kind, record: KeelRecord | null): InputValues {
  const out: InputValues = {};
  for (const f of kind.fields) if (formEdits(f)) out[f.name] = toInput(f, record?.fields?.[f.name]);
  return out;
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** Parses a number typed by a person: null for empty, NaN when it is not a number. */
export function parseNumber(s: string): number | null {
  const t = s.trim().replace(/[\s_]/g, '');
  if (t === '') return null;
  if (!NUMBER.test(t)) return NaN;
  const n = Number(t);
  return Number.isFinite(n) ? n : NaN;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export interface Validation {
  errors: FieldErrors;
  /** The parsed value of every field (null = empty). */
  values: FieldValues;
}

/** Checks every field the way the backend will, so a person sees problems before saving. */
export function validate(kind: Kind, inputs: InputValues): Validation {
  const errors: FieldErrors = {};
  const values: FieldValues = {};
  for (const f of kind.fields) {
    if (!formEdits(f)) continue;
    const raw = inputs[f.name];
    let v: FieldValue = null;
    switch (f.type) {
      case 'datetime': {
        const s = typeof raw === 'string' ? raw.trim() : '';
        const iso = s ? parseDateTime(s) : null;
        if (s && !iso) errors[f.name] = `${f.label} must be a date and time like 2026-11-27 09:30`;
        else v = iso;
        break;
      }
      case 'multienum':
      case 'links': {
        const list = Array.isArray(raw) ? raw.filter((x) => x !== '') : [];
        v = list.length ? list : null;
        break;
      }
      case 'bool':
        v = raw === true;
        break;
      case 'number': {
        const s = typeof raw === 'string' ? raw : '';
        const n = parseNumber(s);
        if (Number.isNaN(n)) errors[f.name] = `${f.label} must be a number, e.g. 3 or 2.5`;
        else v = n;
        break;
      }
      case 'date': {
        const s = typeof raw === 'string' ? raw.trim() : '';
        if (s && !validDate(s)) errors[f.name] = `${f.label} must be a date like 2026-03-31`;
        else v = s || null;
        break;
      }
      case 'longtext': {
        const s = typeof raw === 'string' ? raw : '';
        v = s.trim() === '' ? null : s;
        break;
      }
      default: {
        const s = typeof raw === 'string' ? raw.trim() : '';
        v = s || null;
      }
    }
    if (!errors[f.name] && typeof v === 'string' && f.maxLen && [...v].length > f.maxLen) {
      errors[f.name] = `${f.label} is too long: ${[...v].length} characters, at most ${f.maxLen}`;
    }
    if (!errors[f.name] && f.required && f.type !== 'bool' && v === null) {
      errors[f.name] = `${f.label} is required`;
    }
    values[f.name] = v;
  }
  return { errors, values };
}

function normal(v: unknown): string {
  if (v === undefined || v === null || v === '') return 'null';
  if (Array.isArray(v)) return v.length ? JSON.stringify([...v].sort()) : 'null';
  return JSON.stringify(v);
}

/**
 * The fields to send: for a new record every field with a value; for an existing one only
 * those that differ from the record (null clears a field).
 */
export function fieldsToSave(kind: Kind, record: KeelRecord | null, values: FieldValues): FieldValues {
  const out: FieldValues = {};
  for (const f of kind.fields) {
    if (!formEdits(f)) continue;
    const v = values[f.name] ?? null;
    if (!record) {
      if (v !== null && !(f.type === 'bool' && v === false)) out[f.name] = v;
      continue;
    }
    const before = record.fields?.[f.name];
    const same = f.type === 'bool' ? (before === true) === (v === true) : normal(before) === normal(v);
    if (!same) out[f.name] = v;
  }
  return out;
}

export function sameInputs(a: InputValues, b: InputValues): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
