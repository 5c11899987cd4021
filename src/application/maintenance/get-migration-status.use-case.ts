import { planMigrations } from '../../domain/maintenance/migration-plan';
import type { MigrationRunner } from './maintenance.ports';

export interface MigrationStatusOutput {
  /** Every known id, sorted by name (the original's shape). */
  readonly registered: string[];
  readonly executed: { id: string; appliedAt: string | null; checksum: string | null }[];
  readonly pending: string[];
  readonly failed: { id: string; failedAt: string | null; error: string | null }[];
  /** Why the database would be refused at start-up, or null. */
  readonly problem: { code: string; message: string } | null;
}

/** What is applied, pending or failed. Writes nothing. */
export class GetMigrationStatus {
  constructor(private readonly runner: MigrationRunner) {}

  async execute(): Promise<MigrationStatusOutput> {
    const known = this.runner.known();
    const recorded = await this.runner.recorded();
    const plan = planMigrations(known, recorded);
    const successful = recorded.filter((r) => r.success);
    const appliedIds = new Set(successful.map((r) => r.id));
    return {
      registered: known.map((m) => m.id).sort(),
      executed: successful.map((r) => ({ id: r.id, appliedAt: r.appliedAt, checksum: r.checksum })),
      pending: known.filter((m) => !appliedIds.has(m.id)).map((m) => m.id),
      failed: recorded
        .filter((r) => !r.success && !appliedIds.has(r.id))
        .map((r) => ({ id: r.id, failedAt: r.appliedAt, error: r.errorMessage })),
      problem: plan.ok ? null : { code: plan.error.code, message: plan.error.message },
    };
  }
}
