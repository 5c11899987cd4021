import sqlite3 from 'sqlite3';
import { DataSource } from 'typeorm';
import { StatementCache } from './statement-cache';

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

/** The sqlite3 handle under a TypeORM sqlite DataSource. */
const rawHandle = (source: DataSource): sqlite3.Database =>
  (source.driver as unknown as { databaseConnection: sqlite3.Database }).databaseConnection;

/**
 * One open connection: TypeORM's DataSource opened it (and sets its pragmas), statements run
 * through its kept prepared statements (`statements`, a StatementCache), and closing finalizes
 * them before the handle.
 */
export class SqliteConnection {
  readonly statements: StatementCache;

  constructor(readonly source: DataSource) {
    this.statements = new StatementCache(rawHandle(source));
  }

  async close(): Promise<void> {
    await this.statements.clear();
    await this.source.destroy();
  }
}

export interface Connections {
  readonly writer: SqliteConnection;
  /** Query-only: it can never write, whatever a bug asks of it. */
  readonly reader: SqliteConnection;
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
    return { writer: new SqliteConnection(writer), reader: new SqliteConnection(reader) };
  } catch (e) {
    await writer.destroy();
    throw e;
  }
}
