// Column sizing for the generic record list: widths follow what a column holds (a title
// wants room, a two-option enum does not), and columns that do not fit the pane are left
// out, last first, instead of forcing a horizontal scrollbar. The title column always stays.
import type { Field } from '../api';

export interface ColumnSize {
  /** Smallest useful width in px. */
  min: number;
  /** Share of the spare width (0 = fixed at min). */
  grow: number;
}

// Rough px per character at the list's 13px font, plus the cell's 20px padding.
const CH = 7.2;
const PAD = 22;

export function columnSize(f: Field, titleField: string): ColumnSize {
  if (f.name === titleField) return { min: 200, grow: 3 };
  const label = f.label.length * 7.4 + 24; // headers are 12px bold
  switch (f.type) {
    // A header is all there is to read a yes/no or a number by: let it show (up to ~18 chars).
    case 'bool':
      return { min: Math.min(150, Math.max(56, label)), grow: 0 };
    case 'number':
      return { min: Math.min(150, Math.max(64, label)), grow: 0 };
    case 'date':
      return { min: 108, grow: 0 };
    case 'datetime':
      return { min: 148, grow: 0 };
    case 'enum': {
      const longest = Math.max(4, ...(f.options ?? []).map((o) => o.length));
      const w = Math.ceil(Math.min(150, Math.max(64, longest * CH + PAD, Math.min(label, 150))));
      return { min: w, grow: 0.3 };
    }
    case 'multienum':
      return { min: 150, grow: 0.6 };
    case 'person':
      return { min: 120, grow: 0.8 };
    case 'link':
    case 'links':
      return { min: 130, grow: 1 };
    case 'attachments':
      return { min: 90, grow: 0.3 };
    case 'longtext':
      return { min: 160, grow: 2 };
    default:
      return { min: 110, grow: 1.2 };
  }
}

export function columnTrack(s: ColumnSize): string {
  return s.grow > 0 ? `minmax(${s.min}px, ${s.grow}fr)` : `${s.min}px`;
}

/**
 * The columns to show in `width` px (`reserved` px already taken, e.g. by a Restore button):
 * in schema order, dropping from the end until the rest fit. The first column (the title)
 * always stays, and keeps up to 40% of the width (at most 320 px) for itself before other
 * columns are let in, so titles stay readable in a narrow pane. A width of 0 (not measured
 * yet) keeps them all.
 */
export function fitColumns<T>(columns: T[], sizes: ColumnSize[], width: number, reserved = 0): T[] {
  if (width <= 0 || columns.length <= 1) return columns;
  let used = reserved + Math.max(sizes[0].min, Math.min(320, (width - reserved) * 0.4));
  let n = 1;
  for (let i = 1; i < columns.length; i++) {
    if (used + sizes[i].min > width) break;
    used += sizes[i].min;
    n = i + 1;
  }
  return columns.slice(0, n);
}
