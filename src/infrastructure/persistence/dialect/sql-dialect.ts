import type { SqlRunner } from '../sql-runner';

/**
 * What differs between the SQL dialects the repositories speak. Everything else they write is
 * portable SQL (standard joins, COALESCE, CASE, substr, replace, ||, window-free aggregates), so a
 * second dialect is a second implementation of this interface, chosen by the store — never a
 * change to a use case or a port.
 */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** An INSERT that skips a row breaking a unique constraint: `head` is `INSERT INTO t (cols)`, `values` its VALUES clause. */
  insertIgnoringDuplicates(head: string, values: string): string;
  /** Runs an INSERT and returns the id of the row it wrote. */
  insertReturningId(m: SqlRunner, sql: string, params: unknown[]): Promise<number>;
  /** Runs an UPDATE or DELETE and returns how many rows it changed. */
  changedRows(m: SqlRunner, sql: string, params: unknown[]): Promise<number>;
  /** A text timestamp `YYYY-MM-DD HH:MM:SS[.fff]` (UTC) as fractional days, for differences. */
  days(timestamp: string): string;
  /** Whether a numeric column's value is stored as a floating-point number (10.0 rather than 10). */
  storedAsReal(column: string): string;
  /**
   * An inner join the planner must start from `left` (SQLite reads CROSS JOIN … ON as that order;
   * PostgreSQL plans joins itself and has no such form).
   */
  joinInThisOrder(left: string, right: string, on: string): string;
  /** Whether a text column holds a `DD/MM/YYYY HH:MM:SS` timestamp (the screens' shop-time format). */
  isShopDisplayTimestamp(column: string): string;
}
