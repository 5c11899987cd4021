import type { RecordedMigration } from '../../domain/maintenance/migration-plan';

/** A query on any connection: TypeORM's manager, or a raw sqlite3 handle (a backup file, a scratch copy). */
export type Query = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export const quoteId = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export async function tableColumns(q: Query, table: string): Promise<Set<string>> {
  const rows = await q(`PRAGMA table_info(${quoteId(table)})`);
  return new Set(rows.map((r) => String(r.name)));
}

export async function tableExists(q: Query, table: string): Promise<boolean> {
  return (await q("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table])).length > 0;
}

/** How a database says which tables and columns it has (SQLite's catalog here; PostgreSQL's in its runner). */
export interface SchemaCatalog {
  tableExists(q: Query, table: string): Promise<boolean>;
  tableColumns(q: Query, table: string): Promise<Set<string>>;
  /** The implicit row order when the table has no id column. */
  readonly rowOrder: string;
}
export const SQLITE_CATALOG: SchemaCatalog = { tableExists, tableColumns, rowOrder: 'rowid' };

/**
 * Reads migration_log in any of its shapes — absent, the original's (name, executed_at, success,
 * error_message), the runbook's (migration_id, applied_at), or this code's (both) — writing nothing.
 */
export async function readLog(q: Query, catalog: SchemaCatalog = SQLITE_CATALOG): Promise<RecordedMigration[]> {
  if (!(await catalog.tableExists(q, 'migration_log'))) return [];
  const cols = await catalog.tableColumns(q, 'migration_log');
  const pick = (...names: string[]): string => {
    const present = names.filter((n) => cols.has(n));
    return present.length === 0 ? 'NULL' : present.length === 1 ? present[0]! : `COALESCE(${present.join(', ')})`;
  };
  const rows = await q(
    `SELECT ${pick('name', 'migration_id')} AS id, ${pick('executed_at', 'applied_at')} AS applied_at, ` +
      `${pick('checksum')} AS checksum, ${cols.has('success') ? 'COALESCE(success, 1)' : '1'} AS success, ` +
      `${pick('error_message')} AS error_message FROM migration_log ORDER BY ${cols.has('id') ? 'id' : catalog.rowOrder}`,
  );
  return rows
    .filter((r) => r.id !== null && r.id !== undefined)
    .map((r) => ({
      id: String(r.id),
      appliedAt: r.applied_at === null ? null : String(r.applied_at),
      checksum: r.checksum === null ? null : String(r.checksum),
      success: Number(r.success) === 1,
      errorMessage: r.error_message === null ? null : String(r.error_message),
    }));
}
