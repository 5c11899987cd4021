import { AsyncLocalStorage } from 'node:async_hooks';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WriteQueue } from './store/write-queue';
import { DEFAULT_BUSY_TIMEOUT_MS, type SqliteConnection, openConnections } from './store/connections';
import { GroupCommit } from './store/group-commit';
import { ReadGate } from './store/read-gate';
import { PAUSED_WRITE_WAIT_MS, WritePause } from './store/write-pause';
import type { SqlDialect } from './dialect/sql-dialect';
import type { SqlRunner, SqlStore } from './sql-store';
import { sharedFreshRead } from './versioned-cache';
import { SQLITE_DIALECT } from './dialect/sqlite.dialect';

export { DEFAULT_BUSY_TIMEOUT_MS } from './store/connections';
export { DatabaseBusyError } from './store/group-commit';
export { WritesPausedError, PAUSED_WRITE_WAIT_MS } from './store/write-pause';

/**
 * The SQLite database: one writer connection, behind a queue, for every write transaction, and a
 * separate read connection so that reads only ever see committed data (WAL snapshot isolation).
 * Inside a write transaction, reads go to the writer so a use case sees its own writes.
 *
 * Each job is its own part (store/): the connections and their settings, the group commit, the
 * write pause of a restore, the read gate of a file swap; this class puts them together.
 */
/** What the store reports as it works, for the operator's metrics. */
export interface StoreObserver {
  committed(batchSize: number): void;
  paused(reason: string, ms: number): void;
}

export class SqliteStore implements SqlStore {
  private readonly queue = new WriteQueue();
  private readonly current = new AsyncLocalStorage<SqlRunner>();
  private readonly commits: GroupCommit;
  private readonly pause: WritePause;
  private readonly reads = new ReadGate();
  private closed = false;
  /** The SQL that differs between dialects (dialect/); every repository asks the store for it. */
  readonly dialect: SqlDialect = SQLITE_DIALECT;
  /** Bumped whenever the connections are reopened: data_version is per connection, and restarts. */
  private epoch = 0;
  private observer: StoreObserver | null = null;

  private constructor(
    readonly path: string,
    private writer: SqliteConnection,
    private reader: SqliteConnection,
    private readonly busyTimeoutMs: number,
    pausedWriteWaitMs: number,
  ) {
    this.pause = new WritePause(pausedWriteWaitMs, (reason, ms) => this.observer?.paused(reason, ms));
    this.commits = new GroupCommit(
      this.queue,
      this.current,
      () => this.writer.statements,
      () => this.closed,
      () =>
        `The database ${this.path} is locked by another process (a migration, restore or CLI command?) and stayed locked for ${Math.round(this.busyTimeoutMs / 1000)} s; try again when it has finished`,
      (size) => this.observer?.committed(size),
    );
  }

  /** The options exist for tests; the server always uses the defaults (30 s, 5 s). */
  static async open(dbPath: string, options: { busyTimeoutMs?: number; pausedWriteWaitMs?: number } = {}): Promise<SqliteStore> {
    fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    const busyTimeout = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    const { writer, reader } = await openConnections(dbPath, busyTimeout);
    return new SqliteStore(dbPath, writer, reader, busyTimeout, options.pausedWriteWaitMs ?? PAUSED_WRITE_WAIT_MS);
  }

  /**
   * Runs a read: inside `write()` on the transaction's runner (a use case sees its own writes),
   * otherwise on the read connection — waiting while a file swap has the connections closed.
   * Statements run prepared and kept (StatementCache), on both connections.
   */
  async read<T>(work: (runner: SqlRunner) => Promise<T>): Promise<T> {
    const joined = this.current.getStore();
    if (joined) return work(joined);
    if (this.closed) throw new Error('The database is closed');
    return this.reads.run(() => work(this.reader.statements));
  }

  /** True inside `write()`. */
  get inTransaction(): boolean {
    return this.current.getStore() !== undefined;
  }

  /**
   * Runs `work` atomically: all of it commits or none (BEGIN IMMEDIATE … COMMIT, or a SAVEPOINT
   * inside a group commit), and resolves only once committed. Joins the current transaction when
   * called inside one.
   */
  async write<T>(work: (runner: SqlRunner) => Promise<T>): Promise<T> {
    const joined = this.current.getStore();
    if (joined) return work(joined);
    if (this.pause.reason !== null) await this.pause.waitForEnd();
    return this.commits.submit(work);
  }

  /**
   * Runs `work` with writes paused: writes already queued finish first, writes that arrive meanwhile
   * wait up to PAUSED_WRITE_WAIT_MS and are then refused (WritesPausedError), never run against
   * content that is being replaced. Reads go on, on the read connection.
   */
  withWritesPaused<T>(reason: string, work: () => Promise<T>): Promise<T> {
    return this.pause.during(reason, () =>
      this.queue.enqueue(async () => {
        if (this.closed) throw new Error('The database is closed');
        return work();
      }),
    );
  }

  get writesPaused(): string | null {
    return this.pause.reason;
  }

  /**
   * Runs `work` (file operations: a restore's swap) with both connections closed, then reopens
   * them on whatever file is at `path`. Only inside `withWritesPaused`, so no write is running; new
   * reads wait at a gate and reads in flight finish first. Before closing, the WAL is checkpointed
   * into the main file, so a cleanly closed database is one self-contained file (SQLite removes
   * its -wal and -shm when the last connection closes). The reopened connections are a new epoch
   * of `dataVersion`.
   */
  async withConnectionsClosed<T>(work: () => Promise<T>): Promise<T> {
    if (this.pause.reason === null) throw new Error('withConnectionsClosed needs writes paused');
    return this.reads.closedWhile(async () => {
      await this.writer.statements.query('PRAGMA wal_checkpoint(TRUNCATE)');
      await this.closeConnections();
      try {
        return await work();
      } finally {
        const reopened = await openConnections(this.path, this.busyTimeoutMs);
        this.writer = reopened.writer;
        this.reader = reopened.reader;
        this.epoch++;
      }
    });
  }

  private async closeConnections(): Promise<void> {
    await this.reader.close();
    await this.writer.close();
  }

  /** Moves the WAL's content into the database file and truncates the WAL (after a restore). */
  async checkpoint(): Promise<void> {
    await this.queue.enqueue(() => this.writer.statements.query('PRAGMA wal_checkpoint(TRUNCATE)'));
  }

  /** The effective value of a PRAGMA on the write and on the read connection. */
  async pragma(name: string): Promise<{ writer: unknown; reader: unknown }> {
    const read = async (c: SqliteConnection) =>
      Object.values(((await c.statements.query(`PRAGMA ${name}`)) as Record<string, unknown>[])[0] ?? {})[0];
    return { writer: await read(this.writer), reader: await read(this.reader) };
  }

  /**
   * SQLite's data_version, read on the read connection (always: on the writer it would not move
   * for the writer's own commits): it changes whenever another connection (this store's writer, a
   * CLI, a restore) commits. A cache keyed on it is never stale. Concurrent callers share one
   * read (sharedFreshRead): every authenticated request asks for it.
   */
  readonly dataVersion: () => Promise<number> = sharedFreshRead(async () => {
    if (this.closed) throw new Error('The database is closed');
    const [row] = (await this.reads.run(() => this.reader.statements.query('PRAGMA data_version'))) as { data_version: number }[];
    return this.epoch * 2 ** 32 + Number(row?.data_version ?? 0);
  });

  /** Runs a raw read query on the read connection (or in the current transaction). */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.read(async (m) => (await m.query(sql, params)) as T[]);
  }

  /** On SQLite the same as `query`: every statement is prepared and kept. */
  queryPrepared<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.query<T>(sql, params);
  }

  /** Reports each committed group-commit batch and each write pause (one observer: the metrics). */
  observe(observer: StoreObserver): void {
    this.observer = observer;
  }

  /** Writes waiting for the writer (queued batches and maintenance tasks, and unbatched writes). */
  get writeQueueDepth(): number {
    return this.queue.depth + this.commits.depth;
  }

  /** Waits for queued writes, then closes both connections (WAL is checkpointed by SQLite). */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue.enqueue(async () => {
      this.closed = true;
    });
    await this.closeConnections();
  }
}
