import type { DateTime } from 'luxon';
import type { BackupEntry, BackupKind } from '../../domain/backups/backup';
import type { RecordedMigration } from '../../domain/maintenance/migration-plan';
import type { DomainError } from '../../domain/shared/domain-error';
import type { Result } from '../../domain/shared/result';
import type { MigrationRunner } from '../maintenance/maintenance.ports';
import { token } from '../shared/token';

export interface MakeBackupInput {
  readonly kind: BackupKind;
  /** Who or what triggered it (user, "scheduler", "startup"…), recorded in the manifest. */
  readonly trigger: string;
  /** integrity_check instead of quick_check (the daily backup). */
  readonly fullCheck: boolean;
}

/**
 * Takes a transactionally consistent snapshot of the live database without stopping writers,
 * writes it under a temporary name, verifies it (quick_check or integrity_check, and
 * foreign_key_check), records its SHA-256 in a manifest, and only then gives it its final name.
 * Throws (leaving nothing that looks like a backup) when any step fails.
 */
export interface BackupMaker {
  make(input: MakeBackupInput): Promise<BackupEntry>;
  /**
   * The first half of `make`, for a restore's pause: a consistent copy of the live database,
   * not synced, verified nor listed. Then `keep` it, `setAside` it, or `discard` it.
   */
  snapshot(): Promise<PendingSnapshot>;
  /**
   * The second half of `make`: syncs, verifies and lists the snapshot. On failure it throws and
   * the file stays for `setAside`/`discard`.
   */
  keep(snapshot: PendingSnapshot, input: MakeBackupInput): Promise<BackupEntry>;
  /** Moves a snapshot that failed verification beside the backups under a name never listed; returns where. */
  setAside(snapshot: PendingSnapshot, label: string): Promise<string>;
  /** Removes a snapshot's file (nothing if already kept or set aside). */
  discard(snapshot: PendingSnapshot): void;
  /**
   * Takes a database file already verified by the caller (an upload) into the backups: moves it
   * under its final name beside a manifest. The file at `location` is gone afterwards.
   */
  adopt(
    location: string,
    input: { kind: BackupKind; trigger: string; verifiedWith: 'quick_check' | 'integrity_check' },
  ): Promise<BackupEntry>;
}
export const BACKUP_MAKER = token<BackupMaker>('BackupMaker', ['make', 'snapshot', 'keep', 'setAside', 'discard', 'adopt']);

/** A copy of the live database from `BackupMaker.snapshot`, usable as a restore source (`location`). */
export interface PendingSnapshot {
  readonly location: string;
  /** When the copy was started: the backup's time and name. */
  readonly takenAt: DateTime;
}

/** The verified backups in BACKUP_DIR. */
export interface BackupStore {
  /** Newest first. Never lists a file that was not verified. */
  list(): Promise<BackupEntry[]>;
  remove(filename: string): Promise<void>;
  /** Where a listed backup is, and how it was verified; null for any name that is not listed. */
  locate(filename: string): Promise<{ entry: BackupEntry; location: string; verifiedWith: string } | null>;
  /** A listed backup's bytes, for download; null for any name that is not a listed backup. */
  open(filename: string): Promise<{ size: number; sha256: string; stream: AsyncIterable<Uint8Array> } | null>;
  /** Bytes free on the backup disk, and the database's current size. */
  space(): Promise<{ freeBytes: number; databaseBytes: number }>;
  directoryState(): Promise<{ exists: boolean; writable: boolean }>;
  /** Re-verifies a listed backup against its manifest (size, SHA-256) and quick_check: null when sound, else what is wrong. */
  reverify(filename: string): Promise<string | null>;
  /** Takes a backup that failed re-verification out of the list, keeping its file and the reason (never deleted). */
  quarantine(filename: string, problem: string, at: string): Promise<void>;
  /** The backups set aside by `quarantine`, with why and when. */
  quarantined(): Promise<QuarantinedBackup[]>;
}

export interface QuarantinedBackup {
  readonly filename: string;
  readonly problem: string;
  readonly at: string;
}
export const BACKUP_STORE = token<BackupStore>('BackupStore', [
  'list',
  'remove',
  'locate',
  'open',
  'space',
  'directoryState',
  'reverify',
  'quarantine',
  'quarantined',
]);

/** How long a backup, restore or migration waits for another to finish before answering busy. */
export const LOCK_WAIT_MS = 30_000;

/** One backup, restore or migration at a time. */
export interface MaintenanceLock {
  /** Runs `work` holding the lock; resolves null if it could not be had within `waitMs`. */
  run<T>(what: string, waitMs: number, work: () => Promise<T>): Promise<{ value: T } | null>;
  /** What holds it now, if anything. */
  holder(): string | null;
}
export const MAINTENANCE_LOCK = token<MaintenanceLock>('MaintenanceLock', ['run', 'holder']);

/** Which instance runs the scheduled backups. */
export interface LeaderInfo {
  /** host:pid of the leading instance. */
  readonly instance: string;
  /** Whether it is the instance answering. */
  readonly self: boolean;
  /** Since when it leads (UTC ISO), if known. */
  readonly since: string | null;
}

/**
 * Exactly one instance runs scheduled work (backups, their re-verification). One process on
 * SQLite always leads; on PostgreSQL an advisory lock decides, and another instance takes over
 * when the leader dies.
 */
export interface SchedulerLeadership {
  /** Whether this instance leads now, taking the lead if nobody holds it. */
  claim(): Promise<boolean>;
  /** Who leads now (any instance), or null. */
  current(): Promise<LeaderInfo | null>;
  /** Gives the lead up (shutdown). */
  release(): Promise<void>;
}
export const SCHEDULER_LEADERSHIP = token<SchedulerLeadership>('SchedulerLeadership', ['claim', 'current', 'release']);

export interface BackupRun {
  readonly at: string;
  readonly kind: BackupKind;
  readonly trigger: string;
  readonly ok: boolean;
  readonly filename: string | null;
  readonly error: string | null;
  readonly durationMs: number;
}

/** The record of backup attempts since start-up (for the status endpoint and health). */
export interface BackupRunLog {
  record(run: BackupRun): void;
  last(): BackupRun | null;
  lastScheduled(): BackupRun | null;
  consecutiveFailures(): number;
  setSchedulerRunning(running: boolean): void;
  schedulerRunning(): boolean;
  readonly startedAt: string;
}
export const BACKUP_RUN_LOG = token<BackupRunLog>('BackupRunLog', [
  'record',
  'last',
  'lastScheduled',
  'consecutiveFailures',
  'setSchedulerRunning',
  'schedulerRunning',
  'startedAt',
]);

/** What a database file (a backup, an upload) holds, read without changing it. */
export interface DatabaseFileReport {
  readonly sizeBytes: number;
  /** Its migration_log (empty when it has none). */
  readonly recorded: readonly RecordedMigration[];
  /** Rows per table. */
  readonly tableCounts: Readonly<Record<string, number>>;
  readonly check: string;
  /** What the check found, in words, when it is not SQLite's quick_check and foreign_key_check. */
  readonly summary?: string;
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
export const DATABASE_FILE_INSPECTOR = token<DatabaseFileInspector>('DatabaseFileInspector', ['inspect']);

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
export const SCRATCH_DATABASES = token<ScratchDatabases>('ScratchDatabases', ['copyOf']);

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
export const LIVE_DATABASE = token<LiveDatabase>('LiveDatabase', [
  'tableCounts',
  'withWritesPaused',
  'swapIn',
  'swapBack',
  'settle',
  'compact',
]);

/**
 * The backup folder's start-up recovery: clears what an interrupted backup left and adopts, once
 * verified, backups the original backend made. Run before anything makes a backup.
 */
export interface BackupFolderRecovery {
  recover(onLegacy: (name: string, adopted: boolean, reason?: string) => void): Promise<void>;
}
export const BACKUP_FOLDER_RECOVERY = token<BackupFolderRecovery>('BackupFolderRecovery', ['recover']);
