import * as os from 'node:os';
import { MIGRATION_RUNNER } from '../application/maintenance/maintenance.ports';
import {
  BACKUP_MAKER,
  DATABASE_FILE_INSPECTOR,
  LIVE_DATABASE,
  MAINTENANCE_LOCK,
  SCHEDULER_LEADERSHIP,
  SCRATCH_DATABASES,
} from '../application/backups/backups.ports';
import { DATABASE_PROBE } from '../application/health/health.ports';
import { ADMIN_QUERIES } from '../application/admin/admin.ports';
import { CLOCK } from '../application/shared/shared.ports';
import { token } from '../application/shared/token';
import { PostgresMigrationRunner } from '../infrastructure/persistence/migrations/postgres-migration-runner';
import { PostgresDatabaseProbe } from '../infrastructure/persistence/postgres/postgres-database-probe';
import { PgMaintenanceLock, PgSchedulerLeadership } from '../infrastructure/persistence/postgres/advisory-locks';
import { SqlAdminQueries } from '../infrastructure/persistence/admin/sql-admin.queries';
import { FsBackupStore } from '../infrastructure/backups/fs-backup-store';
import {
  PgDumpBackupMaker,
  PgDumpInspector,
  PgLiveDatabase,
  PgScratchDatabases,
  ScratchCluster,
  pgDumpFormat,
} from '../infrastructure/backups/postgres-backups';
import { appVersion } from '../infrastructure/config/app-info';
import { MIGRATIONS } from '../../migrations';
import { feature } from './binder';
import { CONFIG, PG_STORE, SQL_STORE } from './core.module';
import { FS_BACKUP_STORE, bindMaintenanceUseCases } from './maintenance.module';

const SCRATCH_CLUSTER = token<ScratchCluster>('ScratchCluster', []);
const PG_BACKUP_MAKER = token<PgDumpBackupMaker>('PgDumpBackupMaker', []);

/**
 * Backups, restores, migrations and health on PostgreSQL: the same use cases as on SQLite, over
 * pg_dump archives verified in scratch databases, advisory locks shared by every instance (one
 * maintenance task at a time, one scheduler leader, the write pause of a restore).
 */
export const postgresMaintenanceModule = feature('maintenance', (b) => {
  b.provide(MIGRATION_RUNNER, [PG_STORE], (s) => new PostgresMigrationRunner(s, MIGRATIONS, appVersion()));
  b.provide(SCRATCH_CLUSTER, [PG_STORE], (s) => new ScratchCluster(s.url));
  b.provide(
    PG_BACKUP_MAKER,
    [PG_STORE, CONFIG, CLOCK, SCRATCH_CLUSTER],
    (s, c, clock, scratch) => new PgDumpBackupMaker(s.url, c.backupDir, appVersion(), clock, scratch),
  );
  b.provide(BACKUP_MAKER, [PG_BACKUP_MAKER], (m) => m);
  b.provide(FS_BACKUP_STORE, [PG_STORE, CONFIG], (s, c) => new FsBackupStore(c.backupDir, pgDumpFormat(s.url)));
  b.provide(MAINTENANCE_LOCK, [PG_STORE], (s) => new PgMaintenanceLock(s));
  b.provide(SCHEDULER_LEADERSHIP, [PG_STORE], (s) => new PgSchedulerLeadership(s, `${os.hostname()}:${process.pid}`));
  b.provide(DATABASE_FILE_INSPECTOR, [SCRATCH_CLUSTER], (scratch) => new PgDumpInspector(scratch));
  b.provide(SCRATCH_DATABASES, [SCRATCH_CLUSTER], (scratch) => new PgScratchDatabases(scratch, MIGRATIONS, appVersion()));
  b.provide(LIVE_DATABASE, [PG_STORE, PG_BACKUP_MAKER], (s, maker) => new PgLiveDatabase(s, maker));
  b.provide(ADMIN_QUERIES, [SQL_STORE], (s) => new SqlAdminQueries(s));
  b.provide(DATABASE_PROBE, [SQL_STORE], (s) => new PostgresDatabaseProbe(s));
  bindMaintenanceUseCases(b, 'postgresql');
});

export { SCRATCH_CLUSTER };
