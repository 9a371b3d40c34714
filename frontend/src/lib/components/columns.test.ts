import { describe, expect, it } from 'vitest';
import type { Field } from '../api';
import { columnSize, columnTrack, fitColumns } from './columns';

const f = (name: string, type: Field['type'], extra: Partial<Field> = {}): Field => ({ name, label: name, type, ...extra });

describe('columnSize', () => {
  it('gives the title column the most room and short enums little', () => {
    const title = columnSize(f('title', 'text'), 'title');
    const io = columnSize(f('io', 'enum', { options: ['internal', 'external'] }), 'title');
    const text = columnSize(f('notes', 'text'), 'title');
    expect(title.grow).toBeGreaterThan(text.grow);
    expect(title.min).toBeGreaterThan(io.min);
    expect(io.min).toBeLessThan(120);
  });
  it('sizes an enum by its longest option, within bounds', () => {
    const long = columnSize(f('c', 'enum', { options: ['affected individual', 'x'] }), 't');
    const short = columnSize(f('c', 'enum', { options: ['low', 'high'] }), 't');
    expect(long.min).toBeGreaterThan(short.min);
    expect(long.min).toBeLessThanOrEqual(150);
    expect(short.min).toBeGreaterThanOrEqual(64);
  });
  it('fixes dates and flags, grows the rest', () => {
    expect(columnTrack(columnSize(f('d', 'date'), 't'))).toBe('108px');
    expect(columnTrack(columnSize(f('b', 'bool'), 't'))).toMatch(/^\d+px$/);
    expect(columnTrack(columnSize(f('t', 'text'), 't'))).toBe('minmax(200px, 3fr)');
  });
});

describe('fitColumns', () => {
  const sizes = [200, 100, 100, 100].map((min) => ({ min, grow: 1 }));
  const cols = ['title', 'a', 'b', 'c'];
  it('keeps everything that fits, in order', () => {
    expect(fitColumns(cols, sizes, 500)).toEqual(cols);
    expect(fitColumns(cols, sizes, 499)).toEqual(['title', 'a', 'b']);
    expect(fitColumns(cols, sizes, 320)).toEqual(['title', 'a']);
  });
  it('always keeps the title, and counts reserved space', () => {
    expect(fitColumns(cols, sizes, 50)).toEqual(['title']);
    expect(fitColumns(cols, sizes, 500, 88)).toEqual(['title', 'a', 'b']);
  });
  it('keeps room for the title in a wider pane before letting other columns in', () => {
    // 650 px: the title keeps 260 (40%), so only three 100 px columns join it, though
    // their minimums (200 + 4 × 100 = 600) would fit.
    const five = [...cols, 'd'];
    const s5 = [...sizes, { min: 100, grow: 1 }];
    expect(fitColumns(five, s5, 700)).toEqual(five);
    expect(fitColumns(five, s5, 650)).toEqual(['title', 'a', 'b', 'c']);
  });
  it('keeps all columns before the width is known', () => {
    expect(fitColumns(cols, sizes, 0)).toEqual(cols);
  });
});
