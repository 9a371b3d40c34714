import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from './index';
import { ApiError, toApiError } from './errors';
import { recordCalls } from './fake';
import { httpTransport, resetSessionToken, sessionToken, setTransport, transport, wailsTransport, withoutToken, type WailsWindow } from './transport';

function reply(status: number, body: unknown): Response {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Response(text, { status, headers: { 'Content-Type': 'application/json' } });
}

describe('sessionToken', () => {
  beforeEach(() => {
    resetSessionToken();
    sessionStorage.clear();
  });

  it('reads the token from the URL once and keeps it in sessionStorage', () => {
    expect(sessionToken({ search: '?token=abc123' }, sessionStorage)).toBe('abc123');
    expect(sessionStorage.getItem('keel.token')).toBe('abc123');
    // Later reads use the cached value even if the URL no longer carries it.
    expect(sessionToken({ search: '' }, sessionStorage)).toBe('abc123');
  });

  it('takes the token out of the address bar once kept', () => {
    const replaceState = vi.fn();
    expect(sessionToken({ pathname: '/risks', search: '?a=1&token=abc123', hash: '#x' } as Location, sessionStorage, { replaceState })).toBe('abc123');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/risks?a=1#x');
    expect(withoutToken({ pathname: '/', search: '?token=t' })).toBe('/');
  });

  it('falls back to sessionStorage after a reload without the query', () => {
    sessionStorage.setItem('keel.token', 'kept');
    expect(sessionToken({ search: '?other=1' }, sessionStorage)).toBe('kept');
  });

  it('is null when there is no token anywhere', () => {
    expect(sessionToken({ search: '' }, sessionStorage)).toBeNull();
  });
});

describe('HTTP transport', () => {
  afterEach(() => setTransport(null));

  it('POSTs the arguments as a JSON array with the token header', async () => {
    const fetchMock = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => reply(200, { records: [], total: 0 }));
    setTransport(httpTransport({ fetch: fetchMock as typeof fetch, token: () => 'tok-1' }));

    const q = { kind: 'context_issue', search: 'cloud', deleted: true };
    await expect(api.listRecords(q)).resolves.toEqual({ records: [], total: 0 });

    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/call/ListRecords');
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>)['X-Keel-Token']).toBe('tok-1');
    expect(JSON.parse(String(init?.body))).toEqual([q]);
  });

  it('sends several arguments in order', async () => {
    const fetchMock = vi.fn(async (_u: RequestInfo | URL, _i?: RequestInit) => reply(200, { id: 'r1' }));
    setTransport(httpTransport({ fetch: fetchMock as typeof fetch, token: () => 't' }));
    await api.updateRecord('scope_statement', 'r1', { version: 2 });
    expect(fetchMock.mock.calls[0][0]).toBe('/api/call/UpdateRecord');
    expect(JSON.parse(String(fetchMock.mock.calls[0][1]?.body))).toEqual(['scope_statement', 'r1', { version: 2 }]);
  });

  it('turns an error body into an ApiError with code, message and field', async () => {
    const fetchMock = vi.fn(async () => reply(400, { code: 'invalid', message: 'Issue is required', field: 'title' }));
    setTransport(httpTransport({ fetch: fetchMock as typeof fetch, token: () => 't' }));
    const err = await api.createRecord('context_issue', {}).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'invalid', message: 'Issue is required', field: 'title' });
  });

  it('maps a non-JSON failure to an internal error carrying the text', async () => {
    const fetchMock = vi.fn(async () => new Response('bad gateway', { status: 502 }));
    setTransport(httpTransport({ fetch: fetchMock as typeof fetch, token: () => 't' }));
    const err = await api.kinds().catch((e) => e);
    expect(err).toMatchObject({ code: 'internal', message: 'bad gateway' });
    expect(err.field).toBeUndefined();
  });

  it('maps an empty 403 to forbidden', async () => {
    const fetchMock = vi.fn(async () => new Response('', { status: 403 }));
    setTransport(httpTransport({ fetch: fetchMock as typeof fetch, token: () => 't' }));
    await expect(api.identity()).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('reports an unreachable service as an internal error a person can act on', async () => {
    const fetchMock = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    setTransport(httpTransport({ fetch: fetchMock as typeof fetch, token: () => 't' }));
    await expect(api.version()).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/keel serve/) });
  });

  it('accepts an empty 200 body for methods without a result', async () => {
    const fetchMock = vi.fn(async () => new Response('', { status: 200 }));
    setTransport(httpTransport({ fetch: fetchMock as typeof fetch, token: () => 't' }));
    await expect(api.deleteRecord('context_issue', 'x')).resolves.toBeUndefined();
  });

  it('delivers server-sent events to subscribers until they unsubscribe', () => {
    const listeners = new Map<string, (e: MessageEvent) => void>();
    let url = '';
    const es = {
      addEventListener: (n: string, cb: (e: MessageEvent) => void) => listeners.set(n, cb),
      removeEventListener: () => {},
      close: () => {},
    };
    setTransport(
      httpTransport({
        token: () => 'a b',
        eventSource: (u) => {
          url = u;
          return es;
        },
      }),
    );
    const got: unknown[] = [];
    const off = api.onEvent('records:changed', (d) => got.push(d));
    expect(url).toBe('/api/events?token=a%20b');
    listeners.get('records:changed')!(new MessageEvent('records:changed', { data: '{"kind":"context_issue","id":"r1"}' }));
    expect(got).toEqual([{ kind: 'context_issue', id: 'r1' }]);
    off();
    listeners.get('records:changed')!(new MessageEvent('records:changed', { data: '{"kind":"x","id":"y"}' }));
    expect(got).toHaveLength(1);
  });

  it('tells subscribers when the stream reopens after an error, not on the first open', () => {
    const listeners = new Map<string, ((e: MessageEvent) => void)[]>();
    const fire = (n: string) => (listeners.get(n) ?? []).forEach((cb) => cb(new MessageEvent(n)));
    const es = {
      addEventListener: (n: string, cb: (e: MessageEvent) => void) => listeners.set(n, [...(listeners.get(n) ?? []), cb]),
      removeEventListener: () => {},
      close: () => {},
    };
    setTransport(httpTransport({ token: () => 't', eventSource: () => es }));
    let n = 0;
    const off = api.onReconnect(() => n++);
    api.onEvent('records:changed', () => {});
    fire('open');
    expect(n).toBe(0);
    fire('error');
    fire('error'); // retries that fail
    expect(n).toBe(0);
    fire('open');
    expect(n).toBe(1);
    fire('open');
    expect(n).toBe(1);
    off();
    fire('error');
    fire('open');
    expect(n).toBe(1);
  });
});

describe('Wails transport', () => {
  afterEach(() => {
    delete (window as unknown as WailsWindow).go;
    delete (window as unknown as WailsWindow).runtime;
    setTransport(null);
  });

  it('is chosen when window.go.app.App exists and calls the bound method', async () => {
    const record = { id: 'r1', kind: 'context_issue', title: 'T', fields: {} };
    const GetRecord = vi.fn(async (..._args: unknown[]) => record);
    (window as unknown as WailsWindow).go = { app: { App: { GetRecord } } };

    expect(transport().name).toBe('wails');
    await expect(api.getRecord('context_issue', 'r1')).resolves.toBe(record);
    expect(GetRecord).toHaveBeenCalledWith('context_issue', 'r1');
  });

  it('uses HTTP when there are no bindings', () => {
    expect(transport().name).toBe('http');
  });

  it('parses the JSON string a rejected promise carries', async () => {
    const CreateRecord = vi.fn(async () => {
      throw '{"code":"invalid","message":"Party is required","field":"name"}';
    });
    setTransport(wailsTransport({ go: { app: { App: { CreateRecord } } } }));
    await expect(api.createRecord('interested_party', {})).rejects.toMatchObject({
      code: 'invalid',
      message: 'Party is required',
      field: 'name',
    });
  });

  it('keeps a plain rejection text as an internal error', async () => {
    const Kinds = vi.fn(async () => {
      throw new Error('database is locked');
    });
    setTransport(wailsTransport({ go: { app: { App: { Kinds } } } }));
    await expect(api.kinds()).rejects.toMatchObject({ code: 'internal', message: 'database is locked' });
  });

  it('lists the packs from Packs, a missing choices list as none', async () => {
    const Packs = vi.fn(async () => [
      { kind: 'soa', title: 'Statement of Applicability', short: 'SoA', summary: 'S', choices: ['standards'] },
      { kind: 'risk', title: 'Risk register', short: 'risk register', summary: 'R', choices: null },
    ]);
    setTransport(wailsTransport({ go: { app: { App: { Packs } } } }));
    const list = await api.packs();
    expect(list.map((p) => [p.kind, p.choices])).toEqual([['soa', ['standards']], ['risk', []]]);
    expect(Packs).toHaveBeenCalledWith();
  });

  it('fails clearly when a method is not bound', async () => {
    setTransport(wailsTransport({ go: { app: { App: {} } } }));
    await expect(api.search('x')).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/Search/) });
  });

  it('subscribes through runtime.EventsOn and returns its unsubscribe', () => {
    const off = vi.fn();
    let handler: ((...d: unknown[]) => void) | undefined;
    const EventsOn = vi.fn((_name: string, cb: (...d: unknown[]) => void) => {
      handler = cb;
      return off;
    });
    (window as unknown as WailsWindow).go = { app: { App: {} } };
    (window as unknown as WailsWindow).runtime = { EventsOn };

    const got: unknown[] = [];
    const unsub = api.onEvent('workspace:changed', (ws) => got.push(ws));
    expect(EventsOn).toHaveBeenCalledWith('workspace:changed', expect.any(Function));
    handler!({ id: 'w1', name: 'Acme' });
    expect(got).toEqual([{ id: 'w1', name: 'Acme' }]);
    unsub();
    expect(off).toHaveBeenCalled();
  });
});

describe('toApiError', () => {
  it('accepts an object with code and message', () => {
    expect(toApiError({ code: 'not_found', message: 'No such record' })).toMatchObject({ code: 'not_found' });
  });
  it('treats an unknown code as internal', () => {
    expect(toApiError({ code: 'weird', message: 'm' }).code).toBe('internal');
  });
  it('parses JSON wrapped in an Error message', () => {
    expect(toApiError(new Error('{"code":"conflict","message":"Changed elsewhere"}'))).toMatchObject({
      code: 'conflict',
      message: 'Changed elsewhere',
    });
  });
});

describe('the typed call', () => {
  afterEach(() => setTransport(null));

  it('sends the method name and the arguments in order, to methods the backend has', async () => {
    const calls = recordCalls(null);
    await api.call('RiskRegister', 'ai', 'Ann', 'sys1');
    await api.riskRegister('privacy');
    await api.aiGates();
    await api.reviewInputs('rev1');
    expect(calls).toEqual([
      { method: 'RiskRegister', args: ['ai', 'Ann', 'sys1'] },
      { method: 'RiskRegister', args: ['privacy', '', ''] },
      { method: 'AIGates', args: [] },
      { method: 'ReviewInputs', args: ['rev1', '', ''] },
    ]);
    for (const c of calls) expect(api.METHODS).toContain(c.method);
  });

  it('leaves a misspelt method name or a wrong argument to tsc (npm run check)', () => {
    // Never called: svelte-check fails if either line stops being an error.
    const typo = () =>
      // @ts-expect-error: the backend has no RiskRegistr
      api.call('RiskRegistr');
    const wrongArg = () =>
      // @ts-expect-error: HeatMap takes a lens and a boolean
      api.call('HeatMap', 'ai', 'yes');
    expect([typeof typo, typeof wrongArg]).toEqual(['function', 'function']);
  });

  it('turns a null list or map (a nil Go slice or map) into an empty one', async () => {
    recordCalls(null);
    expect(await api.riskRegister()).toEqual([]);
    expect(await api.readiness()).toEqual([]);
    expect(await api.aiGates()).toEqual({});
  });
});
