// Words and colours for statuses, gap results, classes and crosswalk relationships, shared by
// the catalogue browser and the gap analysis.
import type { GapClass, GapResult, Relationship, Status } from '../api';

export const STATUSES: Status[] = ['not-started', 'planned', 'partial', 'implemented', 'not-applicable'];

export const statusLabel = (s: Status | '' | undefined): string => (s ? s.replace(/-/g, ' ') : '');

/** The control_status record's enum spells statuses with spaces. */
export const statusFromRecord = (v: unknown): Status | '' => {
  const s = String(v ?? '').trim().toLowerCase().replace(/\s+/g, '-');
  return (STATUSES as string[]).includes(s) ? (s as Status) : '';
};

export const RESULTS: GapResult[] = ['done', 'met-by-inheritance', 'extend', 'new', 'not-applicable'];

export const resultLabel: Record<GapResult, string> = {
  done: 'Done',
  'met-by-inheritance': 'Met by inheritance',
  extend: 'Extend',
  new: 'New',
  'not-applicable': 'Not applicable',
};

/** CSS colour variables per result (defined in app.css for both themes). */
export const resultColor: Record<GapResult, string> = {
  done: 'var(--gap-done)',
  'met-by-inheritance': 'var(--gap-inherit)',
  extend: 'var(--gap-extend)',
  new: 'var(--gap-new)',
  'not-applicable': 'var(--gap-na)',
};

export const classLabel: Record<GapClass, string> = {
  inherit: 'inherit',
  extend: 'extend',
  new: 'new',
};

export const relationshipLabel: Record<Relationship, string> = {
  equal: 'equal to',
  subset: 'subset of',
  superset: 'superset of',
  intersect: 'intersects',
  'no-relationship': 'no relationship',
};
