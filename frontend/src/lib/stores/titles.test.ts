import { describe, expect, it, vi } from 'vitest';
import { TitleCache } from './titles.svelte';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('TitleCache', () => {
  it('batches the ids asked for in one turn, per kind, and asks each once', async () => {
    const fetch = vi.fn(async (kind: string, ids: string[]) => ids.map((id) => ({ id, title: `${kind}:${id}` })));
    const c = new TitleCache(fetch);
    c.need('party', ['a', 'b']);
    c.need('party', ['b', 'c']);
    c.need('issue', ['x']);
    await tick();
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch).toHaveBeenCalledWith('party', ['a', 'b', 'c']);
    expect(c.titles.get('c')).toBe('party:c');
    c.need('party', ['a']);
    await tick();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('knows remembered titles without asking, and refetches a changed record it shows', async () => {
    const fetch = vi.fn(async (_k: string, ids: string[]) => ids.map((id) => ({ id, title: 'New title' })));
    const c = new TitleCache(fetch);
    c.remember('party', [{ id: 'a', title: 'Old title' }]);
    c.need('party', ['a']);
    await tick();
    expect(fetch).not.toHaveBeenCalled();
    c.changed('party', 'zzz'); // not shown: ignored
    c.changed('party', 'a');
    await tick();
    expect(fetch).toHaveBeenCalledWith('party', ['a']);
    expect(c.titles.get('a')).toBe('New title');
  });

  it('may ask again after a failed fetch', async () => {
    let fail = true;
    const fetch = vi.fn(async (_k: string, ids: string[]) => {
      if (fail) throw new Error('offline');
      return ids.map((id) => ({ id, title: 'T' }));
    });
    const c = new TitleCache(fetch);
    c.need('k', ['a']);
    await tick();
    expect(c.titles.has('a')).toBe(false);
    fail = false;
    c.need('k', ['a']);
    await tick();
    expect(c.titles.get('a')).toBe('T');
  });
});
