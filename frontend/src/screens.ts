// The screens that are not registers, in one list. The router parses and formats their
// URLs from it, the sidebar and the command palette list them from it, and App renders the
// page it names. Adding a screen: a folder src/features/<name>/ with its page, and one entry
// here. Registers (#/k/<kind>…) are not listed: they come from the backend's schema.
import type { Component } from 'svelte';
import type { NavLink } from './lib/components/Sidebar.svelte';
import { conflictBadge } from './features/conflicts/badge.svelte';

interface ScreenDef<N extends string, P extends string> {
  /** The route name (`router.route.name`); also the sidebar key (test id sidebar-link-<name>). */
  name: N;
  /** The first segment of the URL: #/<path>[/<param>…]. Defaults to the name; home's is ''. */
  path: string;
  /**
   * The optional segments after the path, in order (default none); each is passed to the page
   * as the prop of that name (#/packs/soa/r1 → <PacksPage kind="soa" review="r1" />). A later
   * segment needs the ones before it.
   */
  params: readonly P[];
  /** The page, loaded when first shown. */
  page: () => Promise<{ default: Component<Partial<Record<NoInfer<P>, string>>> }>;
  /** Mounted afresh when the workspace changes, as a page of the workspace's records is (default true). */
  perWorkspace: boolean;
  /** A link in the sidebar group of that name (groups come from the backend), above its registers. */
  nav?: {
    group: string;
    /** Lower first, among the group's links. */
    position: number;
    label: string;
    /** Small text at the right of the link, and after the group in the palette. */
    hint?: string;
    /** The link's tooltip. */
    title?: string;
    /** A count shown on the link, read reactively (0 shows none). */
    badge?: () => number;
  };
  /** An entry in the command palette (Ctrl+K), listed in this file's order. */
  palette?: {
    /** Defaults to the sidebar label. */
    label?: string;
    /** Defaults to the sidebar group · hint. */
    hint?: string;
    keywords?: string;
    /** Defaults to 'Registers'. */
    group?: 'Registers' | 'Commands';
  };
}

type Optional = 'path' | 'params' | 'perWorkspace';

// Fills in the defaults, and keeps each entry's name and params as literal types for the Route type below.
function screen<const N extends string, const P extends string = never>(
  s: Omit<ScreenDef<N, P>, Optional> & Partial<Pick<ScreenDef<N, P>, Optional>>,
): ScreenDef<N, P> {
  return { path: s.name, params: [], perWorkspace: true, ...s };
}

export const SCREENS = [
  screen({
    name: 'standards',
    params: ['catalogue', 'item'],
    page: () => import('./features/standards/StandardsPage.svelte'),
    perWorkspace: false,
    nav: { group: 'Standards', position: 1, label: 'Catalogues', title: 'Browse the standards and the crosswalk' },
    palette: { label: 'Standards catalogues', keywords: 'catalogue crosswalk 42001 27001 27701 iso controls clauses' },
  }),
  screen({
    name: 'gap',
    params: ['item'],
    page: () => import('./features/gap/GapPage.svelte'),
    nav: { group: 'Standards', position: 2, label: 'Gap analysis', hint: '42001', title: 'ISO/IEC 42001 coverage, plan and readiness' },
    palette: { keywords: 'coverage readiness plan status soa statement of applicability' },
  }),
  screen({
    name: 'plan',
    page: () => import('./features/gap/PlanPage.svelte'),
  }),
  screen({
    name: 'home',
    path: '',
    page: () => import('./features/dashboard/HomePage.svelte'),
    palette: { label: 'Home', hint: 'Dashboard', keywords: 'dashboard due overdue incidents breach objectives trends' },
  }),
  screen({
    name: 'heatmap',
    page: () => import('./features/risk/HeatMapPage.svelte'),
    nav: { group: 'Planning', position: 1, label: 'Risk heat map', title: 'Likelihood × impact of the risks, against appetite' },
    palette: { keywords: 'likelihood impact appetite inherent residual' },
  }),
  screen({
    name: 'readiness',
    page: () => import('./features/risk/ReadinessPage.svelte'),
    nav: { group: 'Standards', position: 3, label: 'Certification readiness', title: 'The four proofs, counted from the registers' },
    palette: { keywords: 'proofs audit 42001 missing' },
  }),
  screen({
    name: 'packs',
    params: ['kind', 'review'],
    page: () => import('./features/packs/PacksPage.svelte'),
    nav: {
      group: 'Performance',
      position: 2,
      label: 'Packs',
      hint: 'PDF',
      title: 'PDF packs: gap analysis, SoA, management review, risk register, AI inventory, internal audit',
    },
    palette: {
      keywords: 'pdf report gap soa statement of applicability management review risk register ai inventory internal audit board auditor',
    },
  }),
  screen({
    name: 'review',
    params: ['id'],
    page: () => import('./features/review/ReviewPage.svelte'),
    nav: {
      group: 'Performance',
      position: 1,
      label: 'Review meeting',
      hint: '9.3',
      title: 'Prepare and run the management review: its inputs, decisions and actions',
    },
    palette: { label: 'Management review meeting', keywords: 'review meeting inputs decisions actions board top management 9.3' },
  }),
  screen({
    name: 'ai',
    page: () => import('./features/ai/AIInventoryPage.svelte'),
    nav: {
      group: 'AI',
      position: 1,
      label: 'AI inventory',
      title: 'Every AI system: owner, lifecycle stage and gate, impact assessment, monitoring',
    },
    palette: { keywords: 'ai systems lifecycle stage gate models inventory monitoring' },
  }),
  screen({
    name: 'conflicts',
    page: () => import('./features/conflicts/ConflictsPage.svelte'),
    nav: {
      group: 'Improvement',
      position: 0,
      label: 'Conflicts',
      title: 'What two devices changed while apart, and the rules the merged workspace breaks',
      badge: conflictBadge,
    },
    palette: { label: 'Conflict inbox', keywords: 'sync conflicts merge devices resolve deleted restore stage risk method' },
  }),
  screen({
    name: 'sync',
    page: () => import('./features/sync/SyncPage.svelte'),
    palette: { label: 'Sync settings', group: 'Commands', keywords: 'devices invite join folder onedrive dropbox syncthing sync file' },
  }),
  screen({
    name: 'evidence',
    page: () => import('./features/evidence/EvidencePage.svelte'),
    nav: { group: 'Support', position: 1, label: 'Evidence files', title: 'Every evidence file: type, validity, source, the records it supports' },
    palette: { keywords: 'evidence files attachments certificates stale expired preview' },
  }),
  screen({
    name: 'auditor',
    page: () => import('./features/auditor/AuditorPage.svelte'),
    perWorkspace: false,
    palette: { label: 'Open evidence bundle (auditor view)', group: 'Commands', keywords: 'auditor bundle zip verify findings response read-only' },
  }),
  screen({
    name: 'overview',
    page: () => import('./features/overview/OverviewPage.svelte'),
    perWorkspace: false,
    palette: { label: 'Clients at a glance', group: 'Commands', keywords: 'consultant overview clients workspaces coverage readiness' },
  }),
  screen({
    name: 'settings',
    page: () => import('./features/settings/SettingsPage.svelte'),
    perWorkspace: false,
    palette: { label: 'Settings', group: 'Commands', keywords: 'preferences' },
  }),
];

type Entry = (typeof SCREENS)[number];
export type Screen = ScreenDef<string, string>;
export type ScreenName = Entry['name'];

/** The route of a screen: its name and the params present in the URL. */
export type ScreenRoute = Entry extends infer S
  ? S extends ScreenDef<infer N, infer P>
    ? { name: N } & { [K in P]?: string }
    : never
  : never;

const byName = new Map<string, Screen>(SCREENS.map((s) => [s.name, s]));

export function screenNamed(name: string): Screen | undefined {
  return byName.get(name);
}

/** The route for a URL path already split into decoded segments, if a screen has that path. */
export function matchScreen(parts: string[]): ScreenRoute | undefined {
  const s = SCREENS.find((x) => x.path === parts[0]);
  if (!s || parts.length > 1 + s.params.length) return undefined;
  const r: Record<string, string> = { name: s.name };
  s.params.forEach((p, i) => {
    if (parts[i + 1]) r[p] = parts[i + 1];
  });
  return r as ScreenRoute;
}

/** The URL of a screen route (#/, #/gap, #/packs/soa/<review>…). */
export function screenHash(r: ScreenRoute): string {
  const s = byName.get(r.name);
  if (!s) throw new Error(`no screen called ${r.name}`);
  return hashOf(s, r as Record<string, string | undefined>);
}

function hashOf(s: Screen, values: Record<string, string | undefined>): string {
  const segs = [s.path];
  for (const p of s.params) {
    const v = values[p];
    if (!v) break;
    segs.push(encodeURIComponent(v));
  }
  return `#/${segs.join('/')}`;
}

/** The page's props for a route: its params by name. */
export function screenProps(r: ScreenRoute): Record<string, string> {
  const { name: _, ...props } = r as Record<string, string>;
  return props;
}

/** The sidebar's links by group name, each group's in position order. */
export function sidebarLinks(screens: readonly Screen[] = SCREENS): { [group: string]: NavLink[] } {
  const out: { [group: string]: (NavLink & { position: number })[] } = {};
  for (const s of screens) {
    if (!s.nav) continue;
    const { group, position, label, hint, title, badge } = s.nav;
    const link: NavLink & { position: number } = { key: s.name, label, href: hashOf(s, {}), position };
    if (hint) link.hint = hint;
    if (title) link.title = title;
    if (badge) link.badge = badge;
    (out[group] ??= []).push(link);
  }
  return Object.fromEntries(
    Object.entries(out).map(([g, links]) => [g, links.sort((a, b) => a.position - b.position).map(({ position: _, ...l }) => l)]),
  );
}

export interface ScreenCommand {
  /** The screen's name. */
  name: ScreenName;
  label: string;
  group: 'Registers' | 'Commands';
  hint?: string;
  keywords?: string;
}

/** The palette entries that open a screen, in this file's order. */
export function paletteScreens(screens: readonly Screen[] = SCREENS): ScreenCommand[] {
  return screens.flatMap((s): ScreenCommand[] => {
    if (!s.palette) return [];
    const p = s.palette;
    const hint = p.hint ?? (s.nav ? [s.nav.group, s.nav.hint].filter(Boolean).join(' · ') : undefined);
    const c: ScreenCommand = { name: s.name as ScreenName, label: p.label ?? s.nav?.label ?? s.name, group: p.group ?? 'Registers' };
    if (hint) c.hint = hint;
    if (p.keywords) c.keywords = p.keywords;
    return [c];
  });
}
