import { afterEach, describe, expect, it, vi } from 'vitest';
import { asksFor, discardAndLeave, holdDraft, keepEditing, leave, leaving, saveAndLeave, type DraftGuard } from './draft.svelte';

let release: (() => void) | null = null;
afterEach(() => {
  release?.();
  release = null;
});

function hold(dirty: boolean, saves = true) {
  const g = { dirty: vi.fn(() => dirty), save: vi.fn(async () => saves), discard: vi.fn() } satisfies DraftGuard;
  release = holdDraft(g);
  return g;
}

describe('the unsaved-changes guard', () => {
  it('leaves at once when nothing is unsaved', () => {
    hold(false);
    const go = vi.fn();
    expect(leaving(go)).toBe(true);
    expect(go).toHaveBeenCalledOnce();
    expect(leave.asking).toBe(false);
  });

  it('asks first with unsaved changes; keep editing stays, discard leaves', () => {
    const g = hold(true);
    const go = vi.fn();
    expect(leaving(go)).toBe(false);
    expect(go).not.toHaveBeenCalled();
    expect(asksFor(g)).toBe(true);
    keepEditing();
    expect(leave.asking).toBe(false);
    leaving(go);
    discardAndLeave();
    expect(g.discard).toHaveBeenCalledOnce();
    expect(go).toHaveBeenCalledOnce();
  });

  it('saves then leaves, and stays when the save is refused', async () => {
    hold(true, false);
    const go = vi.fn();
    leaving(go);
    await saveAndLeave();
    expect(go).not.toHaveBeenCalled();
    release?.();
    hold(true, true);
    leaving(go);
    await saveAndLeave();
    expect(go).toHaveBeenCalledOnce();
  });
});
