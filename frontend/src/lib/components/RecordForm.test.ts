import { flushSync, mount, tick, unmount, type ComponentProps } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type FieldValues, type KeelRecord, type Kind } from '../api';
import { fieldsToSave, parseNumber, validate } from './form';
import RecordForm from './RecordForm.svelte';

const kind: Kind = {
  name: 'scope_statement',
  label: 'Scope statement',
  plural: 'Scope statements',
  group: 'Context',
  clause: '4.3',
  help: '',
  titleField: 'title',
  fields: [
    { name: 'title', label: 'Title', type: 'text', required: true, maxLen: 20, help: 'Clause 4.3 scope title.' },
    { name: 'version', label: 'Version', type: 'number' },
    { name: 'status', label: 'Status', type: 'enum', required: true, options: ['draft', 'approved'] },
    { name: 'lens', label: 'Lens', type: 'multienum', options: ['security', 'privacy', 'ai'] },
    { name: 'effective', label: 'Effective from', type: 'date' },
    { name: 'final', label: 'Final', type: 'bool' },
    { name: 'notes', label: 'Notes', type: 'longtext' },
    { name: 'parties', label: 'Parties', type: 'links', linkKind: 'interested_party' },
  ],
};

const actor = { name: 'Ada', email: '', role: '' };
const existing: KeelRecord = {
  id: 'r1',
  kind: 'scope_statement',
  title: 'IMS scope',
  fields: { title: 'IMS scope', version: 1, status: 'draft', lens: ['security'], parties: ['p1'] },
  deleted: false,
  createdAt: '2026-01-01T00:00:00Z',
  createdBy: actor,
  updatedAt: '2026-01-01T00:00:00Z',
  updatedBy: actor,
};

let component: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = '';
});

function render(props: Partial<ComponentProps<typeof RecordForm>> = {}) {
  const onsave = vi.fn((_f: FieldValues) => true);
  const oncancel = vi.fn();
  const target = document.createElement('div');
  document.body.appendChild(target);
  component = mount(RecordForm, {
    target,
    props: {
      kind,
      record: null,
      titles: new Map([['p1', 'ICO']]),
      findLinks: async (_kind: string, text: string) =>
        [{ id: 'p1', title: 'ICO' }, { id: 'p2', title: 'Customers' }].filter((o) =>
          o.title.toLowerCase().includes(text.toLowerCase()),
        ),
      onsave,
      oncancel,
      ...props,
    },
  });
  flushSync();
  const q = <T extends Element = HTMLElement>(id: string) => target.querySelector<T & HTMLElement>(`[data-testid="${id}"]`);
  return { target, onsave, oncancel, q };
}

function type(el: HTMLInputElement | HTMLTextAreaElement | null, value: string) {
  if (!el) throw new Error('no input');
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

function choose(el: HTMLSelectElement | null, value: string) {
  if (!el) throw new Error('no select');
  el.value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
  flushSync();
}

async function settle() {
  for (let i = 0; i < 3; i++) await tick();
  flushSync();
}

async function clickSave(q: ReturnType<typeof render>['q']) {
  q<HTMLButtonElement>('form-save')!.click();
  await settle();
}

describe('RecordForm', () => {
  it('refuses to save without required fields and says so next to each field', async () => {
    const { onsave, q } = render();
    await clickSave(q);
    expect(onsave).not.toHaveBeenCalled();
    expect(q('field-error-title')?.textContent).toBe('Title is required');
    expect(q('field-error-status')?.textContent).toBe('Status is required');
    expect(q('field-title')?.getAttribute('aria-invalid')).toBe('true');
    expect(q('field-title')?.getAttribute('aria-describedby')).toContain(q('field-error-title')!.id);
    // The first invalid field gets the focus.
    expect(document.activeElement).toBe(q('field-title'));
    // Optional fields carry no error.
    expect(q('field-error-version')).toBeNull();
  });

  it('clears a field error as soon as the field is edited', async () => {
    const { q } = render();
    await clickSave(q);
    type(q('field-title'), 'Scope');
    expect(q('field-error-title')).toBeNull();
    expect(q('field-error-status')).not.toBeNull();
  });

  it('rejects text in a number field and sends a parsed number once fixed', async () => {
    const { onsave, q } = render();
    type(q('field-title'), '  IMS scope  ');
    choose(q('field-status'), 'approved');
    type(q('field-version'), 'two');
    await clickSave(q);
    expect(onsave).not.toHaveBeenCalled();
    expect(q('field-error-version')?.textContent).toMatch(/must be a number/);

    type(q('field-version'), '2.5');
    await clickSave(q);
    expect(onsave).toHaveBeenCalledTimes(1);
    // A new record sends every field that has a value, trimmed and typed.
    expect(onsave.mock.calls[0][0]).toEqual({ title: 'IMS scope', version: 2.5, status: 'approved' });
  });

  it('enforces the maximum length the schema declares', async () => {
    const { onsave, q } = render();
    const input = q<HTMLInputElement>('field-title')!;
    expect(input.maxLength).toBe(20);
    choose(q('field-status'), 'draft');
    // maxlength stops typing, not pasted or programmatic values; validation still checks.
    type(input, 'x'.repeat(25));
    await clickSave(q);
    expect(onsave).not.toHaveBeenCalled();
    expect(q('field-error-title')?.textContent).toMatch(/too long: 25 characters, at most 20/);
  });

  it('sends only the changed fields of an existing record, with null to clear', async () => {
    const { onsave, q, target } = render({ record: existing });
    expect(q<HTMLInputElement>('field-title')!.value).toBe('IMS scope');
    expect(q<HTMLInputElement>('field-version')!.value).toBe('1');
    type(q('field-version'), '');
    const privacy = target.querySelector<HTMLInputElement>('[data-testid="field-lens"] input[value="privacy"]')!;
    privacy.click();
    flushSync();
    await clickSave(q);
    expect(onsave).toHaveBeenCalledTimes(1);
    expect(onsave.mock.calls[0][0]).toEqual({ version: null, lens: ['security', 'privacy'] });
  });

  it('adds and removes links as chips and sends the full list', async () => {
    const { onsave, q, target } = render({ record: existing });
    expect([...target.querySelectorAll('[data-testid="link-chip"]')].map((c) => c.textContent?.trim())).toEqual([
      expect.stringContaining('ICO'),
    ]);
    const input = q<HTMLInputElement>('field-parties')!;
    input.focus();
    type(input, 'cust');
    await new Promise((r) => setTimeout(r, 200));
    await settle();
    // The search result excludes what is already linked; Enter picks the highlighted one.
    const opts = [...target.querySelectorAll('[data-testid="link-option"]')].map((o) => o.textContent?.trim());
    expect(opts).toEqual(['Customers']);
    expect(input.getAttribute('aria-expanded')).toBe('true');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    flushSync();
    expect([...target.querySelectorAll('[data-testid="link-chip"]')].map((c) => c.textContent?.trim())).toEqual([
      expect.stringContaining('ICO'),
      expect.stringContaining('Customers'),
    ]);
    target.querySelector<HTMLButtonElement>('[data-testid="link-chip"][data-id="p1"] button')!.click();
    flushSync();
    await clickSave(q);
    expect(onsave.mock.calls[0][0]).toEqual({ parties: ['p2'] });
  });

  it('shows the server error of a field in place, and other errors above the form', () => {
    const { q } = render({ serverError: new ApiError('invalid', 'Title is already used', 'title') });
    expect(q('field-error-title')?.textContent).toBe('Title is already used');
    expect(q('form-error')).toBeNull();
    if (component) unmount(component);
    document.body.innerHTML = '';
    const r2 = render({ serverError: new ApiError('forbidden', 'Open a workspace first') });
    expect(r2.q('form-error')?.textContent).toBe('Open a workspace first');
  });

  it('saves with Ctrl+S and Ctrl+Enter, and cancels with Escape', async () => {
    const { onsave, oncancel, q } = render({ record: existing });
    const input = q<HTMLInputElement>('field-title')!;
    type(input, 'Scope v2');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 's', ctrlKey: true, bubbles: true }));
    await settle();
    expect(onsave).toHaveBeenCalledWith({ title: 'Scope v2' });

    type(input, 'Scope v3');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', metaKey: true, bubbles: true }));
    await settle();
    expect(onsave).toHaveBeenCalledTimes(2);

    type(input, 'Scope v4');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    flushSync();
    expect(oncancel).toHaveBeenCalledWith(true);
    // Cancel puts the record's values back.
    expect(input.value).toBe('IMS scope');
  });

  it('offers each value of a conflicted field with who and when, and resolves with the chosen one', () => {
    const onresolve = vi.fn();
    const record: KeelRecord = {
      ...existing,
      conflicts: {
        status: [
          { value: 'draft', opId: 'o1', actor: { name: 'Ada', email: '', role: '' }, at: '2026-01-02T10:00:00Z' },
          { value: 'approved', opId: 'o2', actor: { name: 'Ben', email: '', role: '' }, at: '2026-01-02T10:01:00Z' },
        ],
      },
    };
    const { q } = render({ record, onresolve });
    const box = q('conflict-status')!;
    expect(box.textContent).toContain('Ada');
    expect(box.textContent).toContain('Ben');
    const keep = box.querySelectorAll<HTMLButtonElement>('[data-testid="conflict-keep"]');
    expect(keep).toHaveLength(2);
    keep[1].click();
    expect(onresolve).toHaveBeenCalledWith('status', 'approved');
  });

  it('marks required fields and shows the help text', () => {
    const { q } = render();
    expect(q('form-field-title')?.textContent).toContain('*');
    expect(q('form-field-title')?.textContent).toContain('Clause 4.3 scope title.');
    expect(q('form-field-version')?.textContent).not.toContain('*');
  });
});

describe('form logic', () => {
  it.each([
    ['', null],
    ['  ', null],
    ['3', 3],
    ['-2.5', -2.5],
    ['.5', 0.5],
    ['1e3', 1000],
    ['1 000', 1000],
    ['abc', NaN],
    ['1,5', NaN],
    ['2x', NaN],
    ['Infinity', NaN],
  ])('parseNumber(%j) = %j', (s, n) => {
    expect(parseNumber(s)).toBe(n);
  });

  it('validates dates strictly', () => {
    const k: Kind = { ...kind, fields: [{ name: 'd', label: 'Date', type: 'date' }] };
    expect(validate(k, { d: '2026-02-30' }).errors.d).toMatch(/date like/);
    expect(validate(k, { d: '2026-02-28' }).values.d).toBe('2026-02-28');
    expect(validate(k, { d: '' }).values.d).toBeNull();
  });

  it('treats an empty list as missing for a required list field', () => {
    const k: Kind = { ...kind, fields: [{ name: 'l', label: 'Lens', type: 'multienum', required: true, options: ['a'] }] };
    expect(validate(k, { l: [] }).errors.l).toBe('Lens is required');
  });

  it('does not count an unchanged list in a different order as a change', () => {
    const fields = fieldsToSave(kind, { ...existing, fields: { ...existing.fields, lens: ['security', 'ai'] } }, {
      ...validate(kind, { title: 'IMS scope', version: '1', status: 'draft', lens: ['ai', 'security'], parties: ['p1'], final: false, notes: '', effective: '' }).values,
    });
    expect(fields).toEqual({});
  });
});

describe('form values for datetime and attachments', () => {
  const k: Kind = {
    ...kind,
    fields: [
      { name: 'title', label: 'Title', type: 'text', required: true },
      { name: 'aware', label: 'Became aware', type: 'datetime' },
      { name: 'attachments', label: 'Evidence files', type: 'attachments' },
    ],
  };
  it('parses a local date-time or RFC 3339 into UTC, and refuses other text', () => {
    const local = validate(k, { title: 'T', aware: '2026-11-27T09:30' });
    expect(local.errors).toEqual({});
    expect(local.values.aware).toBe(new Date('2026-11-27T09:30').toISOString().replace('.000Z', 'Z'));
    expect(validate(k, { title: 'T', aware: '2026-11-27T09:30:00+01:00' }).values.aware).toBe('2026-11-27T08:30:00Z');
    expect(validate(k, { title: 'T', aware: 'tomorrow' }).errors.aware).toMatch(/date and time/);
  });
  it('never sends evidence files through the form', () => {
    const rec = { ...existing, fields: { title: 'T', attachments: ['abc/file.pdf'] } };
    const { values } = validate(k, { title: 'T2', aware: '' });
    expect(fieldsToSave(k, rec, values)).toEqual({ title: 'T2' });
    expect(fieldsToSave(k, null, values)).toEqual({ title: 'T2' });
  });
});
