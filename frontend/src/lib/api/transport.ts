// The only module that knows which transport carries calls: Wails bindings in the desktop
// window, or HTTP JSON + server-sent events under `keel serve`.
import { ApiError, toApiError } from './errors';

export type Unsubscribe = () => void;

/**
 * A local event (never sent by the backend): the event stream came back after dropping, so
 * events may have been missed and views should reload what they show.
 */
export const RECONNECTED = 'transport:reconnected';
export type Listener = (data: unknown) => void;

export interface Transport {
  readonly name: 'wails' | 'http';
  call<T>(method: string, args: unknown[]): Promise<T>;
  on(event: string, cb: Listener): Unsubscribe;
}

// ---- Wails ----------------------------------------------------------------------------

type WailsMethod = (...args: unknown[]) => Promise<unknown>;
export interface WailsWindow {
  go?: { app?: { App?: { [method: string]: WailsMethod } } };
  runtime?: { EventsOn?: (name: string, cb: (...data: unknown[]) => void) => unknown };
}

export function wailsTransport(win: WailsWindow): Transport {
  return {
    name: 'wails',
    async call<T>(method: string, args: unknown[]): Promise<T> {
      const fn = win.go?.app?.App?.[method];
      if (typeof fn !== 'function') {
        throw new ApiError('internal', `This version of Keel has no ${method} service`);
      }
      try {
        return (await fn(...args)) as T;
      } catch (e) {
        throw toApiError(e);
      }
    },
    on(event: string, cb: Listener): Unsubscribe {
      const off = win.runtime?.EventsOn?.(event, (data: unknown) => cb(data));
      return typeof off === 'function' ? (off as Unsubscribe) : () => {};
    },
  };
}

// ---- HTTP -----------------------------------------------------------------------------

const TOKEN_KEY = 'keel.token';
let cachedToken: string | null | undefined;

/** The token from the page URL (`?token=`), read once and kept in sessionStorage. */
/** withoutToken is the page's address with the token taken out of its query. */
export function withoutToken(loc: Partial<Pick<Location, 'pathname' | 'search' | 'hash'>>): string {
  const q = new URLSearchParams(loc.search ?? '');
  q.delete('token');
  const rest = q.toString();
  return (loc.pathname ?? '') + (rest ? '?' + rest : '') + (loc.hash ?? '');
}

export function sessionToken(
  loc: Pick<Location, 'search'> = location,
  store: Storage = sessionStorage,
  hist: Pick<History, 'replaceState'> | null = typeof history === 'undefined' ? null : history,
): string | null {
  if (cachedToken !== undefined) return cachedToken;
  const fromUrl = new URLSearchParams(loc.search).get('token');
  if (fromUrl) {
    try {
      store.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // storage may be disabled; the token still works for this page
    }
    cachedToken = fromUrl;
    // The token leaves the address bar (history, bookmarks, a shared screen) once kept.
    hist?.replaceState(typeof history !== 'undefined' && hist === history ? history.state : null, '', withoutToken(loc));
  } else {
    let stored: string | null = null;
    try {
      stored = store.getItem(TOKEN_KEY);
    } catch {
      stored = null;
    }
    cachedToken = stored;
  }
  return cachedToken;
}

/** Forgets the cached token (tests). */
export function resetSessionToken(): void {
  cachedToken = undefined;
}

interface EventSourceLike {
  addEventListener(name: string, cb: (e: MessageEvent) => void): void;
  removeEventListener(name: string, cb: (e: MessageEvent) => void): void;
  close(): void;
}

export interface HttpOptions {
  fetch?: typeof fetch;
  token?: () => string | null;
  base?: string;
  eventSource?: (url: string) => EventSourceLike;
}

export function httpTransport(opts: HttpOptions = {}): Transport {
  const doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
  const token = opts.token ?? (() => sessionToken());
  const base = opts.base ?? '';
  const makeSource = opts.eventSource ?? ((url: string) => new EventSource(url));

  let source: EventSourceLike | null = null;
  const listeners = new Map<string, Set<Listener>>();
  const handlers = new Map<string, (e: MessageEvent) => void>();

  function emit(event: string, data: unknown) {
    for (const cb of [...(listeners.get(event) ?? [])]) cb(data);
  }

  function ensureSource(): EventSourceLike {
    if (source) return source;
    const s = makeSource(`${base}/api/events?token=${encodeURIComponent(token() ?? '')}`);
    // EventSource reconnects by itself after an error; the first `open` after an error
    // means the stream is back and anything sent meanwhile was missed.
    let dropped = false;
    s.addEventListener('error', () => {
      dropped = true;
    });
    s.addEventListener('open', () => {
      if (!dropped) return;
      dropped = false;
      emit(RECONNECTED, null);
    });
    source = s;
    return s;
  }

  function ensureHandler(event: string) {
    if (event === RECONNECTED) {
      ensureSource();
      return;
    }
    if (handlers.has(event)) return;
    const source = ensureSource();
    const h = (e: MessageEvent) => {
      let data: unknown = null;
      try {
        data = e.data ? JSON.parse(e.data) : null;
      } catch {
        data = e.data;
      }
      emit(event, data);
    };
    handlers.set(event, h);
    source.addEventListener(event, h);
  }

  return {
    name: 'http',
    async call<T>(method: string, args: unknown[]): Promise<T> {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      const t = token();
      if (t) headers['X-Keel-Token'] = t;
      let res: Response;
      try {
        res = await doFetch(`${base}/api/call/${method}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(args),
        });
      } catch {
        throw new ApiError('internal', 'Cannot reach the Keel service. Is `keel serve` still running?');
      }
      const text = await res.text();
      if (!res.ok) {
        const err = toApiError(text);
        if (!text.trim()) {
          throw new ApiError(res.status === 404 ? 'not_found' : res.status === 403 ? 'forbidden' : 'internal',
            `${method} failed: HTTP ${res.status}`);
        }
        throw err;
      }
      if (!text.trim()) return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new ApiError('internal', `${method} returned a reply that is not JSON`);
      }
    },
    on(event: string, cb: Listener): Unsubscribe {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(cb);
      ensureHandler(event);
      return () => {
        set.delete(cb);
      };
    },
  };
}

// ---- choice ---------------------------------------------------------------------------

let override: Transport | null = null;
let wails: Transport | null = null;
let http: Transport | null = null;

/**
 * The transport in use: Wails when its bindings are present, HTTP otherwise. Checked on
 * every call, because the Wails runtime may attach its bindings after our module loads.
 */
export function transport(): Transport {
  if (override) return override;
  const w = window as unknown as WailsWindow;
  if (w.go?.app?.App) return (wails ??= wailsTransport(w));
  return (http ??= httpTransport());
}

/** Replaces the transport (tests); null restores the automatic choice. */
export function setTransport(t: Transport | null): void {
  override = t;
  wails = null;
  http = null;
}

// ---- files ----------------------------------------------------------------------------

/**
 * A raw request to the file paths (/api/evidence/…): bytes in and out, never base64. The
 * window's asset server answers them itself; `keel serve` needs the session token.
 */
export function fileFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (transport().name === 'http') {
    const t = sessionToken();
    if (t) headers.set('X-Keel-Token', t);
  }
  return fetch(path, { ...init, headers });
}
