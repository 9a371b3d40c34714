import { describe, expect, it } from 'vitest';
import type { Field, KeelRecord } from '../api';
import { sortRecords } from './sort';

const actor = { name: 'A', email: '', role: '' };
const rec = (id: string, fields: KeelRecord['fields']): KeelRecord => ({
  id,
  kind: 'k',
  title: String(fields.title ?? ''),
  fields,
  deleted: false,
  createdAt: '',
  createdBy: actor,
  updatedAt: '',
  updatedBy: actor,
});

const rows = [
  rec('a', { title: 'Issue 10', version: 10, status: 'closed' }),
  rec('b', { title: 'issue 2', version: 2, status: 'open' }),
  rec('c', { title: 'Issue 1' }),
];
const ids = (rs: KeelRecord[]) => rs.map((r) => r.id);

describe('sortRecords', () => {
  it('sorts text naturally and case-insensitively', () => {
    const f: Field = { name: 'title', label: 'Title', type: 'text' };
    expect(ids(sortRecords(rows, f, false))).toEqual(['c', 'b', 'a']);
    expect(ids(sortRecords(rows, f, true))).toEqual(['a', 'b', 'c']);
  });

  it('sorts numbers as numbers and keeps empty values last both ways', () => {
    const f: Field = { name: 'version', label: 'Version', type: 'number' };
    expect(ids(sortRecords(rows, f, false))).toEqual(['b', 'a', 'c']);
    expect(ids(sortRecords(rows, f, true))).toEqual(['a', 'b', 'c']);
  });

  it('sorts enums in the order the schema declares', () => {
    const f: Field = { name: 'status', label: 'Status', type: 'enum', options: ['open', 'closed'] };
    expect(ids(sortRecords(rows, f, false))).toEqual(['b', 'a', 'c']);
  });

  it('leaves the order alone without a sort field', () => {
    expect(sortRecords(rows, undefined, false)).toBe(rows);
  });
});
