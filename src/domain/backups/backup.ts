import type { DateTime } from 'luxon';

export const BACKUP_KINDS = ['interval', 'daily', 'manual', 'pre-migration', 'pre-restore', 'uploaded', 'legacy'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

/** A verified backup (only verified ones exist for the rest of the system). */
export interface BackupEntry {
  readonly filename: string;
  readonly kind: BackupKind;
  /** UTC ISO. */
  readonly createdAt: string;
  readonly size: number;
  readonly sha256: string;
  /** Kept for the original API's `checksum_md5`. */
  readonly md5: string;
}

/** `.db`: a SQLite file (the embedded engine); `.dump`: a PostgreSQL custom-format dump (pg_dump -Fc). */
export type BackupExtension = '.db' | '.dump';

const NAME = /^ventas_(\d{8})_(\d{6})(?:_(\d+))?\.(db|dump)$/;

/** `ventas_YYYYMMDD_HHMMSS.db` in UTC (the runbook's name); `_2`, `_3`… when a second is taken. */
export function backupFileName(at: DateTime, taken: (name: string) => boolean, extension: BackupExtension = '.db'): string {
  const base = `ventas_${at.toUTC().toFormat('yyyyLLdd_HHmmss')}`;
  if (!taken(`${base}${extension}`)) return `${base}${extension}`;
  for (let i = 2; ; i++) if (!taken(`${base}_${i}${extension}`)) return `${base}_${i}${extension}`;
}

/** Only names of this exact shape are backups; anything else (paths, `..`, other files) is not. */
export const isBackupFileName = (name: string): boolean => NAME.test(name);

/** Kinds kept by BACKUP_RETAIN_COUNT; the safety kinds keep their own newest 3. */
const ROTATED: readonly BackupKind[] = ['interval', 'daily', 'manual', 'legacy'];
export const SAFETY_KEEP = 3;

/**
 * Which backups retention removes: beyond the newest `retainCount` of the scheduled and manual
 * kinds, beyond the newest 3 of each safety kind (pre-migration, pre-restore, uploaded). The
 * newest backup of all is never removed.
 */
export function backupsToPrune(backups: readonly BackupEntry[], retainCount: number): string[] {
  const newestFirst = [...backups].sort((a, b) =>
    a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.filename < b.filename ? 1 : -1,
  );
  const newest = newestFirst[0]?.filename;
  const prune: string[] = [];
  const rotated = newestFirst.filter((b) => ROTATED.includes(b.kind));
  prune.push(...rotated.slice(retainCount).map((b) => b.filename));
  for (const kind of ['pre-migration', 'pre-restore', 'uploaded'] as const) {
    prune.push(
      ...newestFirst
        .filter((b) => b.kind === kind)
        .slice(SAFETY_KEEP)
        .map((b) => b.filename),
    );
  }
  return prune.filter((name) => name !== newest);
}

export interface BackupHealthInput {
  readonly enabled: boolean;
  readonly intervalHours: number;
  /** UTC ISO of the newest verified backup, or null. */
  readonly newestCreatedAt: string | null;
  readonly lastScheduled: { ok: boolean; error: string | null } | null;
  /** The last backup of any kind (a manual one too), or null. */
  readonly lastRun?: { ok: boolean; error: string | null } | null;
  /** Stored backups that failed re-verification (size, SHA-256 or quick_check), by name. */
  readonly rotted?: readonly string[];
  /** The backup folder exists and can be written. */
  readonly directoryWritable?: boolean;
  /** UTC ISO of the process start. */
  readonly startedAt: string;
  readonly nowMs: number;
}

/**
 * Unhealthy when a stored backup rotted, the backup folder cannot be written or the last backup
 * failed; and, with scheduled backups on, when the newest verified backup is older than 1.5 × the
 * interval (or none was made that long since start-up), or the last scheduled backup failed.
 */
export function assessBackupHealth(i: BackupHealthInput): { healthy: boolean; reason: string | null; newestAgeHours: number | null } {
  const newestAgeHours = i.newestCreatedAt ? Math.max(0, (i.nowMs - Date.parse(i.newestCreatedAt)) / 3_600_000) : null;
  // Whatever the schedule: a rotted backup, a folder that cannot take the next one, a failed backup.
  if (i.rotted?.length)
    return {
      healthy: false,
      reason: `${i.rotted.length} stored backup(s) failed re-verification and were set aside: ${i.rotted.slice(0, 3).join(', ')}`,
      newestAgeHours,
    };
  if (i.directoryWritable === false) return { healthy: false, reason: 'the backup folder is missing or not writable', newestAgeHours };
  if (i.lastRun && !i.lastRun.ok) return { healthy: false, reason: `the last backup failed: ${i.lastRun.error}`, newestAgeHours };
  if (!i.enabled) return { healthy: true, reason: null, newestAgeHours };
  const limit = i.intervalHours * 1.5;
  if (i.lastScheduled && !i.lastScheduled.ok)
    return { healthy: false, reason: `the last scheduled backup failed: ${i.lastScheduled.error}`, newestAgeHours };
  if (newestAgeHours !== null && newestAgeHours > limit)
    return {
      healthy: false,
      reason: `the newest verified backup is ${newestAgeHours.toFixed(1)} h old (limit ${limit} h)`,
      newestAgeHours,
    };
  if (newestAgeHours === null && (i.nowMs - Date.parse(i.startedAt)) / 3_600_000 > limit)
    return { healthy: false, reason: `no verified backup in ${limit} h`, newestAgeHours };
  return { healthy: true, reason: null, newestAgeHours };
}
