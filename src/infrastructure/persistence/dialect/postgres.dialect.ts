import type { SqlDialect } from './sql-dialect';
import { FRACTIONAL_INTEGER_COLUMNS } from '../migrations/postgres-schema';

/** PostgreSQL's side of SqlDialect (the store has already turned `?` into `$n`). */
export const POSTGRES_DIALECT: SqlDialect = {
  name: 'postgres',
  insertIgnoringDuplicates: (head, values) => `${head} ${values} ON CONFLICT DO NOTHING`,
  insertReturningId: async (m, sql, params) => {
    const rows = (await m.query(`${sql} RETURNING id`, params)) as { id: number | string }[];
    return Number(rows[0]!.id);
  },
  // TypeORM's postgres driver answers an UPDATE or DELETE with [rows, rowCount].
  changedRows: async (m, sql, params) => {
    const result = (await m.query(sql, params)) as [unknown, number];
    return Number(result[1] ?? 0);
  },
  joinInThisOrder: (left, right, on) => `${left} JOIN ${right} ON ${on}`,
  // The stored text `YYYY-MM-DD HH:MM:SS[.fff]` (UTC) as fractional days since the epoch, like julianday differences.
  days: (timestamp) => `(EXTRACT(EPOCH FROM CAST(${timestamp} AS timestamp)) / 86400.0)`,
  // SQLite keeps every value of a REAL column as a real; a column it declares INTEGER (stock) holds a
  // real only when the value has a fraction. Both are DOUBLE PRECISION here, so say it per column.
  storedAsReal: (column) =>
    FRACTIONAL_INTEGER_COLUMNS.some((c) => column.replace(/^.*\./, '') === c.column)
      ? `(${column} IS NOT NULL AND ${column} <> trunc(${column}))`
      : `(${column} IS NOT NULL)`,
  isShopDisplayTimestamp: (column) => `${column} ~ '^[0-3][0-9]/[01][0-9]/[12][0-9]{3} [0-2][0-9]:[0-5][0-9]:[0-5][0-9]$'`,
};
