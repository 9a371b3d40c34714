// Files in and out of the app: base64 (how the API carries bytes over Wails and HTTP JSON),
// a download from memory, and the tabular format of a picked file.
import { saveFileAs, savesThroughDialog, type TabularFormat } from '../api';

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(bin);
}

export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => {
      const url = String(r.result ?? '');
      resolve(url.slice(url.indexOf(',') + 1));
    };
    r.onerror = () => reject(r.error ?? new Error('Could not read the file'));
    r.readAsDataURL(file);
  });
}

/**
 * Saves bytes as a file. The desktop window asks where, through its native dialog (the
 * Wails web view ignores <a download>); a browser downloads. Resolves to the path saved in
 * the desktop, the file name downloaded in a browser, or "" when the user cancelled.
 */
export async function saveBase64(b64: string, fileName: string, contentType = 'application/octet-stream'): Promise<string> {
  if (savesThroughDialog()) return saveFileAs(fileName, b64);
  downloadBase64(b64, fileName, contentType);
  return fileName;
}

/** A download from memory: a Blob URL and a temporary link (browsers). */
export function downloadBase64(b64: string, fileName: string, contentType = 'application/octet-stream'): void {
  downloadBlob(new Blob([base64ToBytes(b64)], { type: contentType }), fileName);
}

function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The tabular format of a file by its name, or null when it is neither CSV nor XLSX. */
export function tabularFormat(name: string): TabularFormat | null {
  const n = name.toLowerCase();
  if (n.endsWith('.csv')) return 'csv';
  if (n.endsWith('.xlsx')) return 'xlsx';
  return null;
}

export function humanSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Saves a Blob as a file: the desktop's dialog (as base64, its one way out), or a download. */
export async function saveBlob(blob: Blob, fileName: string): Promise<string> {
  if (savesThroughDialog()) return saveFileAs(fileName, bytesToBase64(new Uint8Array(await blob.arrayBuffer())));
  downloadBlob(blob, fileName);
  return fileName;
}
