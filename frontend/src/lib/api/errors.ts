import type { ErrorCode } from './ui';

const codes: ErrorCode[] = ['invalid', 'not_found', 'conflict', 'forbidden', 'internal'];

/** An error from the backend, the same shape over both transports. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  /** "kind/id" of the record a refusal points to (the status an item already has). */
  readonly existing?: string;

  constructor(code: ErrorCode, message: string, field?: string, existing?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    if (field) this.field = field;
    if (existing) this.existing = existing;
  }
}

function fromObject(o: unknown): ApiError | null {
  if (!o || typeof o !== 'object') return null;
  const r = o as { code?: unknown; message?: unknown; field?: unknown; existing?: unknown };
  if (typeof r.message !== 'string' && typeof r.code !== 'string') return null;
  const code = codes.includes(r.code as ErrorCode) ? (r.code as ErrorCode) : 'internal';
  const message = typeof r.message === 'string' && r.message ? r.message : 'internal error';
  return new ApiError(code, message, typeof r.field === 'string' ? r.field : undefined, typeof r.existing === 'string' ? r.existing : undefined);
}

function fromText(s: string): ApiError {
  const t = s.trim();
  if (t.startsWith('{')) {
    try {
      const e = fromObject(JSON.parse(t));
      if (e) return e;
    } catch {
      // not JSON: fall through and keep the text as the message
    }
  }
  return new ApiError('internal', t || 'internal error');
}

/**
 * Turns whatever a transport rejected with into an ApiError: Wails rejects with the JSON
 * as a string (sometimes wrapped in an Error), HTTP gives a parsed body or plain text.
 */
export function toApiError(x: unknown): ApiError {
  if (x instanceof ApiError) return x;
  if (typeof x === 'string') return fromText(x);
  if (x instanceof Error) return fromText(x.message);
  return fromObject(x) ?? new ApiError('internal', 'internal error');
}
