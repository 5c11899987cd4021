import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { SqlRunner } from '../sql-runner';
import type { KnownMigration, RecordedMigration } from '../../../domain/maintenance/migration-plan';
import type { MigrationProvenance, MigrationRunner } from '../../../application/maintenance/maintenance.ports';
import type { Migration, MigrationStep } from '../../../../migrations';
import type { SqliteStore } from '../data-source';

import { type Query, SQLITE_CATALOG, quoteId, readLog, tableColumns, tableExists, writeLogRow } from '../../sqlite/migration-log';

/**
 * migration_log, as this code creates it: the original backend's columns first (so the original
 * can still read and write it after a rollback), then the runbook's and this code's additions.
 */
const LOG_COLUMNS: ReadonlyArray<[string, string]> = [
  ['name', 'TEXT'],
  ['executed_at', 'TEXT'],
  ['success', 'INTEGER DEFAULT 1'],
  ['error_message', 'TEXT'],
  ['migration_id', 'TEXT'],
  ['applied_at', 'TEXT'],
  ['checksum', 'TEXT'],
  ['duration_ms', 'INTEGER'],
  ['app_version', 'TEXT'],
  ['applied_by', 'TEXT'],
  ['reason', 'TEXT'],
];
const CREATE_LOG =
  'CREATE TABLE migration_log (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE NOT NULL, executed_at TEXT NOT NULL, ' +
  'success INTEGER NOT NULL DEFAULT 1, error_message TEXT, migration_id TEXT, applied_at TEXT, checksum TEXT, duration_ms INTEGER, ' +
  'app_version TEXT, applied_by TEXT, reason TEXT)';
/*
 * The runbook's manual fix inserts only (migration_id, applied_at). On a table in the original's
 * shape (name and executed_at NOT NULL) that INSERT would fail, so this trigger writes the full
 * row instead and drops the partial one (RAISE(IGNORE) skips just that row, silently).
 */
const RUNBOOK_INSERT_TRIGGER =
  'CREATE TRIGGER IF NOT EXISTS migration_log_runbook_insert BEFORE INSERT ON migration_log ' +
  'WHEN NEW.name IS NULL AND NEW.migration_id IS NOT NULL BEGIN ' +
  'INSERT INTO migration_log (name, executed_at, success, migration_id, applied_at, applied_by, reason) VALUES ' +
  "(NEW.migration_id, COALESCE(NEW.applied_at, strftime('%Y-%m-%dT%H:%M:%f+00:00','now')), 1, NEW.migration_id, " +
  "COALESCE(NEW.applied_at, strftime('%Y-%m-%dT%H:%M:%f+00:00','now')), COALESCE(NEW.applied_by, 'manual SQL'), " +
  "COALESCE(NEW.reason, 'runbook: Migration Stuck')); SELECT RAISE(IGNORE); END";

export const migrationChecksum = (m: Migration): string =>
  createHash('sha256')
    .update(JSON.stringify({ id: m.id, steps: m.steps }))
    .digest('hex');

export class SqliteMigrationRunner implements MigrationRunner {
  private readonly registry: ReadonlyArray<{ migration: Migration; checksum: string }>;

  constructor(
    private readonly store: SqliteStore,
    migrations: readonly Migration[],
    private readonly appVersion: string,
  ) {
    this.registry = migrations.map((migration) => ({ migration, checksum: migrationChecksum(migration) }));
  }

  known(): readonly KnownMigration[] {
    return this.registry.map(({ migration, checksum }) => ({ id: migration.id, checksum, description: migration.description }));
  }

  async recorded(): Promise<RecordedMigration[]> {
    return readLog((sql, params) => this.store.query(sql, params));
  }

  async apply(id: string, provenance: MigrationProvenance): Promise<{ applied: boolean; durationMs: number }> {
    const entry = this.entry(id);
    return this.store.write(async (m) => {
      const q = managerQuery(m);
      // Re-read under the write lock: another process may have applied it while we waited.
      if ((await readLog(q)).some((r) => r.id === id && r.success)) return { applied: false, durationMs: 0 };
      await ensureLogTable(q);
      const started = performance.now();
      for (const step of entry.migration.steps) await runStep(q, step);
      const durationMs = Math.round(performance.now() - started);
      await this.logRow(q, id, { success: true, error: null, checksum: entry.checksum, durationMs, provenance });
      return { applied: true, durationMs };
    });
  }

  async recordFailure(id: string, message: string, provenance: MigrationProvenance): Promise<void> {
    await this.store.write(async (m) => {
      const q = managerQuery(m);
      if ((await readLog(q)).some((r) => r.id === id && r.success)) return;
      await ensureLogTable(q);
      await this.logRow(q, id, {
        success: false,
        error: message.slice(0, 2000),
        checksum: this.entry(id).checksum,
        durationMs: null,
        provenance,
      });
    });
  }

  async markApplied(id: string, provenance: MigrationProvenance): Promise<void> {
    const entry = this.entry(id);
    await this.store.write(async (m) => {
      const q = managerQuery(m);
      await ensureLogTable(q);
      await this.logRow(q, id, { success: true, error: null, checksum: entry.checksum, durationMs: 0, provenance });
    });
  }

  async hasData(): Promise<boolean> {
    const tables = await this.store.query<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migration_log'",
    );
    for (const { name } of tables) {
      const rows = await this.store.query(`SELECT 1 FROM ${quoteId(name)} LIMIT 1`);
      if (rows.length > 0) return true;
    }
    return false;
  }

  private logRow(
    q: Query,
    id: string,
    row: { success: boolean; error: string | null; checksum: string; durationMs: number | null; provenance: MigrationProvenance },
  ): Promise<void> {
    return writeLogRow(q, SQLITE_CATALOG, id, { ...row, appVersion: this.appVersion });
  }

  private entry(id: string): { migration: Migration; checksum: string } {
    const entry = this.registry.find((e) => e.migration.id === id);
    if (!entry) throw new Error(`Unknown migration ${id}`);
    return entry;
  }
}

const managerQuery =
  (m: SqlRunner): Query =>
  async (sql, params = []) =>
    (await m.query(sql, params)) as Record<string, unknown>[];

/** Creates migration_log, or extends an adopted one with the missing columns; keeps every row. */
async function ensureLogTable(q: Query): Promise<void> {
  if (!(await tableExists(q, 'migration_log'))) {
    await q(CREATE_LOG);
  } else {
    const cols = await tableColumns(q, 'migration_log');
    for (const [column, definition] of LOG_COLUMNS) {
      if (!cols.has(column)) await q(`ALTER TABLE migration_log ADD COLUMN ${column} ${definition}`);
    }
  }
  await q('CREATE UNIQUE INDEX IF NOT EXISTS idx_migration_log_migration_id ON migration_log(migration_id)');
  await q(RUNBOOK_INSERT_TRIGGER);
}

async function runStep(q: Query, step: MigrationStep): Promise<void> {
  switch (step.kind) {
    case 'createTable':
      await q(`CREATE TABLE IF NOT EXISTS ${quoteId(step.table)} (${step.columns})`);
      return;
    case 'addColumn':
      if ((await tableExists(q, step.table)) && !(await tableColumns(q, step.table)).has(step.column)) {
        await q(`ALTER TABLE ${quoteId(step.table)} ADD COLUMN ${quoteId(step.column)} ${step.definition}`);
      }
      return;
    case 'createIndex':
      if (await tableExists(q, step.table)) {
        await q(
          `CREATE ${step.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${quoteId(step.name)} ON ${quoteId(step.table)}(${step.columns})`,
        );
      }
      return;
    case 'createTrigger':
      if (await tableExists(q, step.table)) await q(`CREATE TRIGGER IF NOT EXISTS ${quoteId(step.name)} ${step.body}`);
      return;
    case 'backfill':
      if (await tableExists(q, step.table)) await q(step.sql);
      return;
    case 'noop':
      return;
  }
}
