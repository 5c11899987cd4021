import type { KnownMigration, RecordedMigration } from '../../domain/maintenance/migration-plan';
import type { Result } from '../../domain/shared/result';
import type { DomainError } from '../../domain/shared/domain-error';
import { token } from '../shared/token';

/** Who applied a migration and why; recorded in migration_log next to the app version. */
export interface MigrationProvenance {
  readonly appliedBy: string;
  readonly reason: string;
}

/** Applies the schema migrations of this code base to the database and records them. */
export interface MigrationRunner {
  /** Every migration this code knows, in execution order, with the checksum of its definition. */
  known(): readonly KnownMigration[];
  /** The rows of migration_log, whatever its shape; writes nothing (an absent table is an empty log). */
  recorded(): Promise<RecordedMigration[]>;
  /**
   * Applies one migration and writes its log row in the same transaction, taking the database's
   * write lock first (a second process waits for it). Resolves `applied: false` when the migration
   * was found already applied once the lock was held. Throws when the migration fails; nothing of it
   * is then committed.
   */
  apply(id: string, provenance: MigrationProvenance): Promise<{ applied: boolean; durationMs: number }>;
  /** Records a failed attempt (success = 0) so that the status shows it. */
  recordFailure(id: string, message: string, provenance: MigrationProvenance): Promise<void>;
  /** Records a migration as applied without running it (the runbook's manual fix). */
  markApplied(id: string, provenance: MigrationProvenance): Promise<void>;
  /** True when the database holds any business rows (a pre-migration backup is then worth taking). */
  hasData(): Promise<boolean>;
}
export const MIGRATION_RUNNER = token<MigrationRunner>('MigrationRunner', [
  'known',
  'recorded',
  'apply',
  'recordFailure',
  'markApplied',
  'hasData',
]);

/**
 * Takes a verified snapshot of the database before migrations change it. Implemented by the
 * backup subsystem; RunMigrations calls it only when migrations are pending and the database
 * holds data.
 */
export interface PreMigrationBackup {
  capture(input: { readonly pending: readonly string[]; readonly trigger: string }): Promise<Result<{ filename: string }, DomainError>>;
}
export const PRE_MIGRATION_BACKUP = token<PreMigrationBackup>('PreMigrationBackup', ['capture']);
