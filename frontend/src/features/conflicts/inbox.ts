// How the conflict inbox reads: counts, who and where a value came from, what a delete
// conflict is made of, the names of the rule flags. Pure, so it is tested without a screen.
import type { Conflict, ConflictInbox, ConflictValue, Flag, Rule } from '../../lib/api';

/** What the sidebar badge counts: every conflict and every rule flag. */
export function inboxCount(inbox: ConflictInbox | null | undefined): number {
  return (inbox?.conflicts?.length ?? 0) + (inbox?.flags?.length ?? 0);
}

/** The device a value was written on: its name, else the start of its id. */
export function deviceOf(v: ConflictValue): string {
  if (v.device) return v.device;
  return v.replica ? `device ${v.replica.slice(0, 8)}` : '';
}

/** Who wrote a value, on which device (left out when the device bears their name), and when. */
export function whoWhere(v: ConflictValue, when: string): string {
  const who = v.actor?.name || 'Someone';
  const device = deviceOf(v);
  return [who, device === who ? '' : device, when].filter(Boolean).join(' · ');
}

/** A stable key for a conflict in a keyed list. */
export function conflictKey(c: Conflict): string {
  return `${c.type}:${c.kind}:${c.id}:${c.field ?? ''}`;
}

/** A delete conflict's deletes and restores (the tombstone's values), apart. */
export function deletesOf(c: Conflict): { deletes: ConflictValue[]; restores: ConflictValue[] } {
  return { deletes: c.values.filter((v) => v.value === true), restores: c.values.filter((v) => v.value !== true) };
}

const RULES: { [r in Rule]: string } = {
  stage: 'Two stages at once',
  'impact-assessment': 'Live without an approved impact assessment',
  gate: 'Live without passing its stage gate',
  'risk-method': 'More than one risk method',
  check: 'A rule the merge broke',
  'follow-up': 'A follow-up nobody raised',
};

/** The heading of a rule flag. */
export function ruleTitle(f: Flag): string {
  return RULES[f.rule] ?? f.rule;
}
