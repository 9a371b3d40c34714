// Titles of linked records, by id, fetched only for the records on screen (a linked chip, a
// link column, a history entry) instead of loading every record of every linked register.
import { SvelteMap } from 'svelte/reactivity';

export interface Titled {
  id: string;
  title: string;
}

/** Fetches the titles of some records of one kind (missing ones are simply left out). */
export type FetchTitles = (kind: string, ids: string[]) => Promise<Titled[]>;

export class TitleCache {
  readonly titles = new SvelteMap<string, string>();
  #kindOf = new Map<string, string>();
  #pending = new Map<string, Set<string>>();
  #asked = new Set<string>();
  #scheduled = false;
  #fetch: FetchTitles;

  constructor(fetch: FetchTitles) {
    this.#fetch = fetch;
  }

  /** Records titles already known (a picked option, a loaded list). */
  remember(kind: string, items: Titled[]): void {
    for (const it of items) {
      if (kind) this.#kindOf.set(it.id, kind);
      if (this.titles.get(it.id) !== it.title) this.titles.set(it.id, it.title);
    }
  }

  /** Asks for the titles of these records of `kind` (batched; each id asked once). */
  need(kind: string, ids: Iterable<string>): void {
    for (const id of ids) {
      if (!id || this.titles.has(id) || this.#asked.has(id)) continue;
      this.#asked.add(id);
      this.#kindOf.set(id, kind);
      let set = this.#pending.get(kind);
      if (!set) this.#pending.set(kind, (set = new Set()));
      set.add(id);
    }
    if (this.#pending.size && !this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => void this.flush());
    }
  }

  /** A record changed: fetch its title again if we show it. */
  changed(kind: string, id: string): void {
    if (!this.titles.has(id) && !this.#asked.has(id)) return;
    this.#asked.delete(id);
    this.titles.delete(id);
    this.need(this.#kindOf.get(id) || kind, [id]);
  }

  async flush(): Promise<void> {
    this.#scheduled = false;
    const batches = [...this.#pending];
    this.#pending.clear();
    await Promise.all(
      batches.map(async ([kind, ids]) => {
        try {
          this.remember(kind, await this.#fetch(kind, [...ids]));
        } catch {
          // unknown titles show as ids; asking again later is allowed
          for (const id of ids) this.#asked.delete(id);
        }
      }),
    );
  }
}
