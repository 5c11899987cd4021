import { type Result, ok, err } from '../../domain/shared/result';
import { type DomainError, domainError } from '../../domain/shared/domain-error';
import type { MigrationRunner } from './maintenance.ports';

export interface MarkMigrationAppliedInput {
  readonly id: string;
  readonly reason: string;
  readonly requestedBy: string;
}

export type MarkMigrationAppliedError = DomainError<'UNKNOWN_MIGRATION'> | DomainError<'ALREADY_APPLIED'> | DomainError<'REASON_REQUIRED'>;

/**
 * The runbook's "Migration Stuck" fix made safe: only a migration this code knows can be marked,
 * only once, and the log keeps who did it and why.
 */
export class MarkMigrationApplied {
  constructor(private readonly runner: MigrationRunner) {}

  async execute(input: MarkMigrationAppliedInput): Promise<Result<{ id: string }, MarkMigrationAppliedError>> {
    if (input.reason.trim().length === 0) {
      return err(domainError('REASON_REQUIRED', 'Say why the migration is being marked as applied (--reason "…")'));
    }
    const known = this.runner.known();
    if (!known.some((m) => m.id === input.id)) {
      return err(domainError('UNKNOWN_MIGRATION', `Unknown migration id "${input.id}". Known ids: ${known.map((m) => m.id).join(', ')}`));
    }
    const recorded = await this.runner.recorded();
    if (recorded.some((r) => r.id === input.id && r.success)) {
      return err(domainError('ALREADY_APPLIED', `Migration ${input.id} is already recorded as applied`));
    }
    await this.runner.markApplied(input.id, { appliedBy: input.requestedBy, reason: input.reason.trim() });
    return ok({ id: input.id });
  }
}
