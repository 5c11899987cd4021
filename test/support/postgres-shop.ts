import { copyFixture, tempDir } from './temp';
import { createTestDatabase } from './postgres';
import { migrateFile } from './migrate';
import { PostgresStore } from '../../src/infrastructure/persistence/postgres/postgres-store';
import { PostgresMigrationRunner } from '../../src/infrastructure/persistence/migrations/postgres-migration-runner';
import { RunMigrations } from '../../src/application/maintenance/run-migrations.use-case';
import { copySqliteToPostgres } from '../../src/infrastructure/persistence/postgres/sqlite-to-postgres';
import { MIGRATIONS } from '../../migrations';

/** The production fixture, moved into a database of its own. */
export async function shopOnPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const db = await createTestDatabase();
  const file = copyFixture('original-current.db', tempDir('pg-inst-src'), 'ventas.db');
  await migrateFile(file);
  const store = await PostgresStore.open(db.url);
  try {
    const r = await new RunMigrations(new PostgresMigrationRunner(store, MIGRATIONS, 'test'), null).execute({
      trigger: 'test',
      requestedBy: 'test',
    });
    if (!r.ok) throw new Error(r.error.message);
    await copySqliteToPostgres(file, store);
  } finally {
    await store.close();
  }
  return db;
}
