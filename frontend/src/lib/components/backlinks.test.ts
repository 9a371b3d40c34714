import { describe, expect, it } from 'vitest';
import { groupBackLinks } from './backlinks';

const link = (kind: string, kind_label: string, id: string, title: string, field: string, field_label: string) => ({
  kind,
  kind_label,
  id,
  title,
  field,
  field_label,
});

describe('linked from', () => {
  it('groups by kind and field, keeping the order given', () => {
    const g = groupBackLinks([
      link('finding', 'Audit finding', 'f1', 'Leavers keep access', 'nonconformity', 'Nonconformity raised'),
      link('management_review', 'Management review', 'r1', 'Review 2026', 'actions', 'Actions agreed'),
      link('management_review', 'Management review', 'r2', 'Review 2027', 'actions', 'Actions agreed'),
    ]);
    expect(g.map((x) => x.label)).toEqual(['Audit finding · Nonconformity raised', 'Management review · Actions agreed']);
    expect(g[1].links.map((l) => l.id)).toEqual(['r1', 'r2']);
  });
  it('is empty for no links', () => {
    expect(groupBackLinks([])).toEqual([]);
  });
});
