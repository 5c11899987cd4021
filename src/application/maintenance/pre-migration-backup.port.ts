import type { Result } from '../../domain/shared/result';
import type { DomainError } from '../../domain/shared/domain-error';

/**
 * Takes a verified snapshot of the database before migrations change it. Implemented by the
 * backup subsystem; RunMigrations calls it only when migrations are pending and the database
 * holds data.
 */
export interface PreMigrationBackup {
  capture(input: { readonly pending: readonly string[]; readonly trigger: string }): Promise<Result<{ filename: string }, DomainError>>;
}
export const PRE_MIGRATION_BACKUP = Symbol('PreMigrationBackup');
