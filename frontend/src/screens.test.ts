import { describe, expect, it } from 'vitest';
import { formatRoute, parseHash, type Route } from './lib/stores/router.svelte';
import { paletteScreens, SCREENS, screenNamed, screenProps, sidebarLinks, type Screen } from './screens';

describe('the screen registry', () => {
  it('names every screen and path once, and leaves #/k to the registers', () => {
    const names = SCREENS.map((s) => s.name);
    const paths = SCREENS.map((s) => s.path);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(paths).size).toBe(paths.length);
    expect(names).not.toContain('kind');
    expect(names).not.toContain('notfound');
    expect(paths).not.toContain('k');
  });

  it.each(SCREENS.map((s) => [s.name, s] as const))('%s: its page loads', async (_, s) => {
    const m = await s.page();
    expect(typeof m.default).toBe('function');
  });

  it.each(SCREENS.map((s) => [s.name, s] as const))('%s: its URL round-trips with every param, and no deeper', (_, s) => {
    const r = Object.fromEntries([['name', s.name], ...s.params.map((p) => [p, `${p} 1/2`])]) as Route;
    expect(parseHash(formatRoute(r))).toEqual(r);
    expect(screenProps(r as never)).toEqual(Object.fromEntries(s.params.map((p) => [p, `${p} 1/2`])));
    const deeper = `${formatRoute(r).slice(2)}${s.path ? '/' : ''}x`.replace(/^\//, '');
    expect(parseHash(`#/${deeper}`)).toEqual({ name: 'notfound', path: deeper });
  });

  it('types a route by its screen: only its params, as strings (checked by npm run check)', () => {
    const ok: Route[] = [{ name: 'packs', kind: 'soa', review: 'r1' }, { name: 'heatmap' }, { name: 'review', id: 'x' }];
    // @ts-expect-error the heat map takes no params
    const noParams: Route = { name: 'heatmap', item: 'x' };
    // @ts-expect-error a pack has a kind and a review, nothing else
    const unknownParam: Route = { name: 'packs', other: 'x' };
    // @ts-expect-error no screen has that name
    const unknownScreen: Route = { name: 'nowhere' };
    expect([...ok, noParams, unknownParam, unknownScreen].map((r) => r.name)).toEqual(['packs', 'heatmap', 'review', 'heatmap', 'packs', 'nowhere']);
  });

  it('finds a screen by name', () => {
    expect(screenNamed('gap')?.path).toBe('gap');
    expect(screenNamed('kind')).toBeUndefined();
  });

  it('gives the sidebar its links, by group and position', () => {
    expect(sidebarLinks()).toEqual({
      Planning: [{ key: 'heatmap', label: 'Risk heat map', href: '#/heatmap', title: 'Likelihood × impact of the risks, against appetite' }],
      AI: [{ key: 'ai', label: 'AI inventory', href: '#/ai', title: 'Every AI system: owner, lifecycle stage and gate, impact assessment, monitoring' }],
      Performance: [
        { key: 'review', label: 'Review meeting', href: '#/review', hint: '9.3', title: 'Prepare and run the management review: its inputs, decisions and actions' },
        { key: 'packs', label: 'Packs', href: '#/packs', hint: 'PDF', title: 'PDF packs: gap analysis, SoA, management review, risk register, AI inventory, internal audit' },
      ],
      Improvement: [
        {
          key: 'conflicts',
          label: 'Conflicts',
          href: '#/conflicts',
          title: 'What two devices changed while apart, and the rules the merged workspace breaks',
          badge: expect.any(Function),
        },
      ],
      Support: [
        { key: 'evidence', label: 'Evidence files', href: '#/evidence', title: 'Every evidence file: type, validity, source, the records it supports' },
      ],
      Standards: [
        { key: 'standards', label: 'Catalogues', href: '#/standards', title: 'Browse the standards and the crosswalk' },
        { key: 'gap', label: 'Gap analysis', href: '#/gap', hint: '42001', title: 'ISO/IEC 42001 coverage, plan and readiness' },
        { key: 'readiness', label: 'Certification readiness', href: '#/readiness', title: 'The four proofs, counted from the registers' },
      ],
    });
  });

  it('orders a group by position, not by the order of the list', () => {
    const page = SCREENS[0].page as Screen['page'];
    const s = (name: string, position: number): Screen => ({ name, path: name, params: [], page, perWorkspace: true, nav: { group: 'G', position, label: name } });
    expect(sidebarLinks([s('b', 2), s('a', 1)]).G.map((l) => l.key)).toEqual(['a', 'b']);
  });

  it('gives the palette its entries, labels and hints defaulting to the sidebar', () => {
    expect(paletteScreens()).toEqual([
      { name: 'standards', label: 'Standards catalogues', group: 'Registers', hint: 'Standards', keywords: 'catalogue crosswalk 42001 27001 27701 iso controls clauses' },
      { name: 'gap', label: 'Gap analysis', group: 'Registers', hint: 'Standards · 42001', keywords: 'coverage readiness plan status soa statement of applicability' },
      { name: 'home', label: 'Home', group: 'Registers', hint: 'Dashboard', keywords: 'dashboard due overdue incidents breach objectives trends' },
      { name: 'heatmap', label: 'Risk heat map', group: 'Registers', hint: 'Planning', keywords: 'likelihood impact appetite inherent residual' },
      { name: 'readiness', label: 'Certification readiness', group: 'Registers', hint: 'Standards', keywords: 'proofs audit 42001 missing' },
      {
        name: 'packs',
        label: 'Packs',
        group: 'Registers',
        hint: 'Performance · PDF',
        keywords: 'pdf report gap soa statement of applicability management review risk register ai inventory internal audit board auditor',
      },
      { name: 'review', label: 'Management review meeting', group: 'Registers', hint: 'Performance · 9.3', keywords: 'review meeting inputs decisions actions board top management 9.3' },
      { name: 'ai', label: 'AI inventory', group: 'Registers', hint: 'AI', keywords: 'ai systems lifecycle stage gate models inventory monitoring' },
      { name: 'conflicts', label: 'Conflict inbox', group: 'Registers', hint: 'Improvement', keywords: 'sync conflicts merge devices resolve deleted restore stage risk method' },
      { name: 'sync', label: 'Sync settings', group: 'Commands', keywords: 'devices invite join folder onedrive dropbox syncthing sync file' },
      { name: 'evidence', label: 'Evidence files', group: 'Registers', hint: 'Support', keywords: 'evidence files attachments certificates stale expired preview' },
      { name: 'auditor', label: 'Open evidence bundle (auditor view)', group: 'Commands', keywords: 'auditor bundle zip verify findings response read-only' },
      { name: 'overview', label: 'Clients at a glance', group: 'Commands', keywords: 'consultant overview clients workspaces coverage readiness' },
      { name: 'settings', label: 'Settings', group: 'Commands', keywords: 'preferences' },
    ]);
  });
});
