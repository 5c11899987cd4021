import { AsyncLocalStorage } from 'node:async_hooks';
import * as fs from 'node:fs';
import * as path from 'node:path';
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
const connectionPragmas = (busyTimeoutMs: number): string[] => [
  `PRAGMA busy_timeout = ${busyTimeoutMs}`,
  'PRAGMA foreign_keys = ON',
  'PRAGMA synchronous = FULL',
];
export const DEFAULT_BUSY_TIMEOUT_MS = 30_000;

export class DatabaseBusyError extends Error {
  readonly code = 'DATABASE_BUSY';
}

/**
 * The SQLite database: one writer connection, behind a queue, for every write transaction, and a
 * separate read connection so that reads only ever see committed data (WAL snapshot isolation).
 * Inside a write transaction, reads go to the writer so a use case sees its own writes.
 */
export class SqliteStore {
  private readonly queue = new WriteQueue();
  private readonly current = new AsyncLocalStorage<EntityManager>();
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly writer: DataSource,
    private readonly reader: DataSource,
    private readonly busyTimeoutMs: number,
  ) {}

  /** `busyTimeoutMs` exists for tests; the server always uses the default (30 s). */
  static async open(dbPath: string, options: { busyTimeoutMs?: number } = {}): Promise<SqliteStore> {
    fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    const busyTimeout = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    const pragmas = connectionPragmas(busyTimeout);
    const common = { type: 'sqlite' as const, database: dbPath, entities: ENTITY_SCHEMAS, synchronize: false, logging: false, busyTimeout };
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
      return new SqliteStore(dbPath, writer, reader, busyTimeout);
    } catch (e) {
      await writer.destroy();
      throw e;
    }
  }

  /** For reads: the current transaction's manager, else the read connection. */
  readManager(): EntityManager {
    return this.current.getStore() ?? this.reader.manager;
  }

  /** True inside `write()`. */
  get inTransaction(): boolean {
    return this.current.getStore() !== undefined;
  }

  /**
   * Runs `work` in one write transaction (BEGIN IMMEDIATE … COMMIT, ROLLBACK on any error).
   * Joins the current transaction when called inside one. Use insert/update/delete and query
   * builders inside: `manager.save()` would try to open its own transaction.
   */
  async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const joined = this.current.getStore();
    if (joined) return work(joined);
    return this.queue.enqueue(async () => {
      if (this.closed) throw new Error('The database is closed');
      const runner = this.writer.createQueryRunner();
      try {
        await runner.query('BEGIN IMMEDIATE');
      } catch (e) {
        await runner.release();
        if (/SQLITE_BUSY|database is locked/i.test(String(e))) {
          throw new DatabaseBusyError(
            `The database ${this.path} is locked by another process (a migration, restore or CLI command?) and stayed locked for ${Math.round(this.busyTimeoutMs / 1000)} s; try again when it has finished`,
          );
        }
        throw e;
      }
      try {
        const result = await this.current.run(runner.manager, () => work(runner.manager));
        await runner.query('COMMIT');
        return result;
      } catch (e) {
        try {
          await runner.query('ROLLBACK');
        } catch {
          // SQLite already rolled back (e.g. disk full); nothing of the transaction remains.
        }
        throw e;
      } finally {
        await runner.release();
      }
    });
  }

  /** The effective value of a PRAGMA on the write and on the read connection. */
  async pragma(name: string): Promise<{ writer: unknown; reader: unknown }> {
    const read = async (ds: DataSource) => Object.values(((await ds.query(`PRAGMA ${name}`)) as Record<string, unknown>[])[0] ?? {})[0];
    return { writer: await read(this.writer), reader: await read(this.reader) };
  }

  /** Runs a raw read query on the read connection (or in the current transaction). */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.readManager().query(sql, params)) as T[];
  }

  get writeQueueDepth(): number {
    return this.queue.depth;
  }

  /** Waits for queued writes, then closes both connections (WAL is checkpointed by SQLite). */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue.enqueue(async () => {
      this.closed = true;
    });
    await this.reader.destroy();
    await this.writer.destroy();
  }
}
