import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CatalogueSummary } from '../api';
import CatalogueRefPicker from './CatalogueRefPicker.svelte';

// jsdom lays nothing out.
Element.prototype.scrollIntoView ??= () => {};

let component: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
});

const catalogues: CatalogueSummary[] = [
  {
    id: 'iso42001-2023',
    title: 'ISO/IEC 42001:2023',
    edition: '',
    notice: '',
    unverified: 0,
    items: ['A.6.2.4', 'A.6.2.5', 'A.6.2.6'].map((id) => ({
      id,
      title: `Control ${id}`,
      kind: 'control' as const,
      parent: '',
      description: '',
      unverified: false,
    })),
  },
];

function render(props: { multiple: boolean; chosen?: string[] }) {
  const onpick = vi.fn();
  const onclose = vi.fn();
  const formKeys = vi.fn();
  // The picker opens inside a record form: its keys must not reach the form.
  const form = document.createElement('form');
  form.addEventListener('keydown', formKeys);
  const target = document.createElement('div');
  form.appendChild(target);
  document.body.appendChild(form);
  component = mount(CatalogueRefPicker, {
    target,
    props: { label: 'Criteria', catalogues, chosen: [], onpick, onclose, ...props },
  });
  flushSync();
  const search = () => document.querySelector<HTMLInputElement>('[data-testid="ref-search"]')!;
  const options = () => [...document.querySelectorAll('[data-testid="ref-option"]')];
  const key = (k: string) => {
    const e = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true });
    search().dispatchEvent(e);
    flushSync();
    return e;
  };
  const type = (text: string) => {
    search().value = text;
    search().dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
  };
  return { onpick, onclose, formKeys, search, options, key, type };
}

describe('CatalogueRefPicker', () => {
  it('moves with the arrows and adds with Enter, staying open for a list', () => {
    const { onpick, onclose, formKeys, search, options, key } = render({ multiple: true });
    expect(document.activeElement).toBe(search());
    expect(options()).toHaveLength(3);
    expect(options()[0].getAttribute('aria-selected')).toBe('true');
    key('ArrowDown');
    expect(search().getAttribute('aria-activedescendant')).toBe(options()[1].id);
    key('ArrowUp');
    key('ArrowUp');
    expect(options()[2].getAttribute('aria-selected')).toBe('true');
    const enter = key('Enter');
    expect(enter.defaultPrevented).toBe(true);
    expect(onpick).toHaveBeenCalledWith('iso42001-2023:A.6.2.6');
    expect(onclose).not.toHaveBeenCalled();
    expect(formKeys).not.toHaveBeenCalled();
  });

  it('searches and marks what the field already holds', () => {
    const { onpick, options, key, type } = render({ multiple: true, chosen: ['iso42001-2023:A.6.2.5'] });
    type('A.6.2.5');
    expect(options().map((o) => o.getAttribute('data-ref'))).toEqual(['iso42001-2023:A.6.2.5']);
    expect(options()[0].textContent).toContain('added');
    key('Enter');
    expect(onpick).not.toHaveBeenCalled();
    type('nothing like it');
    expect(document.querySelector('[data-testid="ref-results"]')!.textContent).toContain('Nothing matches “nothing like it”');
  });

  it('closes on a pick for a single reference, and on Esc without touching the form', () => {
    const one = render({ multiple: false });
    one.key('Enter');
    expect(one.onpick).toHaveBeenCalledWith('iso42001-2023:A.6.2.4');
    expect(one.onclose).toHaveBeenCalledTimes(1);
    one.key('Escape');
    expect(one.onclose).toHaveBeenCalledTimes(2);
    expect(one.formKeys).not.toHaveBeenCalled();
  });
});
