import { type Result, ok, err } from '../../domain/shared/result';
import { type DomainError, domainError } from '../../domain/shared/domain-error';
import { type BackupEntry, backupsToPrune, isBackupFileName } from '../../domain/backups/backup';
import { type KnownMigration, planMigrations } from '../../domain/maintenance/migration-plan';
import type { Actor } from '../shared/actor';
import type { AuditLog } from '../shared/shared.ports';
import type { MigrationRunner } from '../maintenance/maintenance.ports';
import { migrateSchema } from '../maintenance/run-migrations.use-case';
import { LOCK_WAIT_MS } from './backups.ports';
import type { PendingSnapshot } from './backups.ports';
import { type BackupDeps, makeAndPrune } from './backups.use-cases';
import type { DatabaseFileInspector, DatabaseFileReport, FileProblem, LiveDatabase, ScratchDatabases } from './backups.ports';

export interface RestoreDeps extends BackupDeps {
  readonly inspector: DatabaseFileInspector;
  readonly scratches: ScratchDatabases;
  readonly live: LiveDatabase;
  readonly audit: AuditLog;
  /** The live database's migration runner: what this code knows. */
  readonly migrations: MigrationRunner;
}

export type CandidateError = FileProblem | DomainError<'BACKUP_FROM_NEWER_VERSION'> | DomainError<'BACKUP_INCOMPATIBLE'>;

const busy = () => err(domainError('MAINTENANCE_BUSY', 'A backup, restore or migration is already running; try again shortly'));
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * A restore candidate's checks: a sound SQLite file (`check` and foreign_key_check) whose schema
 * this code can bring forward — every migration it records is known here.
 */
/**
 * Verifies and lists a restore's copy of the previous content as its pre-restore backup. If that
 * fails, the restore has happened all the same (it was the operator's call and the copy is
 * consistent): the copy is set aside under a name never listed, and the warning says where.
 */
async function keepPreRestore(
  d: RestoreDeps,
  snapshot: PendingSnapshot,
  trigger: string,
): Promise<{ filename: string | null; warning: string | null }> {
  const kept = await makeAndPrune(d, 'pre-restore', trigger, false, () =>
    d.maker.keep(snapshot, { kind: 'pre-restore', trigger, fullCheck: false }),
  );
  if (kept.ok) return { filename: kept.value.filename, warning: null };
  try {
    const where = await d.maker.setAside(snapshot, 'pre-restore');
    return {
      filename: null,
      warning: `The pre-restore backup failed (${kept.error.message}); the unverified copy of the previous content is at ${where}`,
    };
  } catch (e) {
    // Never discarded: it may be the only copy of the orders taken before the restore. The next
    // start tries to keep it again.
    return {
      filename: null,
      warning: `The pre-restore backup failed (${kept.error.message}) and its copy could not be moved beside the backups (${messageOf(e)}); it stays at ${snapshot.location}`,
    };
  }
}

async function examine(
  d: RestoreDeps,
  location: string,
  check: 'quick_check' | 'integrity_check',
): Promise<Result<{ report: DatabaseFileReport; pending: readonly KnownMigration[] }, CandidateError>> {
  const inspected = await d.inspector.inspect(location, check);
  if (!inspected.ok) return inspected;
  const plan = planMigrations(d.migrations.known(), inspected.value.recorded);
  if (!plan.ok) {
    if (plan.error.code === 'UNKNOWN_APPLIED_MIGRATION') {
      const known = new Set(d.migrations.known().map((m) => m.id));
      const newer = inspected.value.recorded.filter((r) => r.success && !known.has(r.id)).map((r) => r.id);
      return err(
        domainError(
          'BACKUP_FROM_NEWER_VERSION',
          `This database comes from a newer version of the backend: it records migration(s) ${newer.join(', ')} that this version does not know. ` +
            'Restore it with that version, or choose a backup made before the upgrade.',
        ),
      );
    }
    return err(domainError('BACKUP_INCOMPATIBLE', `This database cannot be restored by this version: ${plan.error.message}`));
  }
  return ok({ report: inspected.value, pending: plan.value.pending });
}

export type RestoreSource = { readonly backup: string } | { readonly path: string };

export interface RestoreInput {
  readonly source: RestoreSource;
  /** Must equal the backup's file name (or the path given): a restore is never a mis-click. */
  readonly confirm: string | null;
  readonly actor: Actor;
  readonly progress?: (stage: string, fraction?: number) => void;
}

export interface RestoreOutput {
  readonly restored: string;
  /** The listed backup of the content before the restore (the rollback), or null when its copy failed verification. */
  readonly preRestoreBackup: string | null;
  /** Why there is no pre-restore backup, and where the unverified copy was kept. */
  readonly preRestoreWarning: string | null;
  readonly migrationsApplied: string[];
  readonly writesPausedMs: number;
  readonly tableCounts: Record<string, number>;
}

export type RestoreError =
  | CandidateError
  | DomainError<'BACKUP_NOT_FOUND'>
  | DomainError<'CONFIRMATION_MISMATCH'>
  | DomainError<'MAINTENANCE_BUSY'>
  | DomainError<'RESTORE_FAILED'>
  | DomainError<'INSUFFICIENT_SPACE'>;

const label = (s: RestoreSource): string => ('backup' in s ? s.backup : s.path);

/**
 * RestoreBackup: replaces the live database with a verified backup, online.
 *
 * The candidate is verified and copied to a scratch file where pending migrations run and which
 * is sealed (quick_check), so the live database is only touched once, by one crash-safe swap with
 * writes paused (LiveDatabase.swapIn). The previous content — every order acknowledged so far —
 * becomes the `pre-restore` backup once verified after the pause. Any failure before the swap
 * leaves the live database as it was; a failed check after it puts the previous one back.
 * Rollback is restoring the pre-restore backup.
 */
export class RestoreBackup {
  constructor(private readonly d: RestoreDeps) {}

  async execute(input: RestoreInput): Promise<Result<RestoreOutput, RestoreError>> {
    const name = label(input.source);
    if (input.confirm !== name) {
      return err(domainError('CONFIRMATION_MISMATCH', `Confirmation does not match: send {"confirm": "${name}"} to restore ${name}`));
    }
    const held = await this.d.lock.run(`restore of ${name}`, LOCK_WAIT_MS, () => this.run(input, name));
    if (!held) return busy();
    if (!held.value.ok && held.value.error.code === 'RESTORE_FAILED') {
      await this.d.audit
        .record({
          at: this.d.clock.now(),
          actor: input.actor.username,
          action: 'RESTORE_FAILED',
          table: 'database',
          recordId: null,
          before: null,
          after: { source: name, error: held.value.error.message },
          ip: input.actor.ip,
          userAgent: input.actor.userAgent,
        })
        .catch(() => undefined);
    }
    return held.value;
  }

  private async run(input: RestoreInput, name: string): Promise<Result<RestoreOutput, RestoreError>> {
    const d = this.d;
    const progress = input.progress ?? (() => undefined);
    let location: string;
    let createdAt: string | null = null;
    if ('backup' in input.source) {
      const found = isBackupFileName(input.source.backup) ? await d.store.locate(input.source.backup) : null;
      if (!found) return err(domainError('BACKUP_NOT_FOUND', 'Backup not found or invalid filename'));
      location = found.location;
      createdAt = found.entry.createdAt;
    } else {
      location = input.source.path;
    }

    progress('verifying the backup (its integrity, foreign keys and schema)');
    const candidate = await examine(d, location, 'integrity_check');
    if (!candidate.ok) return candidate;
    const space = await d.store.space();
    // Room for the scratch copy and the pre-restore backup.
    const needed = candidate.value.report.sizeBytes + space.databaseBytes;
    if (space.freeBytes < needed * 1.1) {
      return err(
        domainError(
          'INSUFFICIENT_SPACE',
          `Not enough free space to restore: ${space.freeBytes} bytes free, about ${Math.ceil(needed * 1.1)} needed (a working copy and a pre-restore backup)`,
        ),
      );
    }

    progress('preparing a working copy and bringing its schema up to date');
    let scratch;
    try {
      scratch = await d.scratches.copyOf(location);
    } catch (e) {
      return err(domainError('RESTORE_FAILED', `The live database was not touched: copying the backup failed (${messageOf(e)})`));
    }
    try {
      const migrated = await migrateSchema(scratch.migrations, null, { trigger: `restore of ${name}`, requestedBy: input.actor.username });
      if (!migrated.ok) {
        return err(
          domainError(
            'RESTORE_FAILED',
            `The live database was not touched: the backup could not be brought up to this version's schema (${migrated.error.message})`,
          ),
        );
      }
      try {
        await scratch.seal();
      } catch (e) {
        return err(
          domainError('RESTORE_FAILED', `The live database was not touched: the prepared copy failed its check (${messageOf(e)})`),
        );
      }
      const before = await d.live.tableCounts();

      // Inside the pause only the swap: the live file and the prepared copy trade places (two
      // renames, journaled), so the pause does not grow with the database. The previous content,
      // every write acknowledged before the pause, is then a file of its own: it is verified,
      // hashed and listed as the pre-restore backup after writes resume.
      progress('writes paused: swapping in the restored database');
      const pausedAt = d.clock.now();
      let snapshot: PendingSnapshot | null = null;
      const swapped = await d.live.withWritesPaused(`restore of ${name}`, async (): Promise<Result<true, RestoreError>> => {
        let check: string;
        progress('writes paused: swapping in the restored database', 0);
        try {
          ({ previous: snapshot, check } = await d.live.swapIn(scratch.location));
        } catch (e) {
          return err(domainError('RESTORE_FAILED', `The live database was not touched: replacing it failed (${messageOf(e)})`));
        }
        if (check === 'ok') {
          progress('writes paused: swapping in the restored database', 1);
          return ok(true);
        }
        let back: string;
        try {
          back = await d.live.swapBack(snapshot);
          snapshot = null;
        } catch (e) {
          back = messageOf(e);
        }
        return err(
          domainError(
            'RESTORE_FAILED',
            `The restored database failed its check (${check}); the previous database was put back (check: ${back})`,
          ),
        );
      });
      const writesPausedMs = Math.round(d.clock.now().diff(pausedAt).as('milliseconds'));
      const pre = snapshot ? await keepPreRestore(d, snapshot, `before restoring ${name} (${input.actor.username})`) : null;
      if (pre) await d.live.settle();
      if (!swapped.ok) return swapped;
      if (!pre) throw new Error('unreachable: a restore that swapped has its pre-restore copy');

      const after = await d.live.tableCounts();
      const migrationsApplied = migrated.value.executed;
      await d.audit.record({
        at: d.clock.now(),
        actor: input.actor.username,
        action: 'RESTORE',
        table: 'database',
        recordId: null,
        before: { tableCounts: before, preRestoreBackup: pre.filename, preRestoreWarning: pre.warning },
        after: { restoredFrom: name, backupCreatedAt: createdAt, migrationsApplied, tableCounts: after, writesPausedMs },
        ip: input.actor.ip,
        userAgent: input.actor.userAgent,
      });
      progress('done');
      await d.live.compact().catch(() => undefined);
      return ok({
        restored: name,
        preRestoreBackup: pre.filename,
        preRestoreWarning: pre.warning,
        migrationsApplied,
        writesPausedMs,
        tableCounts: after,
      });
    } finally {
      await scratch.discard();
    }
  }
}

export interface RestorePreview {
  readonly source: string;
  /** Null for a file given by path (the CLI). */
  readonly kind: string | null;
  readonly createdAt: string | null;
  readonly ageHours: number | null;
  readonly size: number;
  readonly sha256: string | null;
  readonly verification: { readonly atCreation: string | null; readonly now: string };
  readonly tables: { table: string; backup: number | null; current: number | null; difference: number }[];
  readonly migrationsToRun: string[];
  readonly restorable: boolean;
  readonly problem: string | null;
}

/** What restoring would do: the backup's age and checks, row counts against now, migrations to run. */
export class PreviewRestore {
  constructor(private readonly d: RestoreDeps) {}

  async execute(source: RestoreSource): Promise<Result<RestorePreview, DomainError<'BACKUP_NOT_FOUND'>>> {
    let location: string;
    let found: Awaited<ReturnType<RestoreDeps['store']['locate']>> = null;
    if ('backup' in source) {
      found = isBackupFileName(source.backup) ? await this.d.store.locate(source.backup) : null;
      if (!found) return err(domainError('BACKUP_NOT_FOUND', 'Backup not found or invalid filename'));
      location = found.location;
    } else {
      location = source.path;
    }
    const examined = await examine(this.d, location, 'quick_check');
    const current = await this.d.live.tableCounts();
    const inBackup = examined.ok ? examined.value.report.tableCounts : {};
    const names = [...new Set([...Object.keys(inBackup), ...Object.keys(current)])].sort();
    const createdAt = found?.entry.createdAt ?? null;
    return ok({
      source: label(source),
      kind: found?.entry.kind ?? null,
      createdAt,
      ageHours: createdAt ? Math.round(((this.d.clock.now().toMillis() - Date.parse(createdAt)) / 3_600_000) * 100) / 100 : null,
      size: found?.entry.size ?? (examined.ok ? examined.value.report.sizeBytes : 0),
      sha256: found?.entry.sha256 ?? null,
      verification: {
        atCreation: found?.verifiedWith ?? null,
        now: examined.ok ? (examined.value.report.summary ?? 'quick_check ok, foreign_key_check ok') : examined.error.message,
      },
      tables: names.map((table) => {
        const b = inBackup[table] ?? null;
        const c = current[table] ?? null;
        return { table, backup: b, current: c, difference: (b ?? 0) - (c ?? 0) };
      }),
      migrationsToRun: examined.ok ? examined.value.pending.map((m) => m.id) : [],
      restorable: examined.ok,
      problem: examined.ok ? null : examined.error.message,
    });
  }
}

/** A backup file sent by an admin: verified like a restore candidate, then listed as `uploaded`. */
export class UploadBackup {
  constructor(private readonly d: RestoreDeps) {}

  async execute(input: {
    location: string;
    originalName: string;
    actor: Actor;
  }): Promise<
    Result<
      { entry: BackupEntry; migrationsToRun: string[] },
      CandidateError | DomainError<'MAINTENANCE_BUSY'> | DomainError<'BACKUP_FAILED'>
    >
  > {
    const examined = await examine(this.d, input.location, 'integrity_check');
    if (!examined.ok) return examined;
    const held = await this.d.lock.run('backup upload', LOCK_WAIT_MS, async () => {
      const entry = await this.d.maker.adopt(input.location, {
        kind: 'uploaded',
        trigger: `upload by ${input.actor.username}: ${input.originalName}`,
        verifiedWith: 'integrity_check',
      });
      for (const name of backupsToPrune(await this.d.store.list(), this.d.settings.retainCount))
        if (name !== entry.filename) await this.d.store.remove(name);
      return entry;
    });
    if (!held) return busy();
    await this.d.audit.record({
      at: this.d.clock.now(),
      actor: input.actor.username,
      action: 'BACKUP_UPLOAD',
      table: 'backups',
      recordId: null,
      before: null,
      after: { filename: held.value.filename, originalName: input.originalName, size: held.value.size, sha256: held.value.sha256 },
      ip: input.actor.ip,
      userAgent: input.actor.userAgent,
    });
    return ok({ entry: held.value, migrationsToRun: examined.value.pending.map((m) => m.id) });
  }
}

export interface DryRunResult {
  readonly id: string;
  readonly status: 'ok' | 'failed' | 'not run';
  readonly durationMs: number | null;
  readonly error: string | null;
}

/** Applies the pending migrations to a scratch copy of the live database, reports, deletes the copy. */
export class DryRunMigrations {
  constructor(private readonly d: RestoreDeps) {}

  async execute(
    actor: Actor,
  ): Promise<Result<{ pending: string[]; results: DryRunResult[]; wouldSucceed: boolean; totalMs: number }, DomainError>> {
    const held = await this.d.lock.run('migration dry run', LOCK_WAIT_MS, async () => {
      let scratch;
      try {
        scratch = await this.d.scratches.copyOf(null);
      } catch (e) {
        return err(domainError('DRY_RUN_FAILED', `Could not copy the database for the dry run: ${messageOf(e)}`));
      }
      try {
        const plan = planMigrations(scratch.migrations.known(), await scratch.migrations.recorded());
        if (!plan.ok) return plan;
        const results: DryRunResult[] = [];
        let failed = false;
        for (const m of plan.value.pending) {
          if (failed) {
            results.push({ id: m.id, status: 'not run', durationMs: null, error: null });
            continue;
          }
          try {
            const r = await scratch.migrations.apply(m.id, { appliedBy: actor.username, reason: 'dry run' });
            results.push({ id: m.id, status: 'ok', durationMs: r.durationMs, error: null });
          } catch (e) {
            failed = true;
            results.push({ id: m.id, status: 'failed', durationMs: null, error: messageOf(e) });
          }
        }
        return ok({
          pending: plan.value.pending.map((m) => m.id),
          results,
          wouldSucceed: !failed,
          totalMs: results.reduce((n, r) => n + (r.durationMs ?? 0), 0),
        });
      } finally {
        await scratch.discard();
      }
    });
    return held ? held.value : busy();
  }
}

/**
 * At start-up, after a restore was interrupted once its new database was in place: keeps each
 * previous content it left (every order acknowledged before that restore) as a verified
 * pre-restore backup, or sets it aside unlisted when it fails verification — never deletes it.
 */
export class KeepInterruptedRestores {
  constructor(private readonly d: RestoreDeps) {}

  async execute(locations: readonly string[]): Promise<{ kept: string[]; warnings: string[] }> {
    const kept: string[] = [];
    const warnings: string[] = [];
    for (const location of locations) {
      const r = await keepPreRestore(this.d, { location, takenAt: this.d.clock.now() }, 'kept at start-up after an interrupted restore');
      if (r.filename) kept.push(r.filename);
      if (r.warning) warnings.push(r.warning);
    }
    await this.d.live.settle();
    return { kept, warnings };
  }
}
