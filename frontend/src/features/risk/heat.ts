// The heat map's layout and colours: likelihood drawn upwards, impact to the right, each
// cell toned by its level's place among the method's bands (lowest green, highest red).
// Levels themselves come from the backend (HeatMap, RiskRegister: risk.Method.Level).
import type { Band, HeatCell, HeatMap } from '../../lib/api';

/** Colour steps, lowest to highest; CSS variables --heat-0 … --heat-4 (both themes). */
export const TONES = 5;

/** The index of a level among the bands (0 = lowest), or -1 when unknown. */
export function levelIndex(level: string, bands: Band[]): number {
  return bands.findIndex((b) => b.name === level);
}

/**
 * The tone (0 … TONES-1) of a level: the bands spread over the tones so the lowest band is
 * always green and the highest red, whatever the number of bands.
 */
export function levelTone(level: string, bands: Band[]): number {
  const i = levelIndex(level, bands);
  if (i < 0) return 0;
  if (bands.length <= 1) return TONES - 1;
  return Math.round((i * (TONES - 1)) / (bands.length - 1));
}

/** Rows top to bottom (highest likelihood first), each cell left to right by impact. */
export function gridRows(map: HeatMap): HeatCell[][] {
  return [...map.cells].reverse();
}

/** "1 Rare – less than once in 10 years" → "Rare"; a bare number ("3", the default labels) → "". */
export function shortLabel(label: string): string {
  const head = label.split(/\s+[–—-]\s+/)[0].trim();
  if (/^\d+$/.test(head)) return '';
  const m = /^\d+\s+(.+)$/.exec(head);
  return m ? m[1] : head;
}

/** The accessible name of a cell. */
export function cellName(c: HeatCell, likelihoodLabel: string, impactLabel: string): string {
  const n = c.count === 1 ? '1 risk' : `${c.count} risks`;
  const over = c.overAppetite ? `, ${c.overAppetite} over appetite` : '';
  const name = (n: number, label: string) => [n, shortLabel(label)].filter(Boolean).join(' ');
  return `Likelihood ${name(c.likelihood, likelihoodLabel)}, impact ${name(c.impact, impactLabel)}: score ${c.score}, ${c.level || 'no level'}, ${n}${over}`;
}

/** The cell at a likelihood and impact, if on the grid. */
export function cellAt(map: HeatMap, likelihood: number, impact: number): HeatCell | undefined {
  return map.cells[likelihood - 1]?.[impact - 1];
}

/** Moves a focus position by arrow key within the grid (likelihood up, impact right). */
export function step(
  pos: { likelihood: number; impact: number },
  key: string,
  size: { likelihood: number; impact: number },
): { likelihood: number; impact: number } | null {
  const clamp = (v: number, max: number) => Math.min(max, Math.max(1, v));
  switch (key) {
    case 'ArrowUp':
      return { ...pos, likelihood: clamp(pos.likelihood + 1, size.likelihood) };
    case 'ArrowDown':
      return { ...pos, likelihood: clamp(pos.likelihood - 1, size.likelihood) };
    case 'ArrowRight':
      return { ...pos, impact: clamp(pos.impact + 1, size.impact) };
    case 'ArrowLeft':
      return { ...pos, impact: clamp(pos.impact - 1, size.impact) };
    default:
      return null;
  }
}

/**
 * The map keeping only the risks in keep (the ids RiskRegister returned for the chosen owner
 * and AI system); null keeps every risk. Counts, over-appetite marks, the total and the
 * unscored list are worked out again from what is kept.
 */
export function filterMap(map: HeatMap, keep: ReadonlySet<string> | null): HeatMap {
  if (!keep) return map;
  const over = new Set(map.overAppetite);
  let total = 0;
  const cells = map.cells.map((row) =>
    row.map((c) => {
      const riskIds = c.riskIds.filter((id) => keep.has(id));
      total += riskIds.length;
      return { ...c, riskIds, count: riskIds.length, overAppetite: riskIds.filter((id) => over.has(id)).length };
    }),
  );
  return {
    ...map,
    cells,
    total,
    unscored: map.unscored.filter((id) => keep.has(id)),
    overAppetite: map.overAppetite.filter((id) => keep.has(id)),
    overAppetiteNow: map.overAppetiteNow.filter((id) => keep.has(id)),
  };
}

/** The owners named in the risks, sorted, each once; selected is kept when no risk names it any more. */
export function ownerOptions(risks: { owner: string }[], selected = ''): string[] {
  // Untrimmed: RiskRegister matches the owner exactly.
  const set = new Set(risks.map((r) => r.owner ?? '').filter((o) => o.trim()));
  if (selected) set.add(selected);
  return [...set].sort((a, b) => a.localeCompare(b));
}

/**
 * The AI systems risks are linked to, by title (titles maps id → title; a linked id without
 * a title, e.g. a deleted system, is left out), sorted by title; selected is kept when it
 * is no longer linked.
 */
export function aiSystemOptions(
  risks: { aiSystems: string[] }[],
  titles: ReadonlyMap<string, string>,
  selected = '',
): { id: string; title: string }[] {
  const ids = new Set(risks.flatMap((r) => r.aiSystems ?? []));
  if (selected) ids.add(selected);
  return [...ids]
    .filter((id) => titles.has(id) || id === selected)
    .map((id) => ({ id, title: titles.get(id) || (id === selected ? '(not found)' : '') }))
    .sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
}
