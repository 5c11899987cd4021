import type { SqlStore } from './sql-store';

/**
 * One read shared by the callers that arrive while it is on its way — without ever answering a
 * caller with a value read before it asked: whoever arrives while a read is in flight waits for
 * the next one, which everybody arriving meanwhile shares. At most one read in flight and one
 * waiting, however many callers (32 requests at once cost two reads, not 32 in a row).
 */
export function sharedFreshRead<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  let next: Promise<T> | null = null;
  const start = (): Promise<T> => {
    const p: Promise<T> = read().finally(() => {
      if (inFlight === p) inFlight = null;
    });
    inFlight = p;
    return p;
  };
  return () => {
    if (!inFlight) return start();
    next ??= inFlight
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        next = null;
        return start();
      });
    return next;
  };
}

/**
 * Values read from the database and kept until it changes: the key is the store's data version
 * (SQLite's data_version, PostgreSQL's WAL position), which moves on every commit by this
 * process, another instance or another program. The version is read before the value, so a kept
 * value is never older than its version: a cache hit is exactly what a read would answer now.
 *
 * Inside a write transaction it reads through the transaction, uncached (a use case sees its own
 * writes). Bounded: beyond `maxEntries` keys the least recently used goes. Concurrent misses of a
 * key at one version share one read; a failed read is not kept.
 */
export class VersionedCache<T> {
  private version = -1;
  private readonly entries = new Map<string, Promise<T>>();

  constructor(
    private readonly store: Pick<SqlStore, 'dataVersion' | 'inTransaction'>,
    private readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  async get(key: string, load: () => Promise<T>): Promise<T> {
    if (this.store.inTransaction) return load();
    const version = await this.store.dataVersion();
    if (version > this.version) {
      this.entries.clear();
      this.version = version;
    } else if (version < this.version) {
      return load(); // a caller that read the version before the latest change: not kept
    }
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key); // least recently used goes first
      this.entries.set(key, hit);
      return hit;
    }
    const value = load();
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
    value.catch(() => {
      if (this.entries.get(key) === value) this.entries.delete(key);
    });
    return value;
  }
}
