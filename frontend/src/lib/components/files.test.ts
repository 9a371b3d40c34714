import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, fileToBase64, humanSize, tabularFormat } from './files';

describe('files', () => {
  it('round-trips bytes through base64, including large and binary content', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 31) % 256);
    const b64 = bytesToBase64(bytes);
    expect(base64ToBytes(b64)).toEqual(bytes);
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
