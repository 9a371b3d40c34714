import { describe, expect, it } from 'vitest';
import type { CatalogueItem, CatalogueSummary } from '../api';
import { searchCatalogues } from './catalogueSearch';

const item = (id: string, title: string, description = ''): CatalogueItem => ({
  id,
  title,
  description,
  kind: 'control',
  parent: '',
  unverified: false,
});
const cat = (id: string, items: CatalogueItem[]): CatalogueSummary => ({ id, title: id, edition: '', notice: '', unverified: 0, items });
const catalogues = [
  cat('iso42001-2023', [
    item('6.1', 'Actions to address risks'),
    item('A.6.2', 'AI system life cycle'),
    item('A.6.2.6', 'AI system operation and monitoring', 'Watch the system in production'),
    item('A.10.3', 'Suppliers', 'Monitor third-party AI suppliers'),
  ]),
  cat('iso27001-2022', [item('6.1', 'Actions to address risks'), item('A.8.16', 'Monitoring activities')]),
  cat('iso27701-2019', [item('B.8.2.1', 'Customer agreement')]),
  cat('iso27701-2025', [item('A.1.2.1', 'Customer agreement')]),
];
const refs = (q: string, c = '', limit?: number) => searchCatalogues(catalogues, q, c, limit).map((h) => h.ref);

describe('searching the catalogues', () => {
  it('lists everything in catalogue and data order without a query, up to the limit', () => {
    expect(refs('', '', 3)).toEqual(['iso42001-2023:6.1', 'iso42001-2023:A.6.2', 'iso42001-2023:A.6.2.6']);
    expect(refs('', 'iso27001-2022')).toEqual(['iso27001-2022:6.1', 'iso27001-2022:A.8.16']);
  });

  it('finds an ID across catalogues, the exact one before those under it', () => {
    expect(refs('6.1')).toEqual(['iso42001-2023:6.1', 'iso27001-2022:6.1']);
    expect(refs('A.6.2')).toEqual(['iso42001-2023:A.6.2', 'iso42001-2023:A.6.2.6']);
    expect(refs('a.6.2.6')).toEqual(['iso42001-2023:A.6.2.6']);
  });

  it('ranks words in the ID or title before words only in the description', () => {
    expect(refs('monitoring')).toEqual(['iso42001-2023:A.6.2.6', 'iso27001-2022:A.8.16']);
    expect(refs('monitor')).toEqual(['iso42001-2023:A.6.2.6', 'iso27001-2022:A.8.16', 'iso42001-2023:A.10.3']);
    expect(refs('customer agreement')).toEqual(['iso27701-2019:B.8.2.1', 'iso27701-2025:A.1.2.1']);
  });

  it('keeps to the chosen catalogue', () => {
    expect(refs('6.1', 'iso27001-2022')).toEqual(['iso27001-2022:6.1']);
    expect(refs('monitoring', 'iso27701-2019')).toEqual([]);
  });

  it('reads a whole reference or a leading standard number as the catalogue to search', () => {
    expect(refs('iso27001-2022:6.1')).toEqual(['iso27001-2022:6.1']);
    expect(refs('42001 monitoring')).toEqual(['iso42001-2023:A.6.2.6']);
    expect(refs('27701 customer')).toEqual(['iso27701-2019:B.8.2.1', 'iso27701-2025:A.1.2.1']);
    expect(refs('27001')).toEqual(['iso27001-2022:6.1', 'iso27001-2022:A.8.16']);
  });
});
