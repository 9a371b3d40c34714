// How an evidence file is shown: which preview suits its name, and whether it is stale.
export type PreviewKind = 'pdf' | 'image' | 'text' | 'none';

const IMAGE = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'bmp'];
const TEXT = ['txt', 'csv', 'json', 'md', 'log', 'xml', 'yaml', 'yml', 'jsonl', 'tsv', 'ini', 'conf'];

/** The preview for a file name: PDF in a frame, images, plain text; 'none' for the rest. */
export function previewKind(name: string): PreviewKind {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'pdf') return 'pdf';
  if (IMAGE.includes(ext)) return 'image';
  if (TEXT.includes(ext)) return 'text';
  return 'none';
}

/** The MIME type a blob of that name is shown as (the frame needs it for PDFs). */
export function previewType(name: string): string {
  switch (previewKind(name)) {
    case 'pdf':
      return 'application/pdf';
    case 'image': {
      const ext = name.toLowerCase().split('.').pop();
      return ext === 'svg' ? 'image/svg+xml' : ext === 'jpg' ? 'image/jpeg' : `image/${ext}`;
    }
    case 'text':
      return 'text/plain;charset=utf-8';
  }
  return 'application/octet-stream';
}

/** Evidence is stale once its valid-until date (YYYY-MM-DD) is before today. */
export function isStale(validUntil: string | undefined, today: string): boolean {
  return !!validUntil && validUntil < today;
}

/** Today as YYYY-MM-DD in local time. */
export function todayISO(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The evidence types offered (the field takes any short text). */
export const EVIDENCE_TYPES = ['certificate', 'policy', 'report', 'minutes', 'log', 'screenshot', 'contract', 'assessment', 'training record', 'other'];
