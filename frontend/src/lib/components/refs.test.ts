import { describe, expect, it } from 'vitest';
import type { CatalogueSummary, Field } from '../api';
import { addRef, catalogueShortName, joinRefs, refChips, removeRef, splitRefs } from './refs';

const criteria: Field = { name: 'criteria', label: 'Criteria', type: 'longtext', refs: 'many' };
const controls: Field = { name: 'controls', label: 'Controls', type: 'text', refs: 'many' };
const ref: Field = { name: 'ref', label: 'Clause or control', type: 'text', refs: 'one' };

const cat = (id: string, items: [string, string][]): CatalogueSummary => ({
  id,
  title: id,
  edition: '',
  notice: '',
  unverified: 0,
  items: items.map(([iid, title]) => ({ id: iid, title, kind: 'control', parent: '', description: '', unverified: false })),
});
const catalogues = [
  cat('iso42001-2023', [['A.6.2.6', 'AI system operation and monitoring']]),
  cat('iso27701-2019', [['B.8.2.1', 'Customer agreement']]),
  cat('iso27701-2025', []),
  cat('uk-dp', [['Art.22C', 'Safeguards for automated decisions']]),
];

describe('catalogue references in a field', () => {
  it('splits on lines, commas and semicolons, trimmed, without repeats', () => {
    expect(splitRefs(' a:1 ,b:2;\n\na:1\r\nc:3 ')).toEqual(['a:1', 'b:2', 'c:3']);
    expect(splitRefs('  \n , ')).toEqual([]);
  });

  it('joins one per line in a long text and with commas in a text', () => {
    expect(joinRefs(criteria, ['a:1', 'b:2'])).toBe('a:1\nb:2');
    expect(joinRefs(controls, ['a:1', 'b:2'])).toBe('a:1, b:2');
  });

  it('appends a pick to a list once, and replaces a single reference', () => {
    expect(addRef(criteria, '', 'a:1')).toBe('a:1');
    expect(addRef(criteria, 'a:1\n', 'b:2')).toBe('a:1\nb:2');
    expect(addRef(criteria, 'a:1\nb:2', 'a:1')).toBe('a:1\nb:2');
    expect(addRef(controls, 'a:1,b:2', 'c:3')).toBe('a:1, b:2, c:3');
    expect(addRef(ref, 'a:1', 'b:2')).toBe('b:2');
    // What is typed and not yet a reference stays for the backend to name.
    expect(addRef(controls, 'bias testing', 'a:1')).toBe('bias testing, a:1');
  });

  it('removes a reference', () => {
    expect(removeRef(criteria, 'a:1\nb:2\nc:3', 'b:2')).toBe('a:1\nc:3');
    expect(removeRef(ref, 'a:1', 'a:1')).toBe('');
  });

  it('names catalogues as people do, with the edition where two are loaded', () => {
    const ids = catalogues.map((c) => c.id);
    expect(catalogueShortName('iso42001-2023', ids)).toBe('42001');
    expect(catalogueShortName('iso27701-2019', ids)).toBe('27701:2019');
    expect(catalogueShortName('iso27701-2019', ['iso27701-2019'])).toBe('27701');
    expect(catalogueShortName('uk-dp', ids)).toBe('UK DP');
  });

  it('makes a chip per reference, with the title, marking unknown ones once loaded', () => {
    const chips = refChips('iso42001-2023:A.6.2.6\niso42001-2023:A.99\nbias testing\nuk-dp:Art.22C', catalogues);
    expect(chips.map((c) => [c.short, c.id, c.title, c.unknown])).toEqual([
      ['42001', 'A.6.2.6', 'AI system operation and monitoring', false],
      ['42001', 'A.99', '', true],
      ['', 'bias testing', '', true],
      ['UK DP', 'Art.22C', 'Safeguards for automated decisions', false],
    ]);
    expect(refChips('iso42001-2023:A.99', null)[0].unknown).toBe(false);
    expect(refChips('iso9001-2015:8.1', catalogues)[0]).toMatchObject({ short: 'iso9001-2015', id: '8.1', unknown: true });
  });
});
