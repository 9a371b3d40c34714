// Grouping the records that link to a record, for the "Linked from" section of a form.
import type { BackLink } from '../api';

export interface BackLinkGroup {
  key: string;
  /** "Audit finding · Nonconformity raised" */
  label: string;
  links: BackLink[];
}

/** Groups back links by kind and field, in the order the backend sent them (kind, title). */
export function groupBackLinks(links: BackLink[]): BackLinkGroup[] {
  const out: BackLinkGroup[] = [];
  const byKey = new Map<string, BackLinkGroup>();
  for (const l of links) {
    const key = `${l.kind}.${l.field}`;
    let g = byKey.get(key);
    if (!g) {
      g = { key, label: `${l.kind_label} · ${l.field_label}`, links: [] };
      byKey.set(key, g);
      out.push(g);
    }
    g.links.push(l);
  }
  return out;
}
