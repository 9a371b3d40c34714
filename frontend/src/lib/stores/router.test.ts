import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatRoute, navigate, parseHash, router, startRouter, type Route } from './router.svelte';

describe('parseHash', () => {
  it.each<[string, Route]>([
    ['', { name: 'home' }],
    ['#', { name: 'home' }],
    ['#/', { name: 'home' }],
    ['#/settings', { name: 'settings' }],
    ['#/k/context_issue', { name: 'kind', kind: 'context_issue' }],
    ['#/k/context_issue/', { name: 'kind', kind: 'context_issue' }],
    ['#/k/context_issue/01HXYZ', { name: 'kind', kind: 'context_issue', id: '01HXYZ' }],
    ['#/k/context_issue/new', { name: 'kind', kind: 'context_issue', isNew: true }],
    ['#/k/scope_statement/a%2Fb', { name: 'kind', kind: 'scope_statement', id: 'a/b' }],
    ['#/k', { name: 'notfound', path: 'k' }],
    ['#/k/a/b/c', { name: 'notfound', path: 'k/a/b/c' }],
    ['#/nowhere', { name: 'notfound', path: 'nowhere' }],
    ['#/standards', { name: 'standards' }],
    ['#/standards/iso42001-2023', { name: 'standards', catalogue: 'iso42001-2023' }],
    ['#/standards/uk-dp/Art.33(1)', { name: 'standards', catalogue: 'uk-dp', item: 'Art.33(1)' }],
    ['#/standards/a/b/c', { name: 'notfound', path: 'standards/a/b/c' }],
    ['#/gap', { name: 'gap' }],
    ['#/gap/A.6.2.4', { name: 'gap', item: 'A.6.2.4' }],
    ['#/review', { name: 'review' }],
    ['#/review/0b7f', { name: 'review', id: '0b7f' }],
    ['#/review/a/b', { name: 'notfound', path: 'review/a/b' }],
    ['#/k/%E0%A4%A', { name: 'notfound', path: 'k/%E0%A4%A' }],
    ['#/settings/x', { name: 'notfound', path: 'settings/x' }],
    ['#/home', { name: 'notfound', path: 'home' }],
    ['#/heatmap', { name: 'heatmap' }],
    ['#/readiness/', { name: 'readiness' }],
    ['#/ai', { name: 'ai' }],
    ['#/ai/x', { name: 'notfound', path: 'ai/x' }],
    ['#/gap/a/b', { name: 'notfound', path: 'gap/a/b' }],
    ['#/packs/soa', { name: 'packs', kind: 'soa' }],
    ['#/packs/management-review/r%201', { name: 'packs', kind: 'management-review', review: 'r 1' }],
  ])('%s', (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
  });
});

describe('formatRoute', () => {
  it.each<Route>([
    { name: 'home' },
    { name: 'settings' },
    { name: 'kind', kind: 'interested_party' },
    { name: 'kind', kind: 'interested_party', id: 'x/y z' },
    { name: 'kind', kind: 'interested_party', isNew: true },
    { name: 'standards' },
    { name: 'standards', catalogue: 'uk-dp', item: 'Art.6(1)(ea)' },
    { name: 'gap', item: 'A.10.3' },
    { name: 'review' },
    { name: 'review', id: 'a/b c' },
    { name: 'heatmap' },
    { name: 'packs', kind: 'soa', review: 'r/1' },
  ])('round-trips %o', (r) => {
    expect(parseHash(formatRoute(r))).toEqual(r);
  });
});

describe('formatRoute URLs', () => {
  it.each<[Route, string]>([
    [{ name: 'home' }, '#/'],
    [{ name: 'settings' }, '#/settings'],
    [{ name: 'standards', catalogue: 'uk-dp', item: 'Art.6(1)' }, '#/standards/uk-dp/Art.6(1)'],
    [{ name: 'standards', item: 'orphan' }, '#/standards'],
    [{ name: 'gap', item: 'A.6.2.4' }, '#/gap/A.6.2.4'],
    [{ name: 'packs', kind: 'management-review', review: 'a b' }, '#/packs/management-review/a%20b'],
    [{ name: 'review', id: '' }, '#/review'],
    [{ name: 'kind', kind: 'risk', id: 'a/b' }, '#/k/risk/a%2Fb'],
    [{ name: 'notfound', path: 'x/y' }, '#/x/y'],
  ])('%o → %s', (r, hash) => {
    expect(formatRoute(r)).toBe(hash);
  });
});

describe('router state', () => {
  let stop: () => void;
  beforeEach(() => {
    history.replaceState(null, '', '#/');
    stop = startRouter();
  });
  afterEach(() => stop());

  it('navigate updates the route and the URL hash', () => {
    navigate({ name: 'kind', kind: 'context_issue', id: 'r1' });
    expect(router.route).toEqual({ name: 'kind', kind: 'context_issue', id: 'r1' });
    expect(location.hash).toBe('#/k/context_issue/r1');
  });

  it('replace does not add a history entry', () => {
    navigate({ name: 'settings' });
    const len = history.length;
    navigate({ name: 'kind', kind: 'scope_statement' }, { replace: true });
    expect(history.length).toBe(len);
    expect(router.route).toEqual({ name: 'kind', kind: 'scope_statement' });
  });

  it('follows hash changes made by links and the back button', () => {
    location.hash = '#/k/interested_party/new';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(router.route).toEqual({ name: 'kind', kind: 'interested_party', isNew: true });
  });

  it('stops following after the returned cleanup', () => {
    stop();
    history.replaceState(null, '', '#/settings');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(router.route).not.toEqual({ name: 'settings' });
    stop = startRouter();
    expect(router.route).toEqual({ name: 'settings' });
  });
});
