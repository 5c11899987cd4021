import { planMigrations, type MigrationPlanError } from '../../domain/maintenance/migration-plan';
import { type Result, ok, err } from '../../domain/shared/result';
import { type DomainError, domainError } from '../../domain/shared/domain-error';
import type { MigrationRunner, PreMigrationBackup } from './maintenance.ports';
import type { MaintenanceLock } from '../backups/backups.ports';
import { LOCK_WAIT_MS } from '../backups/backups.ports';

export interface RunMigrationsInput {
  /** What started the run: `startup`, `api`, `cli`. */
  readonly trigger: string;
  /** The user or process that asked for it. */
  readonly requestedBy: string;
}

export interface RunMigrationsOutput {
  readonly executed: string[];
  readonly count: number;
  readonly durations: { id: string; durationMs: number }[];
  /** The pre-migration backup taken before applying, if any. */
  readonly backup: string | null;
}

export type RunMigrationsError =
  MigrationPlanError | DomainError<'MIGRATION_FAILED'> | DomainError<'PRE_MIGRATION_BACKUP_FAILED'> | DomainError<'MAINTENANCE_BUSY'>;

/**
 * Brings the schema of the database behind `runner` up to date: refuses a database it cannot
 * reason about, takes a verified backup first when `backup` is given and there is data to
 * protect, then applies each pending migration in its own transaction, in registry order. Shared
 * by RunMigrations (the live database) and the restore (a scratch copy, no backup).
 */
export async function migrateSchema(
  runner: MigrationRunner,
  preMigrationBackup: PreMigrationBackup | null,
  input: RunMigrationsInput,
): Promise<Result<RunMigrationsOutput, RunMigrationsError>> {
  const plan = planMigrations(runner.known(), await runner.recorded());
  if (!plan.ok) return plan;
  const pending = plan.value.pending;
  if (pending.length === 0) return ok({ executed: [], count: 0, durations: [], backup: null });

  let backup: string | null = null;
  if (preMigrationBackup && (await runner.hasData())) {
    const snap = await preMigrationBackup.capture({ pending: pending.map((m) => m.id), trigger: input.trigger });
    if (!snap.ok) {
      return err(
        domainError('PRE_MIGRATION_BACKUP_FAILED', `No migration was applied: the pre-migration backup failed (${snap.error.message})`),
      );
    }
    backup = snap.value.filename;
  }

  const provenance = { appliedBy: input.requestedBy, reason: input.trigger };
  const executed: string[] = [];
  const durations: { id: string; durationMs: number }[] = [];
  for (const migration of pending) {
    try {
      const result = await runner.apply(migration.id, provenance);
      if (result.applied) {
        executed.push(migration.id);
        durations.push({ id: migration.id, durationMs: result.durationMs });
      }
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      await runner.recordFailure(migration.id, message, provenance);
      return err(
        domainError(
          'MIGRATION_FAILED',
          `Migration ${migration.id} failed and was rolled back (${message}). ` +
            (executed.length ? `Applied before it: ${executed.join(', ')}.` : 'No migration was applied.'),
        ),
      );
    }
  }
  return ok({ executed, count: executed.length, durations, backup });
}

/** Brings the live schema up to date (see migrateSchema), one maintenance task at a time. */
export class RunMigrations {
  constructor(
    private readonly runner: MigrationRunner,
    private readonly preMigrationBackup: PreMigrationBackup | null,
    /** Keeps migrations from overlapping a backup or a restore (none: the caller holds the file alone). */
    private readonly lock: MaintenanceLock | null = null,
  ) {}

  async execute(input: RunMigrationsInput): Promise<Result<RunMigrationsOutput, RunMigrationsError>> {
    if (!this.lock) return migrateSchema(this.runner, this.preMigrationBackup, input);
    const held = await this.lock.run('migration', LOCK_WAIT_MS, () => migrateSchema(this.runner, this.preMigrationBackup, input));
    return held ? held.value : err(domainError('MAINTENANCE_BUSY', 'A backup, restore or migration is already running; try again shortly'));
  }
}
