import type { DateTime } from 'luxon';
import type { BackupEntry, BackupKind } from '../../domain/backups/backup';

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
  /** The second half of `make`: syncs, verifies and lists the snapshot. On failure it throws and the file stays for `setAside`/`discard`. */
  keep(snapshot: PendingSnapshot, input: MakeBackupInput): Promise<BackupEntry>;
  /** Moves a snapshot that failed verification beside the backups under a name never listed; returns where. */
  setAside(snapshot: PendingSnapshot, label: string): Promise<string>;
  /** Removes a snapshot's file (nothing if already kept or set aside). */
  discard(snapshot: PendingSnapshot): void;
  /**
   * Takes a database file already verified by the caller (an upload) into the backups: moves it
   * under its final name beside a manifest. The file at `location` is gone afterwards.
   */
  adopt(location: string, input: { kind: BackupKind; trigger: string; verifiedWith: 'quick_check' | 'integrity_check' }): Promise<BackupEntry>;
}
export const BACKUP_MAKER = Symbol('BackupMaker');

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
export const BACKUP_STORE = Symbol('BackupStore');

/** How long a backup, restore or migration waits for another to finish before answering busy. */
export const LOCK_WAIT_MS = 30_000;

/** One backup, restore or migration at a time. */
export interface MaintenanceLock {
  /** Runs `work` holding the lock; resolves null if it could not be had within `waitMs`. */
  run<T>(what: string, waitMs: number, work: () => Promise<T>): Promise<{ value: T } | null>;
  /** What holds it now, if anything. */
  holder(): string | null;
}
export const MAINTENANCE_LOCK = Symbol('MaintenanceLock');

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
export const BACKUP_RUN_LOG = Symbol('BackupRunLog');
