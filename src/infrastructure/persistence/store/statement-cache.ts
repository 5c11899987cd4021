import type sqlite3 from 'sqlite3';
import type { SqlRunner } from '../sql-runner';

/** Statements kept per connection; the least recently used beyond this is finalized. */
export const STATEMENT_CACHE_SIZE = 128;

interface Entry {
  readonly statement: Promise<sqlite3.Statement>;
  /** Calls that hold the statement (between getting it and their result). */
  users: number;
  /** Out of the cache: finalized as soon as its last user is done. */
  evicted: boolean;
}

/**
 * Statements prepared once and kept, on one sqlite3 connection: one trip to the driver's thread
 * pool per statement run, where TypeORM's `query` prepares, runs and finalizes (three trips, and
 * its query runner, logger and broadcaster around them). Every statement of this system goes
 * through it (the writer's group commit, the reader's reads).
 *
 * Results keep the shape TypeORM's sqlite driver gives, so repositories written against it are
 * unchanged: an `INSERT ` resolves the new rowid, an `UPDATE ` or `DELETE ` resolves undefined,
 * anything else its rows. As with TypeORM, a string holding several statements runs only the
 * first; multi-statement scripts use `exec`.
 *
 * Bounded (STATEMENT_CACHE_SIZE, least recently used out) because some statements are built per
 * call (IN lists of each length). A statement is finalized only once no call holds it, and a
 * failed prepare (a syntax error, a table that does not exist) rejects its call and is not kept.
 */
export class StatementCache implements SqlRunner {
  private readonly entries = new Map<string, Entry>();
  /** Every statement not finalized yet, kept or evicted (finalized by `clear`). */
  private readonly live = new Set<Promise<sqlite3.Statement>>();

  constructor(
    private readonly db: sqlite3.Database,
    private readonly capacity = STATEMENT_CACHE_SIZE,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of any shape, as SqlRunner
  async query(sql: string, params: unknown[] = []): Promise<any> {
    const entry = this.acquire(sql);
    try {
      const statement = await entry.statement;
      if (sql.startsWith('INSERT ') || sql.startsWith('UPDATE ') || sql.startsWith('DELETE ')) {
        const insert = sql.startsWith('INSERT ');
        return await new Promise<unknown>((resolve, reject) =>
          statement.run(params, function (this: sqlite3.RunResult, e: Error | null) {
            if (e) reject(e);
            else resolve(insert ? this.lastID : undefined);
          }),
        );
      }
      return await new Promise<unknown[]>((resolve, reject) =>
        statement.all(params, (e: Error | null, rows: unknown[]) => (e ? reject(e) : resolve(rows))),
      );
    } finally {
      this.release(entry);
    }
  }

  /** Finalizes every statement (before the connection closes); calls still running finish first. */
  async clear(): Promise<void> {
    const all = [...this.live];
    this.entries.clear();
    this.live.clear();
    await Promise.all(all.map((p) => p.then(finalize, () => undefined)));
  }

  private acquire(sql: string): Entry {
    let entry = this.entries.get(sql);
    if (entry) {
      // Most recently used last: the Map's order is the eviction order.
      this.entries.delete(sql);
      this.entries.set(sql, entry);
    } else {
      const statement = new Promise<sqlite3.Statement>((resolve, reject) => {
        // With a callback, a failed prepare rejects here and never emits an 'error' event.
        const s = this.db.prepare(sql, (e: Error | null) => (e ? reject(e) : resolve(s)));
      });
      entry = { statement, users: 0, evicted: false };
      const made = entry;
      this.live.add(statement);
      statement.catch(() => {
        this.live.delete(statement);
        if (this.entries.get(sql) === made) this.entries.delete(sql);
      });
      this.entries.set(sql, entry);
      if (this.entries.size > this.capacity) this.evict();
    }
    entry.users++;
    return entry;
  }

  private release(entry: Entry): void {
    entry.users--;
    if (entry.evicted && entry.users === 0) this.finalize(entry);
  }

  private evict(): void {
    const [sql, oldest] = this.entries.entries().next().value as [string, Entry];
    this.entries.delete(sql);
    oldest.evicted = true;
    if (oldest.users === 0) this.finalize(oldest);
  }

  private finalize(entry: Entry): void {
    if (!this.live.delete(entry.statement)) return;
    void entry.statement.then(finalize, () => undefined);
  }
}

const finalize = (s: sqlite3.Statement): Promise<void> => new Promise<void>((resolve) => s.finalize(() => resolve()));
