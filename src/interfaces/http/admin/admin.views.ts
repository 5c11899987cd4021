import type { MigrationStatusOutput } from '../../../application/maintenance/get-migration-status.use-case';

/** The migration status of API.md §12.3, also what `chorizaurio migrate status --json` prints. */
export const migrationStatusView = (s: MigrationStatusOutput) => ({
  registered: s.registered,
  executed: s.executed.map((e) => ({ name: e.id, executed_at: e.appliedAt, checksum: e.checksum })),
  pending: s.pending,
  failed: s.failed.map((f) => ({ name: f.id, executed_at: f.failedAt, error: f.error })),
  problem: s.problem,
});
