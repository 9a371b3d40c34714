// Due and overdue dates in lists, following backend/ims/due.go: a `due` date or datetime
// field of a record that is not finished is overdue once the day has passed, and due when
// it falls later in the current calendar month (today included).
import type { DueState as BackendDueState, Field, KeelRecord } from '../api';

const FINISHED = new Set([
  'done', 'closed', 'completed', 'cancelled', 'achieved', 'missed',
  'retired', 'obsolete', 'resolved', 'rejected', 'declined', 'waived', 'superseded',
]);

/** The backend's due state (ims.DueState), or '' for neither. */
export type DueState = BackendDueState | '';

const pad = (n: number) => String(n).padStart(2, '0');

/** Today as YYYY-MM-DD in this device's time zone. */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function dueState(f: Field, r: KeelRecord, today: string): DueState {
  if (!f.due || r.deleted) return '';
  if (FINISHED.has(String(r.fields?.status ?? ''))) return '';
  const v = r.fields?.[f.name];
  if (typeof v !== 'string' || !v) return '';
  // The calendar day of the value: a date as is, an instant in this device's zone.
  let day = v.slice(0, 10);
  if (f.type === 'datetime') {
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) return '';
    day = localToday(d);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return '';
  if (day < today) return 'overdue';
  if (day.slice(0, 7) === today.slice(0, 7)) return 'due';
  return '';
}
