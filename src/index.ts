/**
 * Chorizaurio backend — the public library API.
 *
 * Use cases (each with `execute(input)`), their input/output/error types, the ports they consume
 * (with their container tokens) and `createContainer()`, which wires them to the SQLite, filesystem
 * and security adapters. Interface adapters (HTTP, CLI) are built on top of these.
 */
export type { Result } from './domain/shared/result';
export type { DomainError } from './domain/shared/domain-error';

// Maintenance: migrations
export { RunMigrations } from './application/maintenance/run-migrations.use-case';
export type { RunMigrationsInput, RunMigrationsOutput, RunMigrationsError } from './application/maintenance/run-migrations.use-case';
export { GetMigrationStatus } from './application/maintenance/get-migration-status.use-case';
export type { MigrationStatusOutput } from './application/maintenance/get-migration-status.use-case';
export { MarkMigrationApplied } from './application/maintenance/mark-migration-applied.use-case';
export type { MarkMigrationAppliedInput, MarkMigrationAppliedError } from './application/maintenance/mark-migration-applied.use-case';
export { MIGRATION_RUNNER } from './application/maintenance/migration-runner.port';
export type { MigrationRunner, MigrationProvenance } from './application/maintenance/migration-runner.port';
export { PRE_MIGRATION_BACKUP } from './application/maintenance/pre-migration-backup.port';
export type { PreMigrationBackup } from './application/maintenance/pre-migration-backup.port';
export type { KnownMigration, RecordedMigration, MigrationPlanError } from './domain/maintenance/migration-plan';

// Auth
export { SignIn } from './application/auth/sign-in.use-case';
export type { SignInInput, SignInOutput } from './application/auth/sign-in.use-case';
export { Authenticate } from './application/auth/authenticate.use-case';
export type { CurrentUser } from './application/auth/authenticate.use-case';
export { SignOut, RefreshToken, PurgeExpiredRevocations } from './application/auth/session.use-cases';
export type { AuthenticationError, SignInError } from './application/auth/auth.errors';
export { TOKEN_SERVICE } from './application/auth/token-service.port';
export type { TokenService, TokenClaims, TokenCheck } from './application/auth/token-service.port';
export { REVOKED_TOKEN_REPOSITORY } from './application/auth/revoked-token-repository.port';
export type { RevokedTokenRepository } from './application/auth/revoked-token-repository.port';

// Users
export { ReactivateUser } from './application/users/reactivate-user.use-case';
export type { ReactivateUserInput, ReactivateUserError } from './application/users/reactivate-user.use-case';
export {
  ListUsers,
  GetUser,
  DeactivateUser,
  ChangeUserRole,
  ResetUserPassword,
  DeleteUser,
  RegisterUser,
  ChangeOwnPassword,
} from './application/users/user-admin.use-cases';
export type { DeleteUserError, RegisterUserError, ChangeOwnPasswordError } from './application/users/user-admin.use-cases';
export type { UserView } from './application/users/user-view';
export { EnsureAdminUser } from './application/users/ensure-admin-user.use-case';
export type { EnsureAdminUserInput, EnsureAdminUserOutcome } from './application/users/ensure-admin-user.use-case';
export { USER_REPOSITORY } from './application/users/user-repository.port';
export type { UserRepository } from './application/users/user-repository.port';
export { PASSWORD_HASHER } from './application/users/password-hasher.port';
export type { PasswordHasher } from './application/users/password-hasher.port';

// Health
export { CheckHealth } from './application/health/check-health.use-case';
export type { HealthOutput } from './application/health/check-health.use-case';
export { DATABASE_PROBE } from './application/health/database-probe.port';
export type { DatabaseProbe } from './application/health/database-probe.port';

// Shared ports
export { CLOCK } from './application/shared/clock.port';
export type { Clock } from './application/shared/clock.port';
export { TRANSACTION_RUNNER } from './application/shared/transaction.port';
export type { TransactionRunner } from './application/shared/transaction.port';
export { AUDIT_LOG } from './application/shared/audit-log.port';
export type { AuditLog, AuditEntry } from './application/shared/audit-log.port';
export type { Actor } from './application/shared/actor';

// Composition
export { createContainer, buildHttpApp, CONFIG, STORE, LOGGER } from './container';
export type { ContainerDeps } from './container';
export { SqliteStore } from './infrastructure/persistence/data-source';
export { parseConfig, loadEnv } from './infrastructure/config/env-config';
export type { AppConfig } from './infrastructure/config/env-config';
