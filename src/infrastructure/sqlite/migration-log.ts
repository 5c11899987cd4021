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
  /** The column that names one row of migration_log (SQLite: rowid, as the runbook's shape may have no id). */
  readonly rowKey: string;
}
export const SQLITE_CATALOG: SchemaCatalog = { tableExists, tableColumns, rowOrder: 'rowid', rowKey: 'rowid' };

/** UTC ISO with +00:00, as the original writes executed_at. */
const utcIso = (): string => new Date().toISOString().replace('Z', '+00:00');

export interface LogRow {
  readonly success: boolean;
  readonly error: string | null;
  readonly checksum: string;
  readonly durationMs: number | null;
  readonly appVersion: string;
  /** Who applied it and why (the runners' MigrationProvenance). */
  readonly provenance: { readonly appliedBy: string; readonly reason: string | null };
}

/** Writes (or rewrites) migration `id`'s row of migration_log, on either engine. */
export async function writeLogRow(q: Query, catalog: SchemaCatalog, id: string, row: LogRow): Promise<void> {
  const now = utcIso();
  const values = [
    now,
    row.success ? 1 : 0,
    row.error,
    id,
    now,
    row.checksum,
    row.durationMs,
    row.appVersion,
    row.provenance.appliedBy,
    row.provenance.reason,
  ];
  const existing = await q(`SELECT ${catalog.rowKey} AS rid FROM migration_log WHERE name = ? OR migration_id = ? LIMIT 1`, [id, id]);
  if (existing.length > 0) {
    await q(
      'UPDATE migration_log SET executed_at = ?, success = ?, error_message = ?, migration_id = ?, applied_at = ?, checksum = ?, ' +
        `duration_ms = ?, app_version = ?, applied_by = ?, reason = ?, name = COALESCE(name, migration_id) WHERE ${catalog.rowKey} = ?`,
      [...values, existing[0]!.rid],
    );
  } else {
    await q(
      'INSERT INTO migration_log (name, executed_at, success, error_message, migration_id, applied_at, checksum, duration_ms, app_version, applied_by, reason) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [id, ...values],
    );
  }
}

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
