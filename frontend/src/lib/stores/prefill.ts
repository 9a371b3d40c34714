// A new-record form opened from elsewhere with some fields filled in: the plan's "Name the
// override authority" opens the roles register's new form with the override flag set. The
// values wait here for the next new form of that kind, which takes them once.
import type { KeelRecord } from '../api';
import { navigate } from './router.svelte';

const pending = new Map<string, Record<string, unknown>>();

/** Opens the new-record form of kind with fields filled in (none when fields is empty). */
export function openNew(kind: string, fields?: Record<string, unknown>): void {
  if (fields && Object.keys(fields).length) pending.set(kind, fields);
  else pending.delete(kind);
  navigate({ name: 'kind', kind, isNew: true });
}

/** The values waiting for a new form of kind, as a record without an id; null when none. Taken once. */
export function takePrefill(kind: string): KeelRecord | null {
  const fields = pending.get(kind);
  if (!fields) return null;
  pending.delete(kind);
  return { id: '', kind, title: '', fields } as unknown as KeelRecord;
}
