import type { AppConfig } from '../infrastructure/config/env-config';
import { appVersion } from '../infrastructure/config/app-info';
import { SqliteMigrationRunner } from '../infrastructure/persistence/migrations/sqlite-migration-runner';
import { SqliteBackupMaker } from '../infrastructure/backups/sqlite-backup-maker';
import { FsBackupStore, sqliteBackupFormat } from '../infrastructure/backups/fs-backup-store';
import * as os from 'node:os';
import { redactedUrl } from '../infrastructure/config/database-url';
import { InProcessMaintenanceLock, InMemoryBackupRunLog, SoloLeadership } from '../infrastructure/backups/in-process-maintenance';
import { SqliteFileInspector, SqliteScratchDatabases, SqliteLiveDatabase } from '../infrastructure/backups/sqlite-restore';
import { SqlAdminQueries } from '../infrastructure/persistence/admin/sql-admin.queries';
import { AUDIT_LOG, CLOCK, LOGGER } from '../application/shared/shared.ports';
import { token } from '../application/shared/token';
import { MIGRATION_RUNNER, PRE_MIGRATION_BACKUP } from '../application/maintenance/maintenance.ports';
import { RunMigrations } from '../application/maintenance/run-migrations.use-case';
import { GetMigrationStatus } from '../application/maintenance/get-migration-status.use-case';
import { MarkMigrationApplied } from '../application/maintenance/mark-migration-applied.use-case';
import {
  BACKUP_FOLDER_RECOVERY,
  BACKUP_MAKER,
  BACKUP_RUN_LOG,
  BACKUP_STORE,
  DATABASE_FILE_INSPECTOR,
  LIVE_DATABASE,
  MAINTENANCE_LOCK,
  SCRATCH_DATABASES,
  SCHEDULER_LEADERSHIP,
} from '../application/backups/backups.ports';
import {
  type BackupDeps,
  type BackupSettings,
  CreateBackup,
  ListBackups,
  DownloadBackup,
  DeleteBackup,
  GetBackupStatus,
  SnapshotBeforeMigration,
  VerifyStoredBackups,
} from '../application/backups/backups.use-cases';
import {
  RestoreBackup,
  PreviewRestore,
  UploadBackup,
  DryRunMigrations,
  KeepInterruptedRestores,
  type RestoreDeps,
} from '../application/backups/restore.use-cases';
import { CheckHealth } from '../application/health/check-health.use-case';
import { DATABASE_PROBE } from '../application/health/health.ports';
import { SqliteDatabaseProbe } from '../infrastructure/persistence/sqlite-database-probe';
import { NEWEST_BACKUP } from './operations.module';
import { ADMIN_QUERIES } from '../application/admin/admin.ports';
import { ListAuditLog } from '../application/admin/list-audit-log.use-case';
import { registerAdminRoutes } from '../interfaces/http/admin/admin.routes';
import { registerHealthRoutes } from '../interfaces/http/health.routes';
import { MIGRATIONS } from '../../migrations';
import { CONFIG, STORE } from './core.module';
import { PROMETHEUS } from './operations.module';
import { MeteredBackupRunLog } from '../infrastructure/metrics/prometheus-metrics';
import { type Binder, feature } from './binder';

const BACKUP_SETTINGS = token<BackupSettings>('BackupSettings', []);

/** The backup use cases' settings, from the configuration (also what the admin screens show). */
export const backupSettingsOf = (c: AppConfig): BackupSettings => ({
  enabled: c.backup.enabled,
  intervalHours: c.backup.intervalHours,
  retainCount: c.backup.retainCount,
  dailyHour: c.backup.timeHour,
  timezone: c.backup.timezone,
  backupDir: c.backupDir,
});
export const FS_BACKUP_STORE = token<FsBackupStore>('FsBackupStore', []);

/** Backups, restores, migrations and health: keeping the data safe, and saying how it is. */
export const maintenanceModule = feature('maintenance', (b) => {
  b.provide(MIGRATION_RUNNER, [STORE], (s) => new SqliteMigrationRunner(s, MIGRATIONS, appVersion()));
  b.provide(BACKUP_MAKER, [CONFIG, CLOCK], (c, clock) => new SqliteBackupMaker(c.dbPath, c.backupDir, appVersion(), clock));
  // One folder, one adapter: the store lists and verifies the backups, and recovers the folder at start-up.
  b.provide(FS_BACKUP_STORE, [CONFIG], (c) => new FsBackupStore(c.backupDir, sqliteBackupFormat(c.dbPath)));
  b.provide(MAINTENANCE_LOCK, [], () => new InProcessMaintenanceLock());
  b.provide(SCHEDULER_LEADERSHIP, [CLOCK], (clock) => new SoloLeadership(`${os.hostname()}:${process.pid}`, clock.now().toUTC().toISO()!));
  b.provide(DATABASE_FILE_INSPECTOR, [], () => new SqliteFileInspector());
  b.provide(SCRATCH_DATABASES, [CONFIG], (c) => new SqliteScratchDatabases(c.dbPath, MIGRATIONS, appVersion()));
  b.provide(LIVE_DATABASE, [STORE, CLOCK], (s, clock) => new SqliteLiveDatabase(s, clock));
  b.provide(ADMIN_QUERIES, [STORE], (s) => new SqlAdminQueries(s));
  b.provide(DATABASE_PROBE, [STORE], (s) => new SqliteDatabaseProbe(s));
  bindMaintenanceUseCases(b, 'sqlite');
});

/**
 * The backup, restore, migration and health use cases and routes, over whichever engine's
 * adapters the module bound (MIGRATION_RUNNER, BACKUP_MAKER, FS_BACKUP_STORE, MAINTENANCE_LOCK,
 * SCHEDULER_LEADERSHIP, DATABASE_FILE_INSPECTOR, SCRATCH_DATABASES, LIVE_DATABASE, DATABASE_PROBE).
 */
export function bindMaintenanceUseCases(b: Binder, databaseType: 'sqlite' | 'postgresql'): void {
  b.provide(BACKUP_SETTINGS, [CONFIG], backupSettingsOf);
  b.provide(BACKUP_STORE, [FS_BACKUP_STORE], (s) => s);
  b.provide(BACKUP_FOLDER_RECOVERY, [FS_BACKUP_STORE], (s) => s);
  b.provide(
    BACKUP_RUN_LOG,
    [CLOCK, LOGGER, PROMETHEUS],
    (clock, logger, metrics) => new MeteredBackupRunLog(new InMemoryBackupRunLog(clock.now().toUTC().toISO()!, logger), metrics),
  );
  b.provide(NEWEST_BACKUP, [BACKUP_STORE], (s) => async () => (await s.list())[0]?.createdAt ?? null);

  const backups = b.bag<BackupDeps>('backups', {
    maker: BACKUP_MAKER,
    store: BACKUP_STORE,
    lock: MAINTENANCE_LOCK,
    runs: BACKUP_RUN_LOG,
    clock: CLOCK,
    settings: BACKUP_SETTINGS,
    leadership: SCHEDULER_LEADERSHIP,
  });
  b.useCases(backups, [CreateBackup, ListBackups, DownloadBackup, DeleteBackup, GetBackupStatus, VerifyStoredBackups]);
  const restores = b.bag<RestoreDeps>('restores', {
    maker: BACKUP_MAKER,
    store: BACKUP_STORE,
    lock: MAINTENANCE_LOCK,
    runs: BACKUP_RUN_LOG,
    clock: CLOCK,
    settings: BACKUP_SETTINGS,
    leadership: SCHEDULER_LEADERSHIP,
    inspector: DATABASE_FILE_INSPECTOR,
    scratches: SCRATCH_DATABASES,
    live: LIVE_DATABASE,
    audit: AUDIT_LOG,
    migrations: MIGRATION_RUNNER,
  });
  b.useCases(restores, [RestoreBackup, PreviewRestore, UploadBackup, DryRunMigrations, KeepInterruptedRestores]);

  // Migrations take a verified backup first, one maintenance task at a time. On PostgreSQL with
  // BACKUP_ENABLED=false the provider's point-in-time recovery is the backup (and pg_dump may not
  // be installed): migrations then take none.
  b.provide(PRE_MIGRATION_BACKUP, [backups], (d) => new SnapshotBeforeMigration(d));
  b.provide(
    RunMigrations,
    [MIGRATION_RUNNER, PRE_MIGRATION_BACKUP, MAINTENANCE_LOCK, BACKUP_SETTINGS],
    (runner, snapshot, lock, settings) =>
      new RunMigrations(runner, databaseType === 'postgresql' && !settings.enabled ? null : snapshot, lock),
  );
  b.useCase(GetMigrationStatus, [MIGRATION_RUNNER]);
  b.useCase(MarkMigrationApplied, [MIGRATION_RUNNER]);
  b.useCase(CheckHealth, [DATABASE_PROBE, backups]);
  b.useCase(ListAuditLog, [AUDIT_LOG]);

  b.routes({ checkHealth: CheckHealth, config: CONFIG }, (router, d) =>
    registerHealthRoutes(router, { checkHealth: d.checkHealth, environment: d.config.environment, version: appVersion(), databaseType }),
  );
}

/** The admin screens for backups, restores and migrations (registered after the order routes). */
export const adminRoutesModule = feature('admin', (b) => {
  b.routes(
    {
      createBackup: CreateBackup,
      listBackups: ListBackups,
      downloadBackup: DownloadBackup,
      deleteBackup: DeleteBackup,
      backupStatus: GetBackupStatus,
      verifyBackups: VerifyStoredBackups,
      restoreBackup: RestoreBackup,
      previewRestore: PreviewRestore,
      uploadBackup: UploadBackup,
      dryRunMigrations: DryRunMigrations,
      migrationStatus: GetMigrationStatus,
      runMigrations: RunMigrations,
      adminQueries: ADMIN_QUERIES,
      listAuditLog: ListAuditLog,
      config: CONFIG,
    },
    (router, { config, ...d }, shared) =>
      registerAdminRoutes(router, {
        ...d,
        ...shared,
        settings: {
          ...backupSettingsOf(config),
          dbPath: config.databaseUrl ? redactedUrl(config.databaseUrl) : config.dbPath,
          databaseType: config.databaseUrl ? 'postgresql' : 'sqlite',
          environment: config.environment,
          uploadMaxBytes: config.backupUploadMaxBytes,
        },
      }),
  );
});
