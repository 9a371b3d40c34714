import { afterEach, describe, expect, it, vi } from 'vitest';
import { setTransport } from '../api';
import { recordCalls } from '../api/fake';
import { base64ToBytes, bytesToBase64, fileToBase64, humanSize, saveBase64, tabularFormat } from './files';

describe('files', () => {
  it('round-trips bytes through base64, including large and binary content', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 31) % 256);
    const b64 = bytesToBase64(bytes);
    const back = base64ToBytes(b64);
    // Compared as one buffer: toEqual walks 100,000 elements and takes seconds on a busy machine.
    expect(back).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(back).equals(Buffer.from(bytes))).toBe(true);
    expect(bytesToBase64(new TextEncoder().encode('id,title\n'))).toBe(btoa('id,title\n'));
  });
  it('reads a picked file as base64', async () => {
    const f = new Blob(['name,category\nICO,regulator\n']);
    expect(atob(await fileToBase64(f))).toBe('name,category\nICO,regulator\n');
  });
  it('knows CSV and XLSX by name', () => {
    expect(tabularFormat('Parties.CSV')).toBe('csv');
    expect(tabularFormat('x.xlsx')).toBe('xlsx');
    expect(tabularFormat('x.xls')).toBeNull();
  });
  it('sizes', () => {
    expect(humanSize(512)).toBe('512 B');
    expect(humanSize(2048)).toBe('2.0 KB');
    expect(humanSize(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});

describe('saving a file', () => {
  afterEach(() => {
    setTransport(null);
    vi.restoreAllMocks();
  });
  it('asks the desktop window where to save, never downloading there', async () => {
    const calls = recordCalls('/home/zoe/Documents/keel-soa.pdf', 'wails');
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click');
    await expect(saveBase64(btoa('%PDF'), 'keel-soa.pdf', 'application/pdf')).resolves.toBe('/home/zoe/Documents/keel-soa.pdf');
    expect(calls).toEqual([{ method: 'SaveFileAs', args: ['keel-soa.pdf', btoa('%PDF')] }]);
    expect(click).not.toHaveBeenCalled();
  });
  it('passes on a cancelled dialog as ""', async () => {
    recordCalls('', 'wails');
    await expect(saveBase64(btoa('x'), 'x.csv')).resolves.toBe('');
  });
  it('downloads in a browser without calling the backend', async () => {
    const calls = recordCalls(null, 'http');
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    URL.createObjectURL ??= () => 'blob:x';
    URL.revokeObjectURL ??= () => {};
    await expect(saveBase64(btoa('id,title'), 'risks.csv', 'text/csv')).resolves.toBe('risks.csv');
    expect(click).toHaveBeenCalledTimes(1);
    expect(calls).toEqual([]);
  });
});
