import { AsyncLocalStorage } from 'node:async_hooks';
import * as fs from 'node:fs';
import * as path from 'node:path';
import sqlite3 from 'sqlite3';
import { DataSource, EntityManager, EntitySchema } from 'typeorm';
import { WriteQueue } from './write-queue';
import { UserSchema } from './users/user.schema';
import { RevokedTokenSchema } from './auth/revoked-token.schema';
import { AuditLogSchema } from './audit/audit-log.schema';

/** Every EntitySchema, listed explicitly (no globs). */
export const ENTITY_SCHEMAS: EntitySchema[] = [UserSchema, RevokedTokenSchema, AuditLogSchema];

/**
 * Connection settings, on every connection:
 * - journal_mode=WAL: readers never block the writer nor the writer readers; a backup can be
 *   taken while orders keep arriving.
 * - busy_timeout=30000: another process (the CLI, a migration) holding the lock is waited for.
 * - foreign_keys=ON: as the original backend; FK violations are refused, never stored.
 * - synchronous=FULL: in WAL mode NORMAL may lose the last commits on power loss; an order the
 *   counter was told is saved must survive that too, and an fsync per commit is cheap next to
 *   the request around it.
 */
/**
 * The sqlite3 module for TypeORM, minus `verbose()`: TypeORM switches it on, and it wraps every
 * statement call in a stack capture and a util.inspect of its arguments (the SQL and parameters),
 * ~15 % of the CPU of an order in a profile. Errors keep their message and code.
 */
const QUIET_SQLITE3 = Object.assign(Object.create(sqlite3) as typeof sqlite3, { verbose: () => sqlite3 });

const connectionPragmas = (busyTimeoutMs: number): string[] => [
  `PRAGMA busy_timeout = ${busyTimeoutMs}`,
  'PRAGMA foreign_keys = ON',
  'PRAGMA synchronous = FULL',
];
export const DEFAULT_BUSY_TIMEOUT_MS = 30_000;
/** The read connection's page cache, in KiB. */
const READER_CACHE_KIB = 65_536;

export class DatabaseBusyError extends Error {
  readonly code = 'DATABASE_BUSY';
}

/** A write that arrived while writes are paused (a restore) and did not get through in time. */
export class WritesPausedError extends Error {
  readonly code = 'WRITES_PAUSED';
  constructor(readonly reason: string, readonly retryAfterSeconds: number) {
    super(`Writes are paused for a moment (${reason}); nothing was saved. Try again in ${retryAfterSeconds} s`);
  }
}

/** How long a write waits for a pause (a restore) to end before it is answered busy. */
export const PAUSED_WRITE_WAIT_MS = 5_000;

/** Most writes committed together (group commit). */
const MAX_BATCH = 64;

/**
 * The SQLite database: one writer connection, behind a queue, for every write transaction, and a
 * separate read connection so that reads only ever see committed data (WAL snapshot isolation).
 * Inside a write transaction, reads go to the writer so a use case sees its own writes.
 */
export class SqliteStore {
  private readonly queue = new WriteQueue();
  private readonly current = new AsyncLocalStorage<EntityManager>();
  private closed = false;
  private paused: { reason: string; ended: Promise<void> } | null = null;
  private pending: { work: (m: EntityManager) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  private batchScheduled = false;
  /** Prepared statements of the hot reads on the read connection, by SQL text (constant strings only). */
  private readonly prepared = new Map<string, sqlite3.Statement>();
  /**
   * Reads in flight on the read connection, and the gate that holds new ones while both
   * connections are closed for a file swap (`withConnectionsClosed`).
   */
  private activeReads = 0;
  private readsDrained: (() => void) | null = null;
  private readGate: Promise<void> | null = null;
  /** Bumped whenever the connections are reopened: data_version is per connection, and restarts. */
  private epoch = 0;

  private constructor(
    readonly path: string,
    private writer: DataSource,
    private reader: DataSource,
    private readonly busyTimeoutMs: number,
    private readonly pausedWriteWaitMs: number,
  ) {}

  /** The options exist for tests; the server always uses the defaults (30 s, 5 s). */
  static async open(dbPath: string, options: { busyTimeoutMs?: number; pausedWriteWaitMs?: number } = {}): Promise<SqliteStore> {
    fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    const busyTimeout = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    const { writer, reader } = await SqliteStore.connect(dbPath, busyTimeout);
    return new SqliteStore(dbPath, writer, reader, busyTimeout, options.pausedWriteWaitMs ?? PAUSED_WRITE_WAIT_MS);
  }

  private static async connect(dbPath: string, busyTimeout: number): Promise<{ writer: DataSource; reader: DataSource }> {
    const pragmas = connectionPragmas(busyTimeout);
    const common = { type: 'sqlite' as const, driver: QUIET_SQLITE3, database: dbPath, entities: ENTITY_SCHEMAS, synchronize: false, logging: false, busyTimeout };
    const writer = new DataSource({ ...common, enableWAL: true });
    await writer.initialize();
    try {
      for (const pragma of pragmas) await writer.query(pragma);
      const [mode] = (await writer.query('PRAGMA journal_mode = WAL')) as { journal_mode: string }[];
      if (mode?.journal_mode !== 'wal') throw new Error(`SQLite refused WAL mode on ${dbPath} (journal_mode=${mode?.journal_mode})`);
      const reader = new DataSource({ ...common });
      await reader.initialize();
      for (const pragma of pragmas) await reader.query(pragma);
      // The read connection can never write, whatever a bug asks of it.
      await reader.query('PRAGMA query_only = ON');
      // Reports and lists scan the order lines; with SQLite's default 2 MB page cache every scan
      // re-reads pages from the OS. Up to 64 MB, allocated only as pages are used.
      await reader.query(`PRAGMA cache_size = -${READER_CACHE_KIB}`);
      return { writer, reader };
    } catch (e) {
      await writer.destroy();
      throw e;
    }
  }

  /**
   * Runs a read: inside `write()` on the transaction's manager (a use case sees its own writes),
   * otherwise on the read connection — waiting while a file swap has the connections closed.
   */
  async read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const joined = this.current.getStore();
    if (joined) return work(joined);
    while (this.readGate) await this.readGate;
    this.activeReads++;
    try {
      return await work(this.reader.manager);
    } finally {
      this.activeReads--;
      if (this.activeReads === 0) this.readsDrained?.();
    }
  }

  /** True inside `write()`. */
  get inTransaction(): boolean {
    return this.current.getStore() !== undefined;
  }

  /**
   * Runs `work` atomically: all of it commits or none (BEGIN IMMEDIATE … COMMIT, or a SAVEPOINT
   * inside a group commit), and resolves only once committed. Joins the current transaction when
   * called inside one. Use insert/update/delete and query
   * builders inside: `manager.save()` would try to open its own transaction.
   */
  async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const joined = this.current.getStore();
    if (joined) return work(joined);
    if (this.paused) await this.waitForPause();
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (v: unknown) => void, reject });
      this.scheduleBatch();
    });
  }

  private scheduleBatch(): void {
    if (this.batchScheduled || this.pending.length === 0) return;
    this.batchScheduled = true;
    void this.queue.enqueue(() => this.runBatch());
  }

  /**
   * Group commit: the writes waiting when the writer gets free run in one transaction, each inside
   * its own SAVEPOINT (a failing one is rolled back alone and rejects only its caller), and share
   * one COMMIT, so one fsync covers them all. No caller is answered before that COMMIT: an
   * acknowledged write is durable, and a crash before it acknowledges none of the batch.
   */
  private async runBatch(): Promise<void> {
    const batch = this.pending.splice(0, MAX_BATCH);
    this.batchScheduled = false;
    this.scheduleBatch(); // writes beyond MAX_BATCH, or arriving from now on, go in the next one
    if (this.closed) return batch.forEach((t) => t.reject(new Error('The database is closed')));
    const runner = this.writer.createQueryRunner();
    try {
      try {
        await runner.query('BEGIN IMMEDIATE');
      } catch (e) {
        const error = /SQLITE_BUSY|database is locked/i.test(String(e))
          ? new DatabaseBusyError(
              `The database ${this.path} is locked by another process (a migration, restore or CLI command?) and stayed locked for ${Math.round(this.busyTimeoutMs / 1000)} s; try again when it has finished`,
            )
          : e;
        return batch.forEach((t) => t.reject(error));
      }
      const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
      let broken: unknown = null;
      const savepoints = batch.length > 1;
      for (const task of batch) {
        if (broken) break;
        try {
          if (savepoints) await runner.query('SAVEPOINT w');
          const value = await this.current.run(runner.manager, () => task.work(runner.manager));
          if (savepoints) await runner.query('RELEASE w');
          outcomes.push({ ok: true, value });
        } catch (error) {
          outcomes.push({ ok: false, error });
          try {
            if (!savepoints) throw error;
            await runner.query('ROLLBACK TO w');
            await runner.query('RELEASE w');
          } catch {
            // A lone write failed, or SQLite rolled the whole transaction back (disk full, I/O).
            broken = error;
          }
        }
      }
      if (broken) {
        await runner.query('ROLLBACK').catch(() => undefined);
        // Nothing of this batch was committed: no write of it is acknowledged.
        batch.forEach((t, i) => t.reject(outcomes[i] && !outcomes[i]!.ok ? (outcomes[i] as { error: unknown }).error : broken));
        return;
      }
      try {
        await runner.query('COMMIT');
      } catch (error) {
        await runner.query('ROLLBACK').catch(() => undefined);
        return batch.forEach((t) => t.reject(error));
      }
      batch.forEach((t, i) => {
        const o = outcomes[i]!;
        if (o.ok) t.resolve(o.value);
        else t.reject(o.error);
      });
    } finally {
      await runner.release();
    }
  }

  /** Waits (briefly) for a pause to end; a write never runs against content a restore is replacing. */
  private async waitForPause(): Promise<void> {
    const pause = this.paused;
    if (!pause) return;
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([pause.ended.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), this.pausedWriteWaitMs)))]);
    clearTimeout(timer);
    if (!ended) throw new WritesPausedError(pause.reason, 5);
  }

  /**
   * Runs `work` with writes paused: writes already queued finish first, writes that arrive meanwhile
   * wait up to PAUSED_WRITE_WAIT_MS and are then refused (WritesPausedError), never run against
   * content that is being replaced. Reads go on, on the read connection.
   */
  async withWritesPaused<T>(reason: string, work: () => Promise<T>): Promise<T> {
    if (this.paused) throw new Error(`Writes are already paused (${this.paused.reason})`);
    let end!: () => void;
    this.paused = { reason, ended: new Promise<void>((r) => (end = r)) };
    try {
      return await this.queue.enqueue(async () => {
        if (this.closed) throw new Error('The database is closed');
        return work();
      });
    } finally {
      this.paused = null;
      end();
    }
  }

  get writesPaused(): string | null {
    return this.paused?.reason ?? null;
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
    if (!this.paused) throw new Error('withConnectionsClosed needs writes paused');
    let open!: () => void;
    this.readGate = new Promise<void>((r) => (open = r));
    try {
      if (this.activeReads > 0) await new Promise<void>((r) => (this.readsDrained = r));
      this.readsDrained = null;
      await this.writer.query('PRAGMA wal_checkpoint(TRUNCATE)');
      await this.closeConnections();
      try {
        return await work();
      } finally {
        const reopened = await SqliteStore.connect(this.path, this.busyTimeoutMs);
        this.writer = reopened.writer;
        this.reader = reopened.reader;
        this.epoch++;
      }
    } finally {
      this.readGate = null;
      open();
    }
  }

  private async closeConnections(): Promise<void> {
    await Promise.all([...this.prepared.values()].map((st) => new Promise<void>((resolve) => st.finalize(() => resolve()))));
    this.prepared.clear();
    await this.reader.destroy();
    await this.writer.destroy();
  }

  /** Moves the WAL's content into the database file and truncates the WAL (after a restore). */
  async checkpoint(): Promise<void> {
    await this.queue.enqueue(() => this.writer.query('PRAGMA wal_checkpoint(TRUNCATE)'));
  }

  /** The effective value of a PRAGMA on the write and on the read connection. */
  async pragma(name: string): Promise<{ writer: unknown; reader: unknown }> {
    const read = async (ds: DataSource) => Object.values(((await ds.query(`PRAGMA ${name}`)) as Record<string, unknown>[])[0] ?? {})[0];
    return { writer: await read(this.writer), reader: await read(this.reader) };
  }

  /**
   * SQLite's data_version, read on the read connection: it changes whenever another connection
   * (this store's writer, a CLI, a restore) commits. A cache keyed on it is never stale.
   */
  async dataVersion(): Promise<number> {
    const [row] = await this.queryPrepared<{ data_version: number }>('PRAGMA data_version');
    return this.epoch * 2 ** 32 + Number(row?.data_version ?? 0);
  }

  /** Runs a raw read query on the read connection (or in the current transaction). */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.read(async (m) => (await m.query(sql, params)) as T[]);
  }

  /**
   * `query` for the reads every request makes (authentication, cache versions): the statement is
   * prepared once on the read connection and kept, one trip to the driver's thread instead of
   * TypeORM's query runner plus prepare, run and finalize. `sql` must be a constant string (it
   * is the cache key); inside `write()` it reads through the transaction like `query`.
   */
  async queryPrepared<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (this.current.getStore()) return this.query<T>(sql, params);
    return this.read(() => {
      let statement = this.prepared.get(sql);
      if (!statement) {
        const raw = (this.reader.driver as unknown as { databaseConnection: sqlite3.Database }).databaseConnection;
        statement = raw.prepare(sql);
        this.prepared.set(sql, statement);
      }
      const stmt = statement;
      return new Promise<T[]>((resolve, reject) => stmt.all(params, (e: Error | null, rows: T[]) => (e ? reject(e) : resolve(rows))));
    });
  }

  /** Writes waiting for the writer (queued batches and maintenance tasks, and unbatched writes). */
  get writeQueueDepth(): number {
    return this.queue.depth + this.pending.length;
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
