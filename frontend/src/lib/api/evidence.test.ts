import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { evidenceBlob, uploadEvidence } from './evidence';
import { ApiError } from './errors';
import { httpTransport, resetSessionToken, setTransport, wailsTransport } from './transport';

describe('evidence files as bytes', () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    resetSessionToken();
    sessionStorage.setItem('keel.token', 'tok-9');
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    fetchMock.mockReset();
    setTransport(null);
    sessionStorage.clear();
  });

  it('streams a file to the upload path with the token, the File itself as the body', async () => {
    setTransport(httpTransport());
    fetchMock.mockResolvedValue(new Response(JSON.stringify({ id: 'p1', kind: 'policy' }), { status: 200 }));
    const file = new File(['minutes'], 'board, June.pdf');
    const rec = await uploadEvidence('policy', 'p1', file);
    expect(rec.id).toBe('p1');
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/evidence/upload?kind=policy&id=p1&name=board%2C+June.pdf');
    expect(init.method).toBe('POST');
    expect(init.body).toBe(file); // no base64, no copy
    expect(new Headers(init.headers).get('X-Keel-Token')).toBe('tok-9');
  });

  it('sends no token in the window, whose asset server answers itself', async () => {
    setTransport(wailsTransport({ go: { app: { App: {} } } }));
    fetchMock.mockResolvedValue(new Response('abc', { status: 200 }));
    const b = await evidenceBlob('ab'.repeat(32), 'a.txt', 'bundle');
    expect(await b.text()).toBe('abc');
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe(`/api/bundle/evidence/${'ab'.repeat(32)}?name=a.txt`);
    expect(new Headers(init.headers).has('X-Keel-Token')).toBe(false);
  });

  it('turns the backend’s error into an ApiError, and a dead backend into a clear one', async () => {
    setTransport(httpTransport());
    fetchMock.mockResolvedValueOnce(new Response(JSON.stringify({ code: 'invalid', message: '"x" is too large to attach' }), { status: 400 }));
    await expect(uploadEvidence('policy', 'p1', new File(['x'], 'x'))).rejects.toMatchObject({ code: 'invalid', message: '"x" is too large to attach' });
    fetchMock.mockRejectedValueOnce(new TypeError('network'));
    const err = await evidenceBlob('ab'.repeat(32), 'a.txt').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toMatch(/Cannot reach Keel/);
  });
});
