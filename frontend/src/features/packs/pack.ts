// The Packs screen's pure parts: choosing among the packs the backend lists (api.packs),
// the default period, period checks, the SoA's standards and the review picker.
import type { PackInfo } from '../../lib/api';

/** The pack named in a route, else the first on offer ("" while none is listed). */
export function packKindOr(packs: PackInfo[], name: string | undefined): string {
  return (packs.find((p) => p.kind === name) ?? packs[0])?.kind ?? '';
}

/** The short name of a pack for the generate button. */
export function packShort(packs: PackInfo[], kind: string): string {
  return packs.find((p) => p.kind === kind)?.short ?? kind;
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


/** Which extra choices a pack takes, as the backend says (PackInfo.choices). */
const takes = (pack: PackInfo | undefined, choice: 'standards' | 'review') => !!pack?.choices.includes(choice);
export const usesStandards = (pack: PackInfo | undefined) => takes(pack, 'standards');
export const usesReview = (pack: PackInfo | undefined) => takes(pack, 'review');

export type Edition27701 = '2019' | '2025' | '';

/** The catalogue IDs the SoA is narrowed to ("" edition leaves 27701 out). */
export function soaStandards(with27001: boolean, with42001: boolean, edition: Edition27701): string[] {
  const out: string[] = [];
  if (with27001) out.push('iso27001-2022');
  if (with42001) out.push('iso42001-2023');
  if (edition) out.push(`iso27701-${edition}`);
  return out;
}

/**
 * The 27701 edition to preselect: the one with more recorded control statuses (items are
 * catalogue:id references), 2025 on a tie, none when neither has any — what the SoA prints
 * when nothing is chosen.
 */
export function default27701Edition(items: string[]): Edition27701 {
  let y2019 = 0;
  let y2025 = 0;
  for (const i of items) {
    if (i.startsWith('iso27701-2019:')) y2019++;
    else if (i.startsWith('iso27701-2025:')) y2025++;
  }
  if (!y2019 && !y2025) return '';
  return y2019 > y2025 ? '2019' : '2025';
}

export interface ReviewOption {
  id: string;
  label: string;
  /** The period the review covers ("" when not recorded). */
  from: string;
  to: string;
}

/** Management reviews for the picker: newest meeting first, labelled with their date. */
export function reviewOptions(recs: { id: string; title: string; fields: Record<string, unknown> }[]): ReviewOption[] {
  const date = (r: { fields: Record<string, unknown> }) => String(r.fields.meeting_date ?? '');
  return [...recs]
    .sort((a, b) => date(b).localeCompare(date(a)) || a.title.localeCompare(b.title))
    .map((r) => ({
      id: r.id,
      label: date(r) ? `${r.title} — ${date(r)}` : r.title,
      from: String(r.fields.period_from ?? ''),
      to: String(r.fields.period_to ?? ''),
    }));
}

/** The file types a cover logo may be. */
export const LOGO_TYPES = ['image/png', 'image/jpeg'];
export const LOGO_MAX_BYTES = 1 << 20;

/** A message about a picked logo file before it is sent, or "". */
export function logoFileError(file: { type: string; size: number }): string {
  if (!LOGO_TYPES.includes(file.type)) return 'Choose a PNG or JPEG image.';
  if (file.size > LOGO_MAX_BYTES) return `The logo is ${Math.ceil(file.size / 1024)} KB; the limit is 1024 KB.`;
  return '';
}
