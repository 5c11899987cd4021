import { Container } from 'inversify';
import type { AppConfig } from './infrastructure/config/env-config';
import { appVersion } from './infrastructure/config/app-info';
import type { SqliteStore } from './infrastructure/persistence/data-source';
import { TypeOrmTransactionRunner } from './infrastructure/persistence/typeorm-transaction-runner';
import { SqliteMigrationRunner } from './infrastructure/persistence/migrations/sqlite-migration-runner';
import { TypeOrmUserRepository } from './infrastructure/persistence/users/typeorm-user.repository';
import { SqliteDatabaseProbe } from './infrastructure/persistence/sqlite-database-probe';
import { BcryptPasswordHasher } from './infrastructure/security/bcrypt-password-hasher';
import { SystemClock } from './infrastructure/time/system-clock';
import type { Logger } from './application/shared/logger.port';
import { CLOCK } from './application/shared/clock.port';
import { TRANSACTION_RUNNER, TransactionRunner } from './application/shared/transaction.port';
import { MIGRATION_RUNNER, MigrationRunner } from './application/maintenance/migration-runner.port';
import { RunMigrations } from './application/maintenance/run-migrations.use-case';
import { GetMigrationStatus } from './application/maintenance/get-migration-status.use-case';
import { MarkMigrationApplied } from './application/maintenance/mark-migration-applied.use-case';
import { USER_REPOSITORY, UserRepository } from './application/users/user-repository.port';
import { PASSWORD_HASHER, PasswordHasher } from './application/users/password-hasher.port';
import { EnsureAdminUser } from './application/users/ensure-admin-user.use-case';
import { DATABASE_PROBE, DatabaseProbe } from './application/health/database-probe.port';
import { CheckHealth } from './application/health/check-health.use-case';
import { MIGRATIONS } from '../migrations';

export const CONFIG = Symbol('AppConfig');
export const STORE = Symbol('SqliteStore');
export const LOGGER = Symbol('Logger');

export interface ContainerDeps {
  readonly config: AppConfig;
  /** Opened before the container is built, so that `get` stays synchronous. */
  readonly store: SqliteStore;
  readonly logger: Logger;
}

/**
 * The composition root: binds every port to its adapter and every use case to its factory.
 * Tests build the same container and `rebind` a port to a fake.
 */
export function createContainer(deps: ContainerDeps): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.bind(CONFIG).toConstantValue(deps.config);
  c.bind(STORE).toConstantValue(deps.store);
  c.bind(LOGGER).toConstantValue(deps.logger);

  c.bind(CLOCK).toResolvedValue(() => new SystemClock());
  c.bind(TRANSACTION_RUNNER).toResolvedValue((s: SqliteStore) => new TypeOrmTransactionRunner(s), [STORE]);
  c.bind(MIGRATION_RUNNER).toResolvedValue((s: SqliteStore) => new SqliteMigrationRunner(s, MIGRATIONS, appVersion()), [STORE]);
  c.bind(USER_REPOSITORY).toResolvedValue((s: SqliteStore) => new TypeOrmUserRepository(s), [STORE]);
  c.bind(PASSWORD_HASHER).toResolvedValue(() => new BcryptPasswordHasher());
  c.bind(DATABASE_PROBE).toResolvedValue((s: SqliteStore) => new SqliteDatabaseProbe(s), [STORE]);

  // No pre-migration backup yet: the backup subsystem provides one (PreMigrationBackup port).
  c.bind(RunMigrations).toResolvedValue((r: MigrationRunner) => new RunMigrations(r, null), [MIGRATION_RUNNER]);
  c.bind(GetMigrationStatus).toResolvedValue((r: MigrationRunner) => new GetMigrationStatus(r), [MIGRATION_RUNNER]);
  c.bind(MarkMigrationApplied).toResolvedValue((r: MigrationRunner) => new MarkMigrationApplied(r), [MIGRATION_RUNNER]);
  c.bind(EnsureAdminUser).toResolvedValue(
    (u: UserRepository, h: PasswordHasher, t: TransactionRunner) => new EnsureAdminUser(u, h, t),
    [USER_REPOSITORY, PASSWORD_HASHER, TRANSACTION_RUNNER],
  );
  c.bind(CheckHealth).toResolvedValue((p: DatabaseProbe) => new CheckHealth(p), [DATABASE_PROBE]);
  return c;
}
