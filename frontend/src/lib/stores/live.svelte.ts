// A screen's data that reloads when records change: the latest answer wins (an older one
// arriving late is dropped), and a failure keeps the last value with the error's message.
import { toApiError } from '../api';
import { reloadOnChange } from './refresh';

export interface Live<T> {
  readonly value: T | null;
  readonly error: string;
  load: () => Promise<void>;
  /** Loads now and after every change; returns the function that stops (for onMount). */
  follow: () => () => void;
}

export function live<T>(fetch: () => Promise<T>): Live<T> {
  let value = $state<T | null>(null);
  let error = $state('');
  let seq = 0;
  async function load() {
    const my = ++seq;
    try {
      const v = await fetch();
      if (my !== seq) return;
      value = v;
      error = '';
    } catch (e) {
      if (my === seq) error = toApiError(e).message;
    }
  }
  return {
    get value() {
      return value;
    },
    get error() {
      return error;
    },
    load,
    follow() {
      load();
      return reloadOnChange(load);
    },
  };
}
