import { createHash } from 'node:crypto';
import { RawSqlite } from '../../src/infrastructure/sqlite/sqlite-file';

export interface TableDigest {
  readonly rows: number;
  readonly sha256: string;
  readonly columns: string[];
}

/**
 * Row count and a checksum of every row of every table, over the given columns (default: the
 * columns the table has now), ordered by rowid. Comparing a digest taken before migrating over
 * the old columns with one taken after proves no pre-existing value changed.
 */
export async function digestDatabase(file: string, columnsOf?: Record<string, string[]>): Promise<Record<string, TableDigest>> {
  const db = await RawSqlite.open(file, 'readonly');
  try {
    const tables = await db.all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    const out: Record<string, TableDigest> = {};
    for (const { name } of tables) {
      const info = await db.all<{ name: string }>(`PRAGMA table_info("${name}")`);
      const columns = columnsOf?.[name] ?? info.map((c) => c.name);
      const select = columns.map((c) => `"${c}"`).join(', ');
      const hasRowid = !(await db.all(`SELECT sql FROM sqlite_master WHERE name = ? AND sql LIKE '%WITHOUT ROWID%'`, [name])).length;
      const rows = await db.all(`SELECT ${select} FROM "${name}" ORDER BY ${hasRowid ? 'rowid' : select}`);
      const hash = createHash('sha256');
      for (const row of rows) hash.update(JSON.stringify(columns.map((c) => row[c])) + '\n');
      out[name] = { rows: rows.length, sha256: hash.digest('hex'), columns };
    }
    return out;
  } finally {
    await db.close();
  }
}

/** A digest without audit_log: a restore adds its own row there, every other table must match. */
export const withoutAudit = (d: Record<string, TableDigest>): Record<string, TableDigest> =>
  Object.fromEntries(Object.entries(d).filter(([t]) => t !== 'audit_log'));

export async function queryFile<T = Record<string, unknown>>(file: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const db = await RawSqlite.open(file, 'readonly');
  try {
    return await db.all<T>(sql, params);
  } finally {
    await db.close();
  }
}

export async function execFile(file: string, sql: string): Promise<void> {
  const db = await RawSqlite.open(file, 'readwrite');
  try {
    await db.exec(sql);
  } finally {
    await db.close();
  }
}
