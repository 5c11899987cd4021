import { type Result, ok, err } from '../shared/result';
import { type DomainError, domainError } from '../shared/domain-error';

/** A migration this code knows, with the checksum of its definition. */
export interface KnownMigration {
  readonly id: string;
  readonly checksum: string;
  readonly description: string;
}

/** A row of migration_log, whatever shape of the table wrote it. */
export interface RecordedMigration {
  readonly id: string;
  readonly appliedAt: string | null;
  /** Null for rows written by the original backend or by the runbook's manual INSERT. */
  readonly checksum: string | null;
  readonly success: boolean;
  readonly errorMessage: string | null;
}

export type MigrationPlanError =
  DomainError<'MIGRATION_CHECKSUM_MISMATCH'> | DomainError<'UNKNOWN_APPLIED_MIGRATION'> | DomainError<'DUPLICATE_MIGRATION_ID'>;

export interface MigrationPlan {
  readonly applied: readonly RecordedMigration[];
  readonly pending: readonly KnownMigration[];
  readonly failed: readonly RecordedMigration[];
}

/**
 * Decides what may run. The registry order is the execution order. A database is refused when it
 * records a migration this code does not know (it comes from a newer version) or when an applied
 * migration's definition has changed since it ran: in both cases running on would leave a schema
 * nobody can reason about.
 */
export function planMigrations(
  known: readonly KnownMigration[],
  recorded: readonly RecordedMigration[],
): Result<MigrationPlan, MigrationPlanError> {
  const ids = new Set<string>();
  for (const m of known) {
    if (ids.has(m.id)) return err(domainError('DUPLICATE_MIGRATION_ID', `Migration id ${m.id} is registered twice`));
    ids.add(m.id);
  }
  const byId = new Map(known.map((m) => [m.id, m]));
  const applied = recorded.filter((r) => r.success);
  const unknown = applied.filter((r) => !byId.has(r.id)).map((r) => r.id);
  if (unknown.length > 0) {
    return err(
      domainError(
        'UNKNOWN_APPLIED_MIGRATION',
        `The database records migration(s) this version does not know: ${unknown.join(', ')}. ` +
          'It was probably written by a newer version of the backend; run that version, or restore a backup made before it.',
      ),
    );
  }
  const changed = applied.filter((r) => r.checksum !== null && r.checksum !== byId.get(r.id)!.checksum).map((r) => r.id);
  if (changed.length > 0) {
    return err(
      domainError(
        'MIGRATION_CHECKSUM_MISMATCH',
        `Applied migration(s) changed since they ran: ${changed.join(', ')}. ` +
          'A migration must never be edited after release; restore its original definition and add a new migration instead.',
      ),
    );
  }
  const appliedIds = new Set(applied.map((r) => r.id));
  return ok({
    applied,
    pending: known.filter((m) => !appliedIds.has(m.id)),
    failed: recorded.filter((r) => !r.success && !appliedIds.has(r.id)),
  });
}
