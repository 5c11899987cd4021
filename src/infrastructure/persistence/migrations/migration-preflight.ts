import * as fs from 'node:fs';
import { planMigrations } from '../../../domain/maintenance/migration-plan';
import type { Migration } from '../../../../migrations';
import { RawSqlite } from '../../sqlite/sqlite-file';
import { migrationChecksum } from './sqlite-migration-runner';
import { readLog } from '../../sqlite/migration-log';

/**
 * Checks, through a read-only connection, that this code may migrate the file — before anything
 * opens it for writing (even switching it to WAL mode writes its header). Resolves null when the
 * file may be opened, or the reason it must not.
 */
export async function preflightMigrations(
  dbPath: string,
  migrations: readonly Migration[],
): Promise<{ code: string; message: string } | null> {
  if (!fs.existsSync(dbPath) || fs.statSync(dbPath).size === 0) return null;
  const db = await RawSqlite.open(dbPath, 'readonly');
  try {
    const recorded = await readLog((sql, params) => db.all(sql, params));
    const known = migrations.map((m) => ({ id: m.id, checksum: migrationChecksum(m), description: m.description }));
    const plan = planMigrations(known, recorded);
    return plan.ok ? null : { code: plan.error.code, message: plan.error.message };
  } finally {
    await db.close();
  }
}
