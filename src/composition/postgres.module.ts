import { MIGRATION_RUNNER } from '../application/maintenance/maintenance.ports';
import { MAINTENANCE_LOCK } from '../application/backups/backups.ports';
import { RunMigrations } from '../application/maintenance/run-migrations.use-case';
import { GetMigrationStatus } from '../application/maintenance/get-migration-status.use-case';
import { MarkMigrationApplied } from '../application/maintenance/mark-migration-applied.use-case';
import { CheckHealth } from '../application/health/check-health.use-case';
import { DATABASE_PROBE } from '../application/health/health.ports';
import { PostgresMigrationRunner } from '../infrastructure/persistence/migrations/postgres-migration-runner';
import { PostgresDatabaseProbe } from '../infrastructure/persistence/postgres/postgres-database-probe';
import { InProcessMaintenanceLock } from '../infrastructure/backups/in-process-maintenance';
import { appVersion } from '../infrastructure/config/app-info';
import { registerHealthRoutes } from '../interfaces/http/health.routes';
import { MIGRATIONS } from '../../migrations';
import { feature } from './binder';
import { CONFIG, PG_STORE, SQL_STORE } from './core.module';
import { NEWEST_BACKUP } from './operations.module';

/**
 * Migrations and health on PostgreSQL. The file backups and restores of the SQLite module have no
 * PostgreSQL counterpart yet (pg_dump, issue #17): this module binds none, so their routes are not
 * registered on PostgreSQL and migrations take no backup first (the provider's point-in-time
 * recovery is the safety net there).
 */
export const postgresMaintenanceModule = feature('maintenance', (b) => {
  b.provide(MIGRATION_RUNNER, [PG_STORE], (s) => new PostgresMigrationRunner(s, MIGRATIONS, appVersion()));
  b.provide(MAINTENANCE_LOCK, [], () => new InProcessMaintenanceLock());
  b.provide(RunMigrations, [MIGRATION_RUNNER, MAINTENANCE_LOCK], (runner, lock) => new RunMigrations(runner, null, lock));
  b.useCase(GetMigrationStatus, [MIGRATION_RUNNER]);
  b.useCase(MarkMigrationApplied, [MIGRATION_RUNNER]);
  b.provide(DATABASE_PROBE, [SQL_STORE], (s) => new PostgresDatabaseProbe(s));
  b.provide(CheckHealth, [DATABASE_PROBE], (probe) => new CheckHealth(probe, null));
  b.provide(NEWEST_BACKUP, [], () => async () => null);
  b.routes({ checkHealth: CheckHealth, config: CONFIG }, (router, d) =>
    registerHealthRoutes(router, {
      checkHealth: d.checkHealth,
      environment: d.config.environment,
      version: appVersion(),
      databaseType: 'postgresql',
    }),
  );
});
