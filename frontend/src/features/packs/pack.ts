// The Packs screen's pure parts: the packs on offer, the default period, period checks.
import type { PackKind } from '../../lib/api';

export interface PackInfo {
  kind: PackKind;
  title: string;
  blurb: string;
  /** What the generate button calls it. */
  short: string;
}

export const PACKS: PackInfo[] = [
  {
    kind: 'gap',
    title: 'Gap analysis and implementation plan',
    blurb: 'ISO/IEC 42001 coverage by clause and Annex A area, readiness on the four proofs, the 7-step plan and every item with what is left to do.',
    short: 'gap analysis',
  },
  {
    kind: 'soa',
    title: 'Statement of Applicability',
    blurb: 'Every Annex A control of 27001, 42001 (and 27701 when used) with applicability, justification, status and evidence references.',
    short: 'SoA',
  },
  {
    kind: 'management-review',
    title: 'Management review',
    blurb: 'The inputs of clause 9.3 for the period across the AIMS, ISMS and PIMS, with the decisions and actions of the review.',
    short: 'management review',
  },
  {
    kind: 'risk',
    title: 'Risk register and treatment plan',
    blurb: 'The risk method and appetite, inherent and residual heat maps, every risk with its scores and treatment, and the actions that treat it.',
    short: 'risk register',
  },
  {
    kind: 'ai-inventory',
    title: 'AI system inventory',
    blurb: 'AI systems with owner, stage, gate, decision impact and personal data; impact assessments per system; monitoring breaches in the period.',
    short: 'AI inventory',
  },
  {
    kind: 'audit',
    title: 'Internal audit report',
    blurb: 'Each internal audit in the period: scope, standards, criteria, auditors and dates, findings by type and the nonconformities raised.',
    short: 'audit report',
  },
];

/** The short name of a pack for the generate button. */
export function packShort(kind: PackKind): string {
  return PACKS.find((p) => p.kind === kind)?.short ?? kind;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** This calendar year: 1 January to 31 December. */
export function defaultPeriod(today: string): { from: string; to: string } {
  const y = today.slice(0, 4);
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}

/** A message about the period, or "" when it is fine (both dates may be empty). */
export function periodError(from: string, to: string): string {
  if (from && !DATE.test(from)) return 'The start is not a date.';
  if (to && !DATE.test(to)) return 'The end is not a date.';
  if (from && to && from > to) return 'The period starts after it ends.';
  return '';
}

/** Bytes in a base64 string without decoding it. */
export function base64Size(b64: string): number {
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((b64.length * 3) / 4) - pad);
}
