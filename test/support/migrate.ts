import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { SqliteMigrationRunner } from '../../src/infrastructure/persistence/migrations/sqlite-migration-runner';
import { RunMigrations, type RunMigrationsOutput } from '../../src/application/maintenance/run-migrations.use-case';
import { GetMigrationStatus } from '../../src/application/maintenance/get-migration-status.use-case';
import { MIGRATIONS, type Migration } from '../../migrations';
import { migrationStatusView } from '../../src/interfaces/http/admin/admin.views';

/** Opens a file, runs the real migrations (or `registry`), closes it. */
export async function migrateFile(file: string, registry: readonly Migration[] = MIGRATIONS): Promise<RunMigrationsOutput> {
  const store = await SqliteStore.open(file);
  try {
    const result = await new RunMigrations(new SqliteMigrationRunner(store, registry, 'test'), null).execute({
      trigger: 'test',
      requestedBy: 'test',
    });
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value;
  } finally {
    await store.close();
  }
}

/** The migration status of a file, as the admin API and `migrate status --json` show it. */
export async function statusOf(file: string, registry: readonly Migration[] = MIGRATIONS) {
  const store = await SqliteStore.open(file);
  try {
    return migrationStatusView(await new GetMigrationStatus(new SqliteMigrationRunner(store, registry, 'test')).execute());
  } finally {
    await store.close();
  }
}
