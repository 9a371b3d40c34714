// Short messages at the corner of the window. Errors stay longer than confirmations.
export type ToastKind = 'info' | 'success' | 'error';

export interface ToastItem {
  id: number;
  kind: ToastKind;
  message: string;
  action?: { label: string; run: () => void };
}

export const toasts = $state<{ items: ToastItem[] }>({ items: [] });

let next = 1;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

export function dismissToast(id: number): void {
  toasts.items = toasts.items.filter((t) => t.id !== id);
  const t = timers.get(id);
  if (t) clearTimeout(t);
  timers.delete(id);
}

export function toast(message: string, kind: ToastKind = 'info', action?: ToastItem['action']): number {
  const id = next++;
  // Keep the stack short: older toasts give way to newer ones.
  for (const old of toasts.items.slice(0, -2)) dismissToast(old.id);
  toasts.items = [...toasts.items, { id, kind, message, action }];
  const ms = kind === 'error' ? 8000 : action ? 7000 : 2500;
  timers.set(id, setTimeout(() => dismissToast(id), ms));
  return id;
}

/** Shows an error from any source as a toast. */
export function toastError(e: unknown, prefix = ''): void {
  const msg = e instanceof Error ? e.message : String(e);
  toast(prefix ? `${prefix}: ${msg}` : msg, 'error');
}
