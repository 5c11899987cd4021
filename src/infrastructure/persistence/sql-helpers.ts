import type { SqlStore } from './sql-store';

/** `?, ?, ?` for an IN list. */
export const placeholders = (n: number): string => new Array(n).fill('?').join(', ');

/** Which of these ids have a row in `table` (a table name from code, never from input). */
export async function existingIds(store: SqlStore, table: 'productos' | 'clientes', ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  return (await store.query<{ id: number }>(`SELECT id FROM ${table} WHERE id IN (${placeholders(ids.length)})`, [...ids])).map(
    (r) => r.id,
  );
}

/** Whether `table` has a row with this id. */
export const rowExists = async (store: SqlStore, table: 'productos' | 'clientes', id: number): Promise<boolean> =>
  (await existingIds(store, table, [id])).length > 0;

/** Runs one statement inside a write transaction (joining the current one); resolves its result. */
export const exec = (store: SqlStore, sql: string, params: unknown[] = []): Promise<unknown> => store.write((m) => m.query(sql, params));

/** The id of the row an INSERT just wrote, on the writer connection. */
export const insertReturningId = (store: SqlStore, sql: string, params: unknown[]): Promise<number> =>
  store.write((m) => store.dialect.insertReturningId(m, sql, params));

/** Runs an UPDATE or DELETE inside a write transaction; resolves how many rows it changed. */
export const changedRows = (store: SqlStore, sql: string, params: unknown[] = []): Promise<number> =>
  store.write((m) => store.dialect.changedRows(m, sql, params));

/**
 * Reads a large result in keyset pages (ordered by `sortColumn`, then id) so an export never holds
 * every row in memory. `sql` is a SELECT with a `{{after}}` placeholder where the page condition
 * goes (as `AND …`), and must select `sort_key` and `id`.
 */
export async function* keysetPages<T extends { id: number; sort_key: unknown }>(
  store: SqlStore,
  sql: string,
  params: unknown[],
  order: { column: string; direction: 'ASC' | 'DESC' },
  pageSize = 500,
): AsyncIterable<T> {
  const asc = order.direction === 'ASC';
  const cmp = asc ? '>' : '<';
  const col = order.column;
  let last: T | null = null;
  for (;;) {
    // NULLs sort first ascending and last descending (SQLite's default, spelled out for PostgreSQL);
    // the page condition follows suit.
    let cond = '';
    let extra: unknown[] = [];
    if (last && last.sort_key === null) {
      cond = asc ? ` AND ((${col} IS NULL AND id > ?) OR ${col} IS NOT NULL)` : ` AND ${col} IS NULL AND id < ?`;
      extra = [last.id];
    } else if (last) {
      cond = ` AND (${col} ${cmp} ? OR (${col} = ? AND id ${cmp} ?)${asc ? '' : ` OR ${col} IS NULL`})`;
      extra = [last.sort_key, last.sort_key, last.id];
    }
    const text = `${sql.replace('{{after}}', cond)} ORDER BY ${col} ${order.direction} NULLS ${asc ? 'FIRST' : 'LAST'}, id ${order.direction} LIMIT ${pageSize}`;
    const rows: T[] = await store.query<T>(text, [...params, ...extra]);
    for (const row of rows) yield row;
    if (rows.length < pageSize) return;
    last = rows[rows.length - 1]!;
  }
}
