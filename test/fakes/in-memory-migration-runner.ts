import { createHash } from 'node:crypto';
import type { KnownMigration, RecordedMigration } from '../../src/domain/maintenance/migration-plan';
import type { MigrationProvenance, MigrationRunner } from '../../src/application/maintenance/maintenance.ports';

export interface FakeMigration {
  readonly id: string;
  readonly description?: string;
  /** Runs when applied; throwing makes the migration fail. */
  readonly up?: (state: Map<string, unknown>) => void;
}

/** A working in-memory migration runner: a "schema" map and a log, with the port's semantics. */
export class InMemoryMigrationRunner implements MigrationRunner {
  readonly schema = new Map<string, unknown>();
  readonly log: (RecordedMigration & { provenance?: MigrationProvenance })[] = [];
  data = false;

  constructor(private readonly migrations: FakeMigration[]) {}

  known(): readonly KnownMigration[] {
    return this.migrations.map((m) => ({
      id: m.id,
      description: m.description ?? m.id,
      checksum: createHash('sha256')
        .update(m.id + (m.description ?? ''))
        .digest('hex'),
    }));
  }

  async recorded(): Promise<RecordedMigration[]> {
    return this.log.map(({ provenance: _p, ...r }) => ({ ...r }));
  }

  async apply(id: string, provenance: MigrationProvenance): Promise<{ applied: boolean; durationMs: number }> {
    if (this.log.some((r) => r.id === id && r.success)) return { applied: false, durationMs: 0 };
    const migration = this.find(id);
    const before = new Map(this.schema);
    try {
      migration.up?.(this.schema);
    } catch (e) {
      // All or nothing, like a transaction.
      this.schema.clear();
      for (const [k, v] of before) this.schema.set(k, v);
      throw e;
    }
    this.upsert({
      id,
      appliedAt: '2026-01-01T00:00:00+00:00',
      checksum: this.checksumOf(id),
      success: true,
      errorMessage: null,
      provenance,
    });
    return { applied: true, durationMs: 1 };
  }

  async recordFailure(id: string, message: string, provenance: MigrationProvenance): Promise<void> {
    if (this.log.some((r) => r.id === id && r.success)) return;
    this.upsert({
      id,
      appliedAt: '2026-01-01T00:00:00+00:00',
      checksum: this.checksumOf(id),
      success: false,
      errorMessage: message,
      provenance,
    });
  }

  async markApplied(id: string, provenance: MigrationProvenance): Promise<void> {
    this.find(id);
    this.upsert({
      id,
      appliedAt: '2026-01-01T00:00:00+00:00',
      checksum: this.checksumOf(id),
      success: true,
      errorMessage: null,
      provenance,
    });
  }

  async hasData(): Promise<boolean> {
    return this.data;
  }

  private find(id: string): FakeMigration {
    const m = this.migrations.find((x) => x.id === id);
    if (!m) throw new Error(`Unknown migration ${id}`);
    return m;
  }

  private checksumOf(id: string): string {
    return this.known().find((k) => k.id === id)!.checksum;
  }

  private upsert(row: RecordedMigration & { provenance?: MigrationProvenance }): void {
    const i = this.log.findIndex((r) => r.id === row.id);
    if (i >= 0) this.log[i] = row;
    else this.log.push(row);
  }
}
