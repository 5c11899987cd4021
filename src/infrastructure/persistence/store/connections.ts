import sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';

export const DEFAULT_BUSY_TIMEOUT_MS = 30_000;
/** The read connection's page cache, in KiB. */
const READER_CACHE_KIB = 65_536;

/**
 * The sqlite3 module for TypeORM, minus `verbose()`: TypeORM switches it on, and it wraps every
 * statement call in a stack capture and a util.inspect of its arguments (the SQL and parameters),
 * ~15 % of the CPU of an order in a profile. Errors keep their message and code.
 */
const QUIET_SQLITE3 = Object.assign(Object.create(sqlite3) as typeof sqlite3, { verbose: () => sqlite3 });

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

export interface Connections {
  readonly writer: DataSource;
  /** Query-only: it can never write, whatever a bug asks of it. */
  readonly reader: DataSource;
}

/** Opens the write and the read connection on `dbPath`, WAL mode checked. */
export async function openConnections(dbPath: string, busyTimeout: number): Promise<Connections> {
  const pragmas = connectionPragmas(busyTimeout);
  const common = {
    type: 'sqlite' as const,
    driver: QUIET_SQLITE3,
    database: dbPath,
    // No entities: TypeORM is the connection and transaction layer; repositories write reviewed SQL.
    entities: [],
    synchronize: false,
    logging: false,
    busyTimeout,
  };
  const writer = new DataSource({ ...common, enableWAL: true });
  await writer.initialize();
  try {
    for (const pragma of pragmas) await writer.query(pragma);
    const [mode] = (await writer.query('PRAGMA journal_mode = WAL')) as { journal_mode: string }[];
    if (mode?.journal_mode !== 'wal') throw new Error(`SQLite refused WAL mode on ${dbPath} (journal_mode=${mode?.journal_mode})`);
    const reader = new DataSource({ ...common });
    await reader.initialize();
    for (const pragma of pragmas) await reader.query(pragma);
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
 * The reads every request makes (authentication, cache versions), prepared once on the read
 * connection and kept: one trip to the driver's thread instead of TypeORM's query runner plus
 * prepare, run and finalize. The one place this system reaches under TypeORM, to the driver's
 * sqlite3 handle. `sql` must be a constant string (it is the cache key).
 */
export class PreparedReads {
  private readonly statements = new Map<string, sqlite3.Statement>();

  all<T>(reader: DataSource, sql: string, params: unknown[]): Promise<T[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (!reader.isInitialized) return Promise.reject(new Error('The database is closed'));
      const raw = (reader.driver as unknown as { databaseConnection: sqlite3.Database }).databaseConnection;
      // With a callback, a failed prepare (the handle closing under a late read at shutdown) reaches
      // the read that asked, never an unhandled 'error' event that would end the process.
      statement = raw.prepare(sql, (e: Error | null) => {
        if (e) this.statements.delete(sql);
      });
      this.statements.set(sql, statement);
    }
    const stmt = statement;
    return new Promise<T[]>((resolve, reject) => stmt.all(params, (e: Error | null, rows: T[]) => (e ? reject(e) : resolve(rows))));
  }

  /** Finalizes every statement (before the connection closes). */
  async clear(): Promise<void> {
    await Promise.all([...this.statements.values()].map((st) => new Promise<void>((resolve) => st.finalize(() => resolve()))));
    this.statements.clear();
  }
}
