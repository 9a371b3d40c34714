import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setTransport, type Transport } from '../api';
import { reloadOnChange } from './refresh';

describe('reloadOnChange', () => {
  const listeners = new Map<string, Set<(d: unknown) => void>>();
  const emit = (name: string, data: unknown) => listeners.get(name)?.forEach((cb) => cb(data));

  beforeEach(() => {
    vi.useFakeTimers();
    listeners.clear();
    const t: Transport = {
      name: 'http',
      call: async () => null as never,
      on(event, cb) {
        if (!listeners.has(event)) listeners.set(event, new Set());
        listeners.get(event)!.add(cb);
        return () => listeners.get(event)!.delete(cb);
      },
    };
    setTransport(t);
  });
  afterEach(() => {
    setTransport(null);
    vi.useRealTimers();
  });

  it('reloads once a burst of changes stops, and at once after a reconnect', () => {
    const load = vi.fn();
    const stop = reloadOnChange(load, { delay: 200 });
    for (let i = 0; i < 5; i++) {
      emit('records:changed', { kind: 'action', id: `a${i}` });
      vi.advanceTimersByTime(100);
    }
    expect(load).not.toHaveBeenCalled();
    vi.advanceTimersByTime(200);
    expect(load).toHaveBeenCalledTimes(1);
    emit('transport:reconnected', null);
    expect(load).toHaveBeenCalledTimes(2);
    stop();
    emit('records:changed', { kind: 'action', id: 'x' });
    emit('transport:reconnected', null);
    vi.advanceTimersByTime(1000);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('ignores kinds it was not asked to follow', () => {
    const load = vi.fn();
    reloadOnChange(load, { kinds: ['risk'] });
    emit('records:changed', { kind: 'action', id: 'a' });
    vi.advanceTimersByTime(1000);
    expect(load).not.toHaveBeenCalled();
    emit('records:changed', { kind: 'risk', id: 'r' });
    vi.advanceTimersByTime(1000);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a stop before the quiet time ends cancels the pending reload', () => {
    const load = vi.fn();
    const stop = reloadOnChange(load);
    emit('records:changed', { kind: 'action', id: 'a' });
    stop();
    vi.advanceTimersByTime(1000);
    expect(load).not.toHaveBeenCalled();
  });
});
