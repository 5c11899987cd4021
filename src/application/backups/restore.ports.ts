import type { RecordedMigration } from '../../domain/maintenance/migration-plan';
import type { DomainError } from '../../domain/shared/domain-error';
import type { Result } from '../../domain/shared/result';
import type { MigrationRunner } from '../maintenance/migration-runner.port';
import type { PendingSnapshot } from './backup.ports';

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
   * Puts the sealed database file at `location` (a ScratchDatabase's) in place of the live one, as
   * one crash-safe step whose duration does not depend on the database's size. Resolves with the
   * previous content as a file (to `keep` as the pre-restore backup, or `setAside`) and a check of
   * the new live database ("ok" or what is wrong). Throws, with nothing replaced, when the swap
   * cannot be done. Only inside `withWritesPaused`.
   */
  swapIn(location: string): Promise<{ previous: PendingSnapshot; check: string }>;
  /** After a failed check: puts the previous content back as the live database; resolves its check. */
  swapBack(previous: PendingSnapshot): Promise<string>;
  /** After the previous content was kept or set aside: the swap is complete (its journal closes). */
  settle(): Promise<void>;
  /** Reclaims the space of the replaced content (after writes resume). */
  compact(): Promise<void>;
}
export const LIVE_DATABASE = Symbol('LiveDatabase');
