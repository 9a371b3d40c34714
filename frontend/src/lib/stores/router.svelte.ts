// Hash routes: #/ (home), #/k/<kind>, #/k/<kind>/<id>, #/k/<kind>/new, #/settings,
// #/standards[/<catalogue>[/<item>]], #/gap[/<42001 item>], #/heatmap, #/readiness, #/packs[/<pack>[/<management review id>]], #/ai,
// #/review[/<management review id>].

export type Route =
  | { name: 'home' }
  | { name: 'kind'; kind: string; id?: string; isNew?: boolean }
  | { name: 'settings' }
  | { name: 'standards'; catalogue?: string; item?: string }
  | { name: 'gap'; item?: string }
  | { name: 'heatmap' | 'readiness' | 'ai' }
  | { name: 'packs'; kind?: string; review?: string }
  | { name: 'review'; id?: string }
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
  if (parts[0] === 'standards' && parts.length <= 3) {
    const r: Route = { name: 'standards' };
    if (parts[1]) r.catalogue = parts[1];
    if (parts[2]) r.item = parts[2];
    return r;
  }
  if (parts.length === 1 && (parts[0] === 'heatmap' || parts[0] === 'readiness' || parts[0] === 'ai')) return { name: parts[0] };
  if (parts[0] === 'packs' && parts.length <= 3) {
    const r: Route = { name: 'packs' };
    if (parts[1]) r.kind = parts[1];
    if (parts[2]) r.review = parts[2];
    return r;
  }
  if (parts[0] === 'review' && parts.length <= 2) return parts[1] ? { name: 'review', id: parts[1] } : { name: 'review' };
  if (parts[0] === 'gap' && parts.length <= 2) return parts[1] ? { name: 'gap', item: parts[1] } : { name: 'gap' };
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
    case 'standards': {
      let h = '#/standards';
      if (r.catalogue) {
        h += `/${encodeURIComponent(r.catalogue)}`;
        if (r.item) h += `/${encodeURIComponent(r.item)}`;
      }
      return h;
    }
    case 'gap':
      return r.item ? `#/gap/${encodeURIComponent(r.item)}` : '#/gap';
    case 'review':
      return r.id ? `#/review/${encodeURIComponent(r.id)}` : '#/review';
    case 'packs': {
      if (!r.kind) return '#/packs';
      return `#/packs/${encodeURIComponent(r.kind)}` + (r.review ? `/${encodeURIComponent(r.review)}` : '');
    }
    case 'heatmap':
    case 'readiness':
    case 'ai':
      return `#/${r.name}`;
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
