// Evidence files as bytes: streamed up to the evidence store and fetched back for a
// preview, over the file paths both transports serve (docs/evidence.md).
import { ApiError, toApiError } from './errors';
import type { KeelRecord } from './generated';
import { fileFetch } from './transport';

async function send(path: string, init: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fileFetch(path, init);
  } catch {
    throw new ApiError('internal', 'Cannot reach Keel to move the file. Is it still running?');
  }
  if (!res.ok) {
    const text = await res.text();
    throw text.trim() ? toApiError(text) : new ApiError('internal', `HTTP ${res.status}`);
  }
  return res;
}

/** Streams a file into the evidence store and adds it to the record's evidence files. */
export async function uploadEvidence(kind: string, id: string, file: File): Promise<KeelRecord> {
  const q = new URLSearchParams({ kind, id, name: file.name });
  const res = await send(`/api/evidence/upload?${q}`, { method: 'POST', body: file });
  return (await res.json()) as KeelRecord;
}

/** Where the bytes of an evidence file come from: the open workspace, or the open bundle. */
export type EvidenceOrigin = 'workspace' | 'bundle';

/** Fetches an evidence file as a Blob (for a preview's blob URL or a download). */
export async function evidenceBlob(sha256: string, name: string, origin: EvidenceOrigin = 'workspace'): Promise<Blob> {
  const base = origin === 'bundle' ? '/api/bundle/evidence/' : '/api/evidence/file/';
  const res = await send(`${base}${sha256}?${new URLSearchParams({ name })}`, { method: 'GET' });
  return res.blob();
}

/** Fetches another file of the open bundle by its path (packs/<name>.pdf). */
export async function bundleFileBlob(path: string): Promise<Blob> {
  const res = await send(`/api/bundle/file?${new URLSearchParams({ path })}`, { method: 'GET' });
  return res.blob();
}
