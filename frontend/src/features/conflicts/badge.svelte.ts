// The sidebar badge of the conflict inbox: how many conflicts and rule flags the open
// workspace has. It loads when the sidebar first asks, and again after record changes
// (a sync round applies ops as changes) and when another workspace opens.
import * as api from '../../lib/api';
import { reloadOnChange } from '../../lib/stores/refresh';
import { inboxCount } from './inbox';

const state = $state({ count: 0 });
let started = false;
let seq = 0;

/** Reloads the count now (the inbox page calls it after each resolution). */
export async function refreshConflictCount(): Promise<void> {
  const my = ++seq;
  try {
    const inbox = await api.conflicts();
    if (my === seq) state.count = inboxCount(inbox);
  } catch {
    if (my === seq) state.count = 0; // no workspace open, or the service is away
  }
}

/** The count, for the sidebar link; the first read starts following changes. */
export function conflictBadge(): number {
  if (!started) {
    started = true;
    queueMicrotask(() => {
      reloadOnChange(refreshConflictCount);
      api.onEvent('workspace:changed', () => refreshConflictCount());
      refreshConflictCount();
    });
  }
  return state.count;
}
