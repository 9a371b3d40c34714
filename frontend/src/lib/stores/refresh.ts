// Screens that show what the registers hold reload when records change: once a burst of
// changes (an import, a sync, a bulk edit) has stopped, and when the event stream comes back
// after dropping, since changes may have been missed meanwhile.
import { onEvent, onReconnect } from '../api';

export interface ReloadOptions {
  /** Quiet time after the last change before reloading, in ms. */
  delay?: number;
  /** Only changes to these kinds matter; all kinds when left out. */
  kinds?: string[];
}

/** Calls `load` after record changes and reconnects; returns the function that stops. */
export function reloadOnChange(load: () => void, { delay = 300, kinds }: ReloadOptions = {}): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const off = onEvent('records:changed', (ev) => {
    if (kinds && !kinds.includes(ev?.kind ?? '')) return;
    clearTimeout(timer);
    timer = setTimeout(load, delay);
  });
  const offReconnect = onReconnect(load);
  return () => {
    off();
    offReconnect();
    clearTimeout(timer);
  };
}
