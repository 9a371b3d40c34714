// Hash routes: the registers' #/k/<kind>, #/k/<kind>/<id>, #/k/<kind>/new, and the screens
// listed in src/screens.ts (#/ home, #/settings, #/standards[/<catalogue>[/<item>]], …).
import { matchScreen, screenHash, type ScreenRoute } from '../../screens';

export type Route =
  | ScreenRoute
  | { name: 'kind'; kind: string; id?: string; isNew?: boolean }
  | { name: 'notfound'; path: string };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  let parts: string[];
  try {
    parts = path.split('/').map((p) => decodeURIComponent(p));
  } catch {
    return { name: 'notfound', path };
  }
  const screen = matchScreen(parts);
  if (screen) return screen;
  if (parts[0] === 'k' && parts[1] && parts.length <= 3) {
    if (parts.length === 2) return { name: 'kind', kind: parts[1] };
    if (parts[2] === 'new') return { name: 'kind', kind: parts[1], isNew: true };
    if (parts[2]) return { name: 'kind', kind: parts[1], id: parts[2] };
  }
  return { name: 'notfound', path };
}

export function formatRoute(r: Route): string {
  switch (r.name) {
    case 'kind': {
      const base = `#/k/${encodeURIComponent(r.kind)}`;
      if (r.isNew) return `${base}/new`;
      return r.id ? `${base}/${encodeURIComponent(r.id)}` : base;
    }
    case 'notfound':
      return `#/${r.path}`;
    default:
      return screenHash(r);
  }
}

export const router = $state<{ route: Route }>({ route: parseHash(globalThis.location?.hash ?? '') });

function sync() {
  router.route = parseHash(location.hash);
}

/** Listens for hash changes; returns the function that stops listening. */
export function startRouter(): () => void {
  sync();
  window.addEventListener('hashchange', sync);
  return () => window.removeEventListener('hashchange', sync);
}

/** Goes to a route. `replace` keeps the browser history from growing (e.g. after a save). */
export function navigate(r: Route, opts: { replace?: boolean } = {}): void {
  const hash = formatRoute(r);
  if (location.hash === hash) {
    router.route = parseHash(hash);
    return;
  }
  if (opts.replace) {
    history.replaceState(history.state, '', hash);
  } else {
    history.pushState(history.state, '', hash);
  }
  // pushState/replaceState fire no hashchange: update the state ourselves.
  router.route = parseHash(hash);
}

export function href(r: Route): string {
  return formatRoute(r);
}
