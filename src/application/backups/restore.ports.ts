import type { RecordedMigration } from '../../domain/maintenance/migration-plan';
import type { DomainError } from '../../domain/shared/domain-error';
import type { Result } from '../../domain/shared/result';
import type { MigrationRunner } from '../maintenance/migration-runner.port';

/** What a database file (a backup, an upload) holds, read without changing it. */
export interface DatabaseFileReport {
  readonly sizeBytes: number;
  /** Its migration_log (empty when it has none). */
  readonly recorded: readonly RecordedMigration[];
  /** Rows per table. */
  readonly tableCounts: Readonly<Record<string, number>>;
  readonly check: 'quick_check' | 'integrity_check';
}

export type FileProblem = DomainError<'BACKUP_NOT_SQLITE'> | DomainError<'BACKUP_TRUNCATED'> | DomainError<'BACKUP_CORRUPT'>;

/** Verifies database files that are not the live database. `location` is opaque to the caller. */
export interface DatabaseFileInspector {
  /**
   * Header and size (a SQLite file, not cut short), then `check` and foreign_key_check, then its
   * migration log and row counts. A file that is not a sound SQLite database is a FileProblem,
   * never an exception.
   */
  inspect(location: string, check: 'quick_check' | 'integrity_check'): Promise<Result<DatabaseFileReport, FileProblem>>;
}
export const DATABASE_FILE_INSPECTOR = Symbol('DatabaseFileInspector');

/** A private working copy of a database (beside the live one), deleted with `discard`. */
export interface ScratchDatabase {
  readonly location: string;
  /** The migration runner of this code, on the copy. */
  readonly migrations: MigrationRunner;
  /** Closes it as one self-contained file and runs quick_check; throws with what is wrong. */
  seal(): Promise<void>;
  /** Removes the copy (idempotent). */
  discard(): Promise<void>;
}

export interface ScratchDatabases {
  /**
   * Copies a database file, or the live database (an online snapshot) when `source` is null, into
   * a scratch file with the live database's page size.
   */
  copyOf(source: string | null): Promise<ScratchDatabase>;
}
export const SCRATCH_DATABASES = Symbol('ScratchDatabases');

/** The live database, as a restore needs it. */
export interface LiveDatabase {
  tableCounts(): Promise<Record<string, number>>;
  /**
   * Runs `work` with writes paused: queued writes finish first; writes arriving meanwhile wait
   * briefly, then are refused as busy (never acknowledged and then discarded). Reads go on.
   */
  withWritesPaused<T>(reason: string, work: () => Promise<T>): Promise<T>;
  /**
   * Replaces the whole content with the file's, atomically (a crash leaves the old content or the
   * new one), without closing the connections; then quick_check. Resolves "ok" or the problems
   * found after the replacement; throws, with nothing replaced, when the copy itself fails.
   * Only inside `withWritesPaused`.
   */
  replaceWith(location: string, progress?: (fraction: number) => void): Promise<string>;
  /** Reclaims the space of the replaced content (after writes resume). */
  compact(): Promise<void>;
}
export const LIVE_DATABASE = Symbol('LiveDatabase');
