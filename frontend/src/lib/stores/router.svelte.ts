// Hash routes: #/ (home), #/k/<kind>, #/k/<kind>/<id>, #/k/<kind>/new, #/settings.

export type Route =
  | { name: 'home' }
  | { name: 'kind'; kind: string; id?: string; isNew?: boolean }
  | { name: 'settings' }
  | { name: 'notfound'; path: string };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  if (path === '') return { name: 'home' };
  let parts: string[];
  try {
    parts = path.split('/').map((p) => decodeURIComponent(p));
  } catch {
    return { name: 'notfound', path };
  }
  if (parts[0] === 'settings' && parts.length === 1) return { name: 'settings' };
  if (parts[0] === 'k' && parts[1] && parts.length <= 3) {
    if (parts.length === 2) return { name: 'kind', kind: parts[1] };
    if (parts[2] === 'new') return { name: 'kind', kind: parts[1], isNew: true };
    if (parts[2]) return { name: 'kind', kind: parts[1], id: parts[2] };
  }
  return { name: 'notfound', path };
}

export function formatRoute(r: Route): string {
  switch (r.name) {
    case 'home':
      return '#/';
    case 'settings':
      return '#/settings';
    case 'kind': {
      const base = `#/k/${encodeURIComponent(r.kind)}`;
      if (r.isNew) return `${base}/new`;
      return r.id ? `${base}/${encodeURIComponent(r.id)}` : base;
    }
    case 'notfound':
      return `#/${r.path}`;
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
