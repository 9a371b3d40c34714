import { describe, expect, it } from 'vitest';
import type { Conflict, ConflictValue, Flag } from '../../lib/api';
import { conflictKey, deletesOf, deviceOf, inboxCount, ruleTitle, whoWhere } from './inbox';

const v = (over: Partial<ConflictValue>): ConflictValue => ({
  value: 'x',
  opId: 'op',
  actor: { name: 'Ada', email: '', role: '' },
  at: '2026-12-01T10:00:00.000Z',
  ...over,
});

describe('the conflict inbox', () => {
  it('counts conflicts and rule flags, and nothing for no inbox', () => {
    expect(inboxCount(null)).toBe(0);
    expect(inboxCount({ conflicts: [{} as Conflict, {} as Conflict], flags: [{} as Flag] })).toBe(3);
  });

  it('names the device by its name, else by the start of its id', () => {
    expect(deviceOf(v({ device: 'Office laptop', replica: 'abcdef123456' }))).toBe('Office laptop');
    expect(deviceOf(v({ replica: 'abcdef123456' }))).toBe('device abcdef12');
    expect(deviceOf(v({}))).toBe('');
  });

  it('says who, on which device and when, naming a device only when it is not named after them', () => {
    expect(whoWhere(v({ device: 'Office laptop' }), 'today')).toBe('Ada · Office laptop · today');
    expect(whoWhere(v({ device: 'Ada' }), 'today')).toBe('Ada · today');
    expect(whoWhere(v({ actor: { name: '', email: '', role: '' } }), '')).toBe('Someone');
  });

  it('keys a conflict by what it is about', () => {
    const c = { type: 'field', kind: 'risk', id: 'r1', field: 'title' } as Conflict;
    expect(conflictKey(c)).toBe('field:risk:r1:title');
    expect(conflictKey({ ...c, type: 'delete', field: undefined })).toBe('delete:risk:r1:');
  });

  it('tells the deletes of a record from its restores', () => {
    const c = { values: [v({ value: true, opId: 'd' }), v({ value: false, opId: 'r' })] } as Conflict;
    const { deletes, restores } = deletesOf(c);
    expect(deletes.map((x) => x.opId)).toEqual(['d']);
    expect(restores.map((x) => x.opId)).toEqual(['r']);
  });

  it('titles every rule flag', () => {
    for (const rule of ['stage', 'impact-assessment', 'gate', 'risk-method', 'check', 'follow-up'] as const) {
      expect(ruleTitle({ rule } as Flag)).not.toBe(rule);
    }
  });
});
