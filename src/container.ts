import { Container } from 'inversify';
import type { AppConfig } from './infrastructure/config/env-config';
import { appVersion } from './infrastructure/config/app-info';
import type { SqliteStore } from './infrastructure/persistence/data-source';
import { TypeOrmTransactionRunner } from './infrastructure/persistence/typeorm-transaction-runner';
import { SqliteMigrationRunner } from './infrastructure/persistence/migrations/sqlite-migration-runner';
import { TypeOrmUserRepository } from './infrastructure/persistence/users/typeorm-user.repository';
import { TypeOrmRevokedTokenRepository } from './infrastructure/persistence/auth/typeorm-revoked-token.repository';
import { TypeOrmAuditLog } from './infrastructure/persistence/audit/typeorm-audit-log';
import { SqliteDatabaseProbe } from './infrastructure/persistence/sqlite-database-probe';
import { BcryptPasswordHasher } from './infrastructure/security/bcrypt-password-hasher';
import { JwtTokenService, DECOY_BCRYPT_HASH } from './infrastructure/security/jwt-token-service';
import { SystemClock } from './infrastructure/time/system-clock';
import type { Logger } from './application/shared/logger.port';
import { CLOCK, Clock } from './application/shared/clock.port';
import { TRANSACTION_RUNNER, TransactionRunner } from './application/shared/transaction.port';
import { AUDIT_LOG, AuditLog } from './application/shared/audit-log.port';
import { MIGRATION_RUNNER, MigrationRunner } from './application/maintenance/migration-runner.port';
import { RunMigrations } from './application/maintenance/run-migrations.use-case';
import { GetMigrationStatus } from './application/maintenance/get-migration-status.use-case';
import { MarkMigrationApplied } from './application/maintenance/mark-migration-applied.use-case';
import { USER_REPOSITORY, UserRepository } from './application/users/user-repository.port';
import { PASSWORD_HASHER, PasswordHasher } from './application/users/password-hasher.port';
import { EnsureAdminUser } from './application/users/ensure-admin-user.use-case';
import { ReactivateUser } from './application/users/reactivate-user.use-case';
import {
  ListUsers,
  GetUser,
  DeactivateUser,
  ChangeUserRole,
  ResetUserPassword,
  DeleteUser,
  RegisterUser,
  ChangeOwnPassword,
} from './application/users/user-admin.use-cases';
import type { UserChangeDeps } from './application/users/user-change';
import { TOKEN_SERVICE, TokenService } from './application/auth/token-service.port';
import { REVOKED_TOKEN_REPOSITORY, RevokedTokenRepository } from './application/auth/revoked-token-repository.port';
import { Authenticate } from './application/auth/authenticate.use-case';
import { SignIn } from './application/auth/sign-in.use-case';
import { SignOut, RefreshToken, PurgeExpiredRevocations } from './application/auth/session.use-cases';
import { DATABASE_PROBE, DatabaseProbe } from './application/health/database-probe.port';
import { CheckHealth } from './application/health/check-health.use-case';
import { createHttpApp, HttpApp } from './interfaces/http/app';
import { MIGRATIONS } from '../migrations';

export const CONFIG = Symbol('AppConfig');
export const STORE = Symbol('SqliteStore');
export const LOGGER = Symbol('Logger');
const USER_CHANGE_DEPS = Symbol('UserChangeDeps');

export interface ContainerDeps {
  readonly config: AppConfig;
  /** Opened before the container is built, so that `get` stays synchronous. */
  readonly store: SqliteStore;
  readonly logger: Logger;
  /** The JWT signing key (resolved at start-up: environment, file or development key). */
  readonly secretKey: string;
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

  // Driven adapters
  c.bind(CLOCK).toResolvedValue(() => new SystemClock());
  c.bind(TRANSACTION_RUNNER).toResolvedValue((s: SqliteStore) => new TypeOrmTransactionRunner(s), [STORE]);
  c.bind(MIGRATION_RUNNER).toResolvedValue((s: SqliteStore) => new SqliteMigrationRunner(s, MIGRATIONS, appVersion()), [STORE]);
  c.bind(USER_REPOSITORY).toResolvedValue((s: SqliteStore) => new TypeOrmUserRepository(s), [STORE]);
  c.bind(REVOKED_TOKEN_REPOSITORY).toResolvedValue((s: SqliteStore) => new TypeOrmRevokedTokenRepository(s), [STORE]);
  c.bind(AUDIT_LOG).toResolvedValue((s: SqliteStore) => new TypeOrmAuditLog(s), [STORE]);
  c.bind(PASSWORD_HASHER).toResolvedValue(() => new BcryptPasswordHasher());
  c.bind(TOKEN_SERVICE).toResolvedValue((clock: Clock) => new JwtTokenService(deps.secretKey, deps.config.accessTokenExpireMinutes, clock), [CLOCK]);
  c.bind(DATABASE_PROBE).toResolvedValue((s: SqliteStore) => new SqliteDatabaseProbe(s), [STORE]);

  // Maintenance
  // No pre-migration backup yet: the backup subsystem provides one (PreMigrationBackup port).
  c.bind(RunMigrations).toResolvedValue((r: MigrationRunner) => new RunMigrations(r, null), [MIGRATION_RUNNER]);
  c.bind(GetMigrationStatus).toResolvedValue((r: MigrationRunner) => new GetMigrationStatus(r), [MIGRATION_RUNNER]);
  c.bind(MarkMigrationApplied).toResolvedValue((r: MigrationRunner) => new MarkMigrationApplied(r), [MIGRATION_RUNNER]);
  c.bind(CheckHealth).toResolvedValue((p: DatabaseProbe) => new CheckHealth(p), [DATABASE_PROBE]);

  // Auth
  c.bind(Authenticate).toResolvedValue(
    (t: TokenService, r: RevokedTokenRepository, u: UserRepository) => new Authenticate(t, r, u),
    [TOKEN_SERVICE, REVOKED_TOKEN_REPOSITORY, USER_REPOSITORY],
  );
  c.bind(SignIn).toResolvedValue(
    (u: UserRepository, h: PasswordHasher, t: TokenService, clock: Clock) => new SignIn(u, h, t, clock, DECOY_BCRYPT_HASH),
    [USER_REPOSITORY, PASSWORD_HASHER, TOKEN_SERVICE, CLOCK],
  );
  c.bind(SignOut).toResolvedValue((r: RevokedTokenRepository, clock: Clock) => new SignOut(r, clock), [REVOKED_TOKEN_REPOSITORY, CLOCK]);
  c.bind(RefreshToken).toResolvedValue((t: TokenService) => new RefreshToken(t), [TOKEN_SERVICE]);
  c.bind(PurgeExpiredRevocations).toResolvedValue((r: RevokedTokenRepository, clock: Clock) => new PurgeExpiredRevocations(r, clock), [REVOKED_TOKEN_REPOSITORY, CLOCK]);

  // Users
  c.bind(USER_CHANGE_DEPS).toResolvedValue(
    (users: UserRepository, audit: AuditLog, tx: TransactionRunner, clock: Clock): UserChangeDeps => ({ users, audit, tx, clock }),
    [USER_REPOSITORY, AUDIT_LOG, TRANSACTION_RUNNER, CLOCK],
  );
  c.bind(EnsureAdminUser).toResolvedValue(
    (u: UserRepository, h: PasswordHasher, t: TransactionRunner) => new EnsureAdminUser(u, h, t),
    [USER_REPOSITORY, PASSWORD_HASHER, TRANSACTION_RUNNER],
  );
  c.bind(ListUsers).toResolvedValue((d: UserChangeDeps) => new ListUsers(d), [USER_CHANGE_DEPS]);
  c.bind(GetUser).toResolvedValue((d: UserChangeDeps) => new GetUser(d), [USER_CHANGE_DEPS]);
  c.bind(ReactivateUser).toResolvedValue((d: UserChangeDeps) => new ReactivateUser(d), [USER_CHANGE_DEPS]);
  c.bind(DeactivateUser).toResolvedValue((d: UserChangeDeps) => new DeactivateUser(d), [USER_CHANGE_DEPS]);
  c.bind(ChangeUserRole).toResolvedValue((d: UserChangeDeps) => new ChangeUserRole(d), [USER_CHANGE_DEPS]);
  c.bind(DeleteUser).toResolvedValue((d: UserChangeDeps) => new DeleteUser(d), [USER_CHANGE_DEPS]);
  c.bind(ResetUserPassword).toResolvedValue((d: UserChangeDeps, h: PasswordHasher) => new ResetUserPassword(d, h), [USER_CHANGE_DEPS, PASSWORD_HASHER]);
  c.bind(RegisterUser).toResolvedValue((d: UserChangeDeps, h: PasswordHasher) => new RegisterUser(d, h), [USER_CHANGE_DEPS, PASSWORD_HASHER]);
  c.bind(ChangeOwnPassword).toResolvedValue((d: UserChangeDeps, h: PasswordHasher) => new ChangeOwnPassword(d, h), [USER_CHANGE_DEPS, PASSWORD_HASHER]);
  return c;
}

/** The Koa app with every route, its use cases taken from the container. */
export function buildHttpApp(c: Container): HttpApp {
  const config = c.get<AppConfig>(CONFIG);
  return createHttpApp({
    logger: c.get<Logger>(LOGGER),
    settings: {
      environment: config.environment,
      isProduction: config.isProduction,
      version: appVersion(),
      corsOrigins: config.corsOrigins,
      rateLimits: config.rateLimits,
      trustProxy: config.trustProxy,
    },
    authenticate: c.get(Authenticate),
    health: { checkHealth: c.get(CheckHealth) },
    auth: {
      signIn: c.get(SignIn),
      signOut: c.get(SignOut),
      refreshToken: c.get(RefreshToken),
      registerUser: c.get(RegisterUser),
      changeOwnPassword: c.get(ChangeOwnPassword),
    },
    users: {
      listUsers: c.get(ListUsers),
      getUser: c.get(GetUser),
      reactivateUser: c.get(ReactivateUser),
      deactivateUser: c.get(DeactivateUser),
      changeUserRole: c.get(ChangeUserRole),
      resetUserPassword: c.get(ResetUserPassword),
      deleteUser: c.get(DeleteUser),
    },
  });
}
