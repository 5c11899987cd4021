import * as path from 'node:path';
import type { SqlStore } from '../../src/infrastructure/persistence/sql-store';
import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { migrateFile } from './migrate';
import { describePostgres, migratedPostgres } from './postgres';
import { tempDir } from './temp';

/** A migrated, empty database on one engine, and how to dispose of it. */
export type OpenEngine = () => Promise<{ store: SqlStore; close(): Promise<void> }>;

const openSqlite: OpenEngine = async () => {
  const file = path.join(tempDir(), 'contract.db');
  await migrateFile(file);
  const store = await SqliteStore.open(file);
  return { store, close: () => store.close() };
};

const openPostgres: OpenEngine = async () => {
  const pg = await migratedPostgres();
  return { store: pg.store, close: pg.close };
};

/**
 * Registers a suite once per engine: on a real SQLite file, and on a database of its own on the
 * PostgreSQL server (skipped, saying so, when none answers; a failure under PG_REQUIRED=1). The same
 * assertions run on both.
 */
export function forEachEngine(register: (engine: string, open: OpenEngine) => void): void {
  register('a real SQLite file', openSqlite);
  describePostgres('the same suite', () => register('PostgreSQL', openPostgres));
}
