import { flushSync, mount, tick, unmount } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import LinkPicker from './LinkPicker.svelte';

let component: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
});

const all = [
  { id: 'p1', title: 'ICO' },
  { id: 'p2', title: 'Customers' },
  { id: 'p3', title: 'Staff' },
];

function render(props: { multiple: boolean; value: string[] }) {
  const onchange = vi.fn();
  const find = vi.fn(async (_k: string, text: string, limit: number) =>
    all.filter((o) => o.title.toLowerCase().includes(text.toLowerCase())).slice(0, limit),
  );
  const target = document.createElement('div');
  document.body.appendChild(target);
  component = mount(LinkPicker, {
    target,
    props: { id: 'x', linkKind: 'party', testid: 'f', titles: new Map(all.map((o) => [o.id, o.title])), find, onchange, ...props },
  });
  flushSync();
  const input = () => target.querySelector<HTMLInputElement>('[data-testid="f"]');
  const key = (k: string) => {
    const e = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true });
    input()!.dispatchEvent(e);
    flushSync();
    return e;
  };
  return { target, onchange, find, input, key };
}

async function settle(ms = 0) {
  await new Promise((r) => setTimeout(r, ms));
  for (let i = 0; i < 3; i++) await tick();
  flushSync();
}

describe('LinkPicker', () => {
  it('searches with a limit of 20 and moves through results with the arrows', async () => {
    const { target, find, input, key, onchange } = render({ multiple: true, value: [] });
    input()!.focus();
    flushSync();
    await settle();
    expect(find).toHaveBeenCalledWith('party', '', 20);
    const options = () => [...target.querySelectorAll('[data-testid="link-option"]')];
    expect(options()).toHaveLength(3);
    expect(options()[0].getAttribute('aria-selected')).toBe('true');
    key('ArrowDown');
    expect(options()[1].getAttribute('aria-selected')).toBe('true');
    expect(input()!.getAttribute('aria-activedescendant')).toBe(options()[1].id);
    key('ArrowUp');
    key('ArrowUp');
    expect(options()[2].getAttribute('aria-selected')).toBe('true');
    key('Enter');
    expect(onchange).toHaveBeenLastCalledWith(['p3']);
  });

  it('Escape closes the results without reaching the form; Backspace removes the last chip', async () => {
    const { target, input, key, onchange } = render({ multiple: true, value: ['p1', 'p2'] });
    expect([...target.querySelectorAll('[data-testid="link-chip"]')].map((c) => c.textContent?.trim())).toEqual([
      expect.stringContaining('ICO'),
      expect.stringContaining('Customers'),
    ]);
    input()!.focus();
    flushSync();
    await settle();
    // already-linked records are not offered again
    expect(target.querySelectorAll('[data-testid="link-option"]')).toHaveLength(1);
    const esc = key('Escape');
    expect(esc.defaultPrevented).toBe(true);
    expect(target.querySelector('[data-testid="f-results"]')).toBeNull();
    expect(key('Escape').defaultPrevented).toBe(false);
    key('Backspace');
    expect(onchange).toHaveBeenLastCalledWith(['p1']);
  });

  it('a single link shows its chip and no input until removed', async () => {
    const { target, input, onchange } = render({ multiple: false, value: ['p2'] });
    expect(input()).toBeNull();
    target.querySelector<HTMLButtonElement>('[data-testid="link-chip-remove"]')!.click();
    expect(onchange).toHaveBeenLastCalledWith([]);
  });
});
