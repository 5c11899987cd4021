import type { SqlDialect } from './dialect/sql-dialect';
import type { SqlRunner } from './sql-runner';

export type { SqlRunner } from './sql-runner';

/**
 * What every SQL repository needs from the database, whichever engine holds it: reads, atomic
 * writes that join an enclosing one, and the dialect for what differs. SQLite (the embedded
 * default, `SqliteStore`) and PostgreSQL (`PostgresStore`) implement it; a repository written
 * against it runs on both. Statements use `?` placeholders; a store translates them if its driver
 * needs another form.
 */
export interface SqlStore {
  readonly dialect: SqlDialect;
  /** A read (inside `write()`: on the transaction, so a use case sees its own writes). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** `query` for the reads every request makes (prepared where the engine allows). */
  queryPrepared<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  read<T>(work: (runner: SqlRunner) => Promise<T>): Promise<T>;
  /** Runs `work` atomically, resolving once committed; joins the current transaction when inside one. */
  write<T>(work: (runner: SqlRunner) => Promise<T>): Promise<T>;
  /** True inside `write()` (reads go through the transaction, and no cache may answer them). */
  readonly inTransaction: boolean;
  /** Writes waiting for the database (the operator's metrics). */
  readonly writeQueueDepth: number;
  /**
   * Changes whenever anything commits (any connection, any instance): keys the response and
   * authentication caches. Concurrent callers share one read (never one made before they asked).
   */
  dataVersion(): Promise<number>;
  close(): Promise<void>;
}
