import { describe, expect, it } from 'vitest';
import type { Band, HeatCell, HeatMap } from '../../lib/api';
import {
  aiSystemOptions,
  cellAt,
  cellName,
  filterMap,
  gridRows,
  levelIndex,
  levelTone,
  ownerOptions,
  shortLabel,
  step,
  TONES,
} from './heat';

const bands4: Band[] = [
  { max: 4, name: 'Low' },
  { max: 9, name: 'Medium' },
  { max: 16, name: 'High' },
  { max: 25, name: 'Very high' },
];

function map5(): HeatMap {
  const cells: HeatCell[][] = [];
  for (let l = 1; l <= 5; l++) {
    const row: HeatCell[] = [];
    for (let i = 1; i <= 5; i++) {
      row.push({ likelihood: l, impact: i, score: l * i, level: 'Low' /* the backend's level; not read here */, count: 0, riskIds: [], overAppetite: 0 });
    }
    cells.push(row);
  }
  return { lens: '', residual: true, likelihoodLabels: [], impactLabels: [], cells, total: 0, unscored: [], overAppetite: [], overAppetiteNow: [] };
}

describe('levels', () => {
  // A score's band is the backend's: backend/risk/level_test.go.
  it('spreads the bands over the tones: lowest green, highest red', () => {
    expect(bands4.map((b) => levelTone(b.name, bands4))).toEqual([0, 1, 3, 4]);
    const three: Band[] = [
      { max: 3, name: 'Low' },
      { max: 6, name: 'Medium' },
      { max: 9, name: 'High' },
    ];
    expect(three.map((b) => levelTone(b.name, three))).toEqual([0, 2, 4]);
    const five = ['a', 'b', 'c', 'd', 'e'].map((name, i) => ({ max: (i + 1) * 5, name }));
    expect(five.map((b) => levelTone(b.name, five))).toEqual([0, 1, 2, 3, 4]);
    expect(levelTone('Only', [{ max: 25, name: 'Only' }])).toBe(TONES - 1);
  });

  it('an unknown level is the lowest tone', () => {
    expect(levelIndex('Nope', bands4)).toBe(-1);
    expect(levelTone('Nope', bands4)).toBe(0);
  });
});

describe('grid', () => {
  it('draws likelihood upwards: the first row is the highest likelihood', () => {
    const rows = gridRows(map5());
    expect(rows[0][0]).toMatchObject({ likelihood: 5, impact: 1 });
    expect(rows[4][4]).toMatchObject({ likelihood: 1, impact: 5 });
    expect(rows[0].map((c) => c.impact)).toEqual([1, 2, 3, 4, 5]);
  });

  it('finds cells by likelihood and impact', () => {
    expect(cellAt(map5(), 4, 2)?.score).toBe(8);
    expect(cellAt(map5(), 6, 1)).toBeUndefined();
  });

  it('moves focus with the arrows within bounds', () => {
    const size = { likelihood: 5, impact: 5 };
    expect(step({ likelihood: 1, impact: 1 }, 'ArrowUp', size)).toEqual({ likelihood: 2, impact: 1 });
    expect(step({ likelihood: 1, impact: 1 }, 'ArrowDown', size)).toEqual({ likelihood: 1, impact: 1 });
    expect(step({ likelihood: 1, impact: 5 }, 'ArrowRight', size)).toEqual({ likelihood: 1, impact: 5 });
    expect(step({ likelihood: 3, impact: 3 }, 'ArrowLeft', size)).toEqual({ likelihood: 3, impact: 2 });
    expect(step({ likelihood: 3, impact: 3 }, 'Enter', size)).toBeNull();
  });
});

describe('labels', () => {
  it('shortens the method’s labels', () => {
    expect(shortLabel('1 Rare – less than once in 10 years')).toBe('Rare');
    expect(shortLabel('5 Severe — lasting harm')).toBe('Severe');
    expect(shortLabel('3')).toBe('');
    expect(shortLabel('Possible')).toBe('Possible');
  });

  it('names a cell for screen readers, with or without level labels', () => {
    const plain: HeatCell = { likelihood: 3, impact: 1, score: 3, level: 'Low', count: 1, riskIds: ['a'], overAppetite: 0 };
    expect(cellName(plain, '3', '1')).toBe('Likelihood 3, impact 1: score 3, Low, 1 risk');
    const c: HeatCell = { likelihood: 2, impact: 4, score: 8, level: 'Medium', count: 2, riskIds: ['a', 'b'], overAppetite: 1 };
    expect(cellName(c, '2 Unlikely – once in 3–10 years', '4 Major – many harmed')).toBe(
      'Likelihood 2 Unlikely, impact 4 Major: score 8, Medium, 2 risks, 1 over appetite',
    );
  });
});

describe('filtering by owner and AI system', () => {
  /** A map with a, b over appetite in 5×5, c in 5×5 within, d in 2×3, e unscored. */
  function placed(): HeatMap {
    const m = map5();
    const put = (l: number, i: number, id: string, over = false) => {
      const c = m.cells[l - 1][i - 1];
      c.riskIds.push(id);
      c.count++;
      m.total++;
      if (over) {
        c.overAppetite++;
        m.overAppetite.push(id);
      }
    };
    put(5, 5, 'a', true);
    put(5, 5, 'b', true);
    put(5, 5, 'c');
    put(2, 3, 'd');
    m.unscored.push('e');
    return m;
  }

  it('keeps every risk without a filter', () => {
    const m = placed();
    expect(filterMap(m, null)).toBe(m);
  });

  it('keeps only the given risks, recounting cells, marks, total and unscored', () => {
    const m = placed();
    const f = filterMap(m, new Set(['b', 'c', 'e']));
    expect(cellAt(f, 5, 5)).toMatchObject({ riskIds: ['b', 'c'], count: 2, overAppetite: 1, score: 25 });
    expect(cellAt(f, 2, 3)).toMatchObject({ riskIds: [], count: 0, overAppetite: 0 });
    expect(f.total).toBe(2);
    expect(f.overAppetite).toEqual(['b']);
    expect(f.unscored).toEqual(['e']);
    // The input map is left as it was.
    expect(cellAt(m, 5, 5)).toMatchObject({ count: 3, overAppetite: 2 });
    expect(m.total).toBe(4);
  });

  it('clears every over-appetite mark when no kept risk is over', () => {
    const f = filterMap(placed(), new Set(['c', 'd']));
    expect(f.cells.flat().reduce((n, c) => n + c.overAppetite, 0)).toBe(0);
    expect(f.cells.flat().reduce((n, c) => n + c.count, 0)).toBe(2);
    expect(f.overAppetite).toEqual([]);
  });

  it('empties the map when nothing matches', () => {
    const f = filterMap(placed(), new Set());
    expect(f.total).toBe(0);
    expect(f.cells.flat().every((c) => c.count === 0 && c.riskIds.length === 0)).toBe(true);
  });

  it('lists the owners once each, sorted, keeping the chosen one', () => {
    const risks = [{ owner: 'Priya' }, { owner: '' }, { owner: 'Alex' }, { owner: ' ' }, { owner: 'Priya' }];
    expect(ownerOptions(risks)).toEqual(['Alex', 'Priya']);
    expect(ownerOptions(risks, 'Zed')).toEqual(['Alex', 'Priya', 'Zed']);
  });

  it('lists the linked AI systems by title, leaving out unknown ids', () => {
    const titles = new Map([
      ['s1', 'Support chatbot'],
      ['s2', 'Credit scoring'],
      ['s3', 'Unlinked system'],
    ]);
    const risks = [{ aiSystems: ['s1', 'gone'] }, { aiSystems: ['s2', 's1'] }, { aiSystems: [] }];
    expect(aiSystemOptions(risks, titles)).toEqual([
      { id: 's2', title: 'Credit scoring' },
      { id: 's1', title: 'Support chatbot' },
    ]);
    expect(aiSystemOptions(risks, titles, 'gone').map((o) => o.id)).toEqual(['gone', 's2', 's1']);
  });
});
