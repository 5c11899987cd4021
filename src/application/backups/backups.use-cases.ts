import { type Result, ok, err } from '../../domain/shared/result';
import { type DomainError, domainError } from '../../domain/shared/domain-error';
import { type BackupEntry, type BackupKind, assessBackupHealth, backupsToPrune, isBackupFileName } from '../../domain/backups/backup';
import { lastDailySlot, nextSlots, type ScheduleSettings } from '../../domain/backups/backup-schedule';
import type { Clock } from '../shared/shared.ports';
import type { PreMigrationBackup } from '../maintenance/maintenance.ports';
import type { BackupMaker, BackupRunLog, BackupStore, MaintenanceLock, SchedulerLeadership } from './backups.ports';
import { LOCK_WAIT_MS } from './backups.ports';

export interface BackupSettings extends ScheduleSettings {
  readonly enabled: boolean;
  readonly retainCount: number;
  readonly backupDir: string;
}

export interface BackupDeps {
  readonly maker: BackupMaker;
  readonly store: BackupStore;
  readonly lock: MaintenanceLock;
  readonly runs: BackupRunLog;
  readonly clock: Clock;
  readonly settings: BackupSettings;
  /** Which instance runs the schedule (several instances on PostgreSQL). */
  readonly leadership: SchedulerLeadership;
}

/** Free space required beyond the database's size. */
const SPACE_MARGIN = 1.1;

export type CreateBackupError = DomainError<'MAINTENANCE_BUSY'> | DomainError<'INSUFFICIENT_SPACE'> | DomainError<'BACKUP_FAILED'>;

/** The steps of a backup, in order, as a progress display shows them. */
export const BACKUP_STAGES = [
  'checking the backup folder and its free space',
  'copying, verifying and listing the backup',
  'applying retention',
] as const;
export type BackupStage = (typeof BACKUP_STAGES)[number];

/** Makes a verified backup, then applies retention; every attempt is recorded for the status. */
export async function makeAndPrune(
  d: BackupDeps,
  kind: BackupKind,
  trigger: string,
  scheduled: boolean,
  take: () => Promise<BackupEntry> = () => d.maker.make({ kind, trigger, fullCheck: kind === 'daily' }),
  progress: (stage: BackupStage) => void = () => undefined,
): Promise<Result<BackupEntry, CreateBackupError>> {
  progress('checking the backup folder and its free space');
  const started = d.clock.now();
  const record = (okRun: boolean, filename: string | null, error: string | null) =>
    d.runs.record({
      at: started.toUTC().toISO()!,
      kind,
      trigger: scheduled ? `scheduler:${trigger}` : trigger,
      ok: okRun,
      filename,
      error,
      durationMs: d.clock.now().diff(started).as('milliseconds'),
    });
  const folder = await d.store.directoryState().catch(() => ({ exists: true, writable: true }));
  if (folder.exists && !folder.writable) {
    const message = `the backup folder ${d.settings.backupDir} is not writable (a read-only disk, or its permissions); earlier backups are untouched`;
    record(false, null, message);
    return err(domainError('BACKUP_FAILED', `Backup failed: ${message}`));
  }
  let space: { freeBytes: number; databaseBytes: number };
  try {
    space = await d.store.space();
  } catch (e) {
    const message = `cannot read the free space of ${d.settings.backupDir}: ${e instanceof Error ? e.message : String(e)}`;
    record(false, null, message);
    return err(domainError('BACKUP_FAILED', `Backup failed: ${message}`));
  }
  const { freeBytes, databaseBytes } = space;
  if (freeBytes < databaseBytes * SPACE_MARGIN) {
    const message = `Not enough free space in ${d.settings.backupDir}: ${freeBytes} bytes free, about ${Math.ceil(databaseBytes * SPACE_MARGIN)} needed`;
    record(false, null, message);
    return err(domainError('INSUFFICIENT_SPACE', message));
  }
  let entry: BackupEntry;
  try {
    progress('copying, verifying and listing the backup');
    entry = await take();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    record(false, null, message);
    return err(domainError('BACKUP_FAILED', `Backup failed: ${message}`));
  }
  // Retention runs only after the new backup is verified, and never removes the newest one.
  progress('applying retention');
  for (const name of backupsToPrune(await d.store.list(), d.settings.retainCount)) await d.store.remove(name);
  record(true, entry.filename, null);
  return ok(entry);
}

/** CreateBackup: kinds interval, daily, manual (and the safety kinds through their own paths). */
export class CreateBackup {
  constructor(private readonly d: BackupDeps) {}

  async execute(input: {
    kind: 'interval' | 'daily' | 'manual';
    trigger: string;
    scheduled?: boolean;
    progress?: (stage: BackupStage) => void;
  }): Promise<Result<BackupEntry, CreateBackupError>> {
    const held = await this.d.lock.run(`backup (${input.kind})`, LOCK_WAIT_MS, () =>
      makeAndPrune(this.d, input.kind, input.trigger, input.scheduled ?? false, undefined, input.progress),
    );
    if (!held) {
      return err(
        domainError(
          'MAINTENANCE_BUSY',
          `Could not create backup. Another backup may be in progress. (busy: ${this.d.lock.holder() ?? 'maintenance'})`,
        ),
      );
    }
    return held.value;
  }
}

/**
 * The verified snapshot RunMigrations takes before changing a database that holds data. It runs
 * inside the migration's maintenance lock, so it takes none itself.
 */
export class SnapshotBeforeMigration implements PreMigrationBackup {
  constructor(private readonly d: BackupDeps) {}

  async capture(input: { pending: readonly string[]; trigger: string }): Promise<Result<{ filename: string }, DomainError>> {
    const r = await makeAndPrune(this.d, 'pre-migration', `${input.trigger}: before ${input.pending.join(', ')}`, false);
    return r.ok ? ok({ filename: r.value.filename }) : r;
  }
}

export class DownloadBackup {
  constructor(private readonly d: BackupDeps) {}
  execute(filename: string) {
    return isBackupFileName(filename) ? this.d.store.open(filename) : Promise.resolve(null);
  }
}

export class ListBackups {
  constructor(private readonly d: BackupDeps) {}
  execute(): Promise<BackupEntry[]> {
    return this.d.store.list();
  }
}

export class DeleteBackup {
  constructor(private readonly d: BackupDeps) {}
  async execute(filename: string): Promise<Result<void, DomainError<'BACKUP_NOT_FOUND'> | DomainError<'MAINTENANCE_BUSY'>>> {
    if (!isBackupFileName(filename) || !(await this.d.store.list()).some((b) => b.filename === filename)) {
      return err(domainError('BACKUP_NOT_FOUND', 'Backup not found or invalid filename'));
    }
    const held = await this.d.lock.run('delete backup', LOCK_WAIT_MS, () => this.d.store.remove(filename));
    return held ? ok(undefined) : err(domainError('MAINTENANCE_BUSY', 'A backup, restore or migration is running; try again shortly'));
  }
}

/** The backup side of health, shared by the status endpoint and /api/health. */
export async function backupHealth(d: Pick<BackupDeps, 'store' | 'runs' | 'clock' | 'settings'>, backups?: BackupEntry[]) {
  const list = backups ?? (await d.store.list());
  const last = d.runs.lastScheduled();
  const lastRun = d.runs.last();
  const [rotted, directory] = await Promise.all([d.store.quarantined(), d.store.directoryState()]);
  return assessBackupHealth({
    enabled: d.settings.enabled,
    intervalHours: d.settings.intervalHours,
    newestCreatedAt: list[0]?.createdAt ?? null,
    lastScheduled: last ? { ok: last.ok, error: last.error } : null,
    lastRun: lastRun ? { ok: lastRun.ok, error: lastRun.error } : null,
    rotted: rotted.map((r) => r.filename),
    directoryWritable: directory.exists && directory.writable,
    startedAt: d.runs.startedAt,
    nowMs: d.clock.now().toMillis(),
  });
}

/** The scheduler's and the backups' state, for GET /api/admin/backup-status and /api/health. */
export class GetBackupStatus {
  constructor(private readonly d: BackupDeps) {}

  async execute() {
    const { settings, runs, clock } = this.d;
    const now = clock.now();
    const backups = await this.d.store.list();
    const newest = backups[0] ?? null;
    const health = await backupHealth(this.d, backups);
    const leader = await this.d.leadership.current().catch(() => null);
    return {
      enabled: settings.enabled,
      running: runs.schedulerRunning(),
      // The scheduled backups run on one instance only; its own run log is in lastRun there.
      leader,
      lastScheduledBackup: backups.find((b) => b.kind === 'interval' || b.kind === 'daily') ?? null,
      nextRuns: settings.enabled
        ? nextSlots(now, settings, 3).map((s) => ({
            kind: s.kind,
            utc: s.at.toUTC().toISO(),
            local: s.at.setZone(settings.timezone).toISO(),
            timezone: settings.timezone,
          }))
        : [],
      lastRun: runs.last(),
      consecutiveFailures: runs.consecutiveFailures(),
      newestBackup: newest,
      newestBackupAgeHours: health.newestAgeHours,
      healthy: health.healthy,
      problem: health.reason,
      maintenance: this.d.lock.holder(),
      directory: await this.d.store.directoryState(),
      rotted: await this.d.store.quarantined(),
      backups,
    };
  }

  /** Whether a daily slot was missed while the server was down (catch-up at start). */
  async missedDaily(): Promise<boolean> {
    const { settings, clock } = this.d;
    if (!settings.enabled) return false;
    const slot = lastDailySlot(clock.now(), settings);
    const backups = await this.d.store.list();
    return !backups.some(
      (b) => ['daily', 'interval', 'manual'].includes(b.kind) && Date.parse(b.createdAt) >= slot.toMillis() - 15 * 60_000,
    );
  }
}

export interface VerifyBackupsOutput {
  readonly checked: number;
  readonly ok: string[];
  /** Backups that failed and were taken out of the list (kept on disk as `rotted-*`). */
  readonly rotted: { filename: string; problem: string }[];
}

/**
 * Re-verifies every stored backup against its manifest (size, SHA-256) and with quick_check, the
 * daily job and `chorizaurio backups verify`: a backup that rotted on disk is taken out of the
 * list (never served or restored as good) and reported by backup-status and health.
 */
export class VerifyStoredBackups {
  constructor(private readonly d: BackupDeps) {}

  /** `progress` is told before each backup is checked (how many are done, of how many). */
  async execute(
    input: { progress?: (done: number, total: number, filename: string) => void } = {},
  ): Promise<Result<VerifyBackupsOutput, DomainError<'MAINTENANCE_BUSY'>>> {
    const held = await this.d.lock.run('backup verification', LOCK_WAIT_MS, async () => {
      const ok: string[] = [];
      const rotted: { filename: string; problem: string }[] = [];
      const listed = await this.d.store.list();
      for (const [i, b] of listed.entries()) {
        input.progress?.(i, listed.length, b.filename);
        const problem = await this.d.store.reverify(b.filename);
        if (problem === null) {
          ok.push(b.filename);
          continue;
        }
        await this.d.store.quarantine(b.filename, problem, this.d.clock.now().toUTC().toISO()!);
        rotted.push({ filename: b.filename, problem });
      }
      input.progress?.(listed.length, listed.length, '');
      return { checked: listed.length, ok, rotted };
    });
    return held
      ? ok(held.value)
      : err(domainError('MAINTENANCE_BUSY', 'A backup, restore or migration is running; try the verification again shortly'));
  }
}
