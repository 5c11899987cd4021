import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Client } from 'pg';
import { type Result, ok, err } from '../../domain/shared/result';
import { domainError } from '../../domain/shared/domain-error';
import type { BackupEntry, BackupKind } from '../../domain/backups/backup';
import type { RecordedMigration } from '../../domain/maintenance/migration-plan';
import type { Clock } from '../../application/shared/shared.ports';
import type {
  BackupMaker,
  DatabaseFileInspector,
  DatabaseFileReport,
  FileProblem,
  LiveDatabase,
  MakeBackupInput,
  PendingSnapshot,
  ScratchDatabase,
  ScratchDatabases,
} from '../../application/backups/backups.ports';
import type { Migration } from '../../../migrations';
import { fsyncFileAsync } from '../sqlite/sqlite-file';
import { type Query, readLog } from '../sqlite/migration-log';
import { PostgresStore } from '../persistence/postgres/postgres-store';
import { POSTGRES_CATALOG, PostgresMigrationRunner } from '../persistence/migrations/postgres-migration-runner';
import { toPostgresPlaceholders } from '../persistence/postgres/placeholders';
import { databaseOf, pipeDatabase, quoteIdent, runTool, withClient, withDatabase } from '../persistence/postgres/pg-tools';
import { BackupFolder, removeWithSidecars, snapshotAndKeep } from './backup-folder';
import { OPERATIONS_SCHEMA } from '../persistence/postgres/postgres-counters';
import type { StoredBackupFormat } from './fs-backup-store';

/**
 * Backups and restores of a PostgreSQL database (DATABASE_URL), with the SQLite files' standard:
 * a `pg_dump` custom-format archive of one consistent snapshot, restored into a scratch database
 * to be verified (row counts per table equal to the snapshot's, the migration log readable), then
 * hashed, described by its manifest and only then listed. A restore is prepared in a scratch
 * database and replaces the live content in one transaction, with every instance's writes paused.
 */

/** The previous content of a restore, written before the switch; kept (never deleted) at the next start if a crash left it. */
export const PENDING_PRE_RESTORE_PREFIX = 'pre-restore-pending-';
const PG_DUMP_MAGIC = Buffer.from('PGDMP', 'latin1');

/** Rows per table of the public schema. */
export async function pgTableCounts(q: Query): Promise<Record<string, number>> {
  const tables = await q(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await q(`SELECT count(*) AS n FROM public.${quoteIdent(String(name))}`);
    counts[String(name)] = Number(row?.n ?? 0);
  }
  return counts;
}

const clientQuery =
  (c: Client): Query =>
  async (sql, params = []) =>
    (await c.query(toPostgresPlaceholders(sql), params as unknown[])).rows as Record<string, unknown>[];

/** Counts that differ, in words, or null when equal. */
function countsDiffer(expected: Record<string, number>, actual: Record<string, number>): string | null {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  const wrong = names.filter((n) => expected[n] !== actual[n]).map((n) => `${n}: ${expected[n] ?? 'absent'} → ${actual[n] ?? 'absent'}`);
  return wrong.length ? `row counts differ (${wrong.slice(0, 4).join(', ')}${wrong.length > 4 ? ', …' : ''})` : null;
}

/**
 * Scratch databases on the live database's server, for verifying dumps and preparing restores.
 * They are named after the live database, so what a crash leaves is recognised and dropped (only
 * while nobody holds the maintenance lock: see `dropLeftovers`).
 */
export class ScratchCluster {
  constructor(readonly liveUrl: string) {}

  private get prefix(): string {
    return `${databaseOf(this.liveUrl).slice(0, 28)}_scratch_`;
  }

  async create(): Promise<{ name: string; url: string }> {
    const name = `${this.prefix}${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase();
    await withClient(this.liveUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING 'UTF8'`));
    return { name, url: withDatabase(this.liveUrl, name) };
  }

  async drop(name: string): Promise<void> {
    await withClient(this.liveUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
  }

  /** A restore of `archive` into a new scratch database; dropped again if the restore fails. */
  async restoreInto(archive: string): Promise<{ name: string; url: string }> {
    const scratch = await this.create();
    try {
      await restoreArchive(scratch.url, archive, { replace: false });
      return scratch;
    } catch (e) {
      await this.drop(scratch.name).catch(() => undefined);
      throw e;
    }
  }

  /** Scratch databases a crashed process left. Call holding the maintenance lock (nobody else uses one then). */
  async dropLeftovers(): Promise<string[]> {
    const names = await withClient(this.liveUrl, async (c) => {
      const { rows } = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [
        this.prefix.toLowerCase(),
      ]);
      return rows.map((r) => r.datname);
    });
    for (const name of names) await this.drop(name);
    return names;
  }
}

/** pg_restore of an archive into a database: in one transaction; `replace` drops and recreates what the archive holds. */
export function restoreArchive(url: string, archive: string, options: { replace: boolean }): Promise<string> {
  return runTool({
    tool: 'pg_restore',
    args: [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      ...(options.replace ? ['--clean', '--if-exists'] : []),
      `--dbname=${databaseOf(url)}`,
      archive,
    ],
    url,
  });
}

/** What a database holds: rows per table and its migration log. */
async function describeDatabase(url: string): Promise<{ counts: Record<string, number>; recorded: RecordedMigration[] }> {
  return withClient(url, async (c) => {
    const q = clientQuery(c);
    return { counts: await pgTableCounts(q), recorded: await readLog(q, POSTGRES_CATALOG) };
  });
}

/** The dump format's at-rest check and sizes, for FsBackupStore. */
export function pgDumpFormat(liveUrl: string): StoredBackupFormat {
  return {
    extension: '.dump',
    // Its table of contents reads back whole (the SHA-256 of the manifest already proved every byte).
    check: async (file) => void (await runTool({ tool: 'pg_restore', args: ['--list', file], url: null })),
    databaseBytes: () =>
      withClient(liveUrl, async (c) => {
        const { rows } = await c.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n');
        return Number(rows[0]?.n ?? 0);
      }),
    adoptsLegacy: false,
    // BACKUP_DIR may be shared by several instances: another one's temporary file may be in use.
    leftoverAgeMs: 6 * 3_600_000,
  };
}

export class PgDumpBackupMaker implements BackupMaker {
  private readonly folder: BackupFolder;
  /** Row counts of each pending snapshot, read in the very snapshot pg_dump wrote. */
  private readonly expected = new Map<string, Record<string, number>>();

  constructor(
    private readonly liveUrl: string,
    readonly backupDir: string,
    appVersion: string,
    private readonly clock: Clock,
    private readonly scratch: ScratchCluster,
  ) {
    this.folder = new BackupFolder(backupDir, '.dump', appVersion, clock);
  }

  make(input: MakeBackupInput): Promise<BackupEntry> {
    return snapshotAndKeep(this, input);
  }

  snapshot(): Promise<PendingSnapshot> {
    const takenAt = this.clock.now();
    return this.dumpTo(this.folder.tempName(takenAt.toMillis()), takenAt);
  }

  /**
   * The live database's previous content before a restore's switch, under a name start-up keeps
   * (never a temporary one): if the process dies after the switch, it is the only copy.
   */
  pendingPreRestore(): Promise<PendingSnapshot> {
    const takenAt = this.clock.now();
    fs.mkdirSync(this.backupDir, { recursive: true });
    const file = path.join(
      this.backupDir,
      `${PENDING_PRE_RESTORE_PREFIX}${takenAt.toUTC().toFormat('yyyyLLdd-HHmmss')}-${randomBytes(3).toString('hex')}.dump`,
    );
    return this.dumpTo(file, takenAt);
  }

  /** Rows per table the snapshot at `location` holds, when this process took it. */
  expectedCounts(location: string): Record<string, number> | undefined {
    return this.expected.get(location);
  }

  /**
   * pg_dump of one snapshot exported by a REPEATABLE READ transaction, whose row counts are read
   * in the same snapshot: the verification compares exactly what was dumped. Writers go on.
   */
  private async dumpTo(file: string, takenAt: PendingSnapshot['takenAt']): Promise<PendingSnapshot> {
    try {
      await withClient(this.liveUrl, async (c) => {
        await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        try {
          const { rows } = await c.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
          const counts = await pgTableCounts(clientQuery(c));
          await runTool({
            tool: 'pg_dump',
            args: [
              '--format=custom',
              '--no-owner',
              '--no-privileges',
              `--exclude-schema=${OPERATIONS_SCHEMA}`,
              `--snapshot=${rows[0]!.id}`,
              `--file=${file}`,
            ],
            url: this.liveUrl,
          });
          this.expected.set(file, counts);
        } finally {
          await c.query('COMMIT').catch(() => undefined);
        }
      });
    } catch (e) {
      fs.rmSync(file, { force: true });
      throw e;
    }
    return { location: file, takenAt };
  }

  async keep(snapshot: PendingSnapshot, input: MakeBackupInput): Promise<BackupEntry> {
    await fsyncFileAsync(snapshot.location);
    const verified = await this.verify(snapshot.location, this.expected.get(snapshot.location));
    const entry = await this.folder.finalize(snapshot.location, {
      kind: input.kind,
      trigger: input.trigger,
      check: 'pg_restore',
      started: snapshot.takenAt,
      lastMigration: verified.lastMigration,
      tableCounts: verified.counts,
    });
    this.expected.delete(snapshot.location);
    return entry;
  }

  /**
   * Restores the archive into a scratch database: every table's row count must equal the
   * snapshot's (when known) and the migration log must be readable and non-empty.
   */
  async verify(
    archive: string,
    expected?: Record<string, number>,
  ): Promise<{ counts: Record<string, number>; lastMigration: string | null }> {
    const scratch = await this.scratch.restoreInto(archive).catch((e: Error) => {
      throw new Error(`the dump does not restore: ${e.message}`);
    });
    try {
      const { counts, recorded } = await describeDatabase(scratch.url);
      const differ = expected ? countsDiffer(expected, counts) : null;
      if (differ) throw new Error(`the dump restored with different content: ${differ}`);
      const applied = recorded.filter((r) => r.success);
      if (!applied.length) throw new Error('the dump restored without a migration log: it is not a database of this system');
      return { counts, lastMigration: applied[applied.length - 1]!.id };
    } finally {
      await this.scratch.drop(scratch.name).catch(() => undefined);
    }
  }

  setAside(snapshot: PendingSnapshot, label: string): Promise<string> {
    this.expected.delete(snapshot.location);
    return this.folder.setAside(snapshot.location, label);
  }

  discard(snapshot: PendingSnapshot): void {
    this.expected.delete(snapshot.location);
    removeWithSidecars(snapshot.location);
  }

  async adopt(location: string, input: { kind: BackupKind; trigger: string; verifiedWith: string }): Promise<BackupEntry> {
    const started = this.clock.now();
    const tmp = await this.folder.takeIn(location, started.toMillis());
    try {
      // The caller verified it (DatabaseFileInspector): its counts and last migration, read again from a restore.
      const verified = await this.verify(tmp);
      return await this.folder.finalize(tmp, {
        kind: input.kind,
        trigger: input.trigger,
        check: 'pg_restore',
        started,
        lastMigration: verified.lastMigration,
        tableCounts: verified.counts,
      });
    } finally {
      removeWithSidecars(tmp);
    }
  }
}

/** Reads a dump without touching the live database: its header, its table of contents, then a restore into a scratch database. */
export class PgDumpInspector implements DatabaseFileInspector {
  constructor(private readonly scratch: ScratchCluster) {}

  async inspect(location: string): Promise<Result<DatabaseFileReport, FileProblem>> {
    let size: number;
    const header = Buffer.alloc(5);
    try {
      size = fs.statSync(location).size;
      const fd = fs.openSync(location, 'r');
      try {
        fs.readSync(fd, header, 0, 5, 0);
      } finally {
        fs.closeSync(fd);
      }
    } catch (e) {
      return err(domainError('BACKUP_NOT_SQLITE', `The file cannot be read: ${(e as Error).message}`));
    }
    if (size === 0) return err(domainError('BACKUP_NOT_SQLITE', 'The file is empty: it is not a PostgreSQL dump'));
    if (!header.equals(PG_DUMP_MAGIC))
      return err(
        domainError(
          'BACKUP_NOT_SQLITE',
          'The file is not a PostgreSQL custom-format dump (its first bytes are not "PGDMP"); on PostgreSQL upload a .dump backup of this system (pg_dump --format=custom)',
        ),
      );
    try {
      await runTool({ tool: 'pg_restore', args: ['--list', location], url: null });
    } catch (e) {
      return err(
        domainError(
          'BACKUP_TRUNCATED',
          `The dump's table of contents cannot be read (${(e as Error).message}); the upload or copy was probably cut short: copy it again`,
        ),
      );
    }
    let scratch: { name: string; url: string };
    try {
      scratch = await this.scratch.restoreInto(location);
    } catch (e) {
      return err(domainError('BACKUP_CORRUPT', `The dump does not restore: ${(e as Error).message}`));
    }
    try {
      const { counts, recorded } = await describeDatabase(scratch.url);
      return ok({
        sizeBytes: size,
        recorded,
        tableCounts: counts,
        check: 'pg_restore',
        summary: 'pg_restore into a scratch database ok (constraints checked, row counts and migration log read)',
      });
    } catch (e) {
      return err(domainError('BACKUP_CORRUPT', `The restored dump cannot be read: ${(e as Error).message}`));
    } finally {
      await this.scratch.drop(scratch.name).catch(() => undefined);
    }
  }
}

/** Scratch databases for restores and dry runs: a restored dump, or a copy of the live database. */
export class PgScratchDatabases implements ScratchDatabases {
  constructor(
    private readonly scratch: ScratchCluster,
    private readonly migrations: readonly Migration[],
    private readonly appVersion: string,
  ) {}

  async copyOf(source: string | null): Promise<ScratchDatabase> {
    let db: { name: string; url: string };
    if (source === null) {
      db = await this.scratch.create();
      try {
        await pipeDatabase(this.scratch.liveUrl, db.url, { replace: false, excludeSchema: OPERATIONS_SCHEMA });
      } catch (e) {
        await this.scratch.drop(db.name).catch(() => undefined);
        throw e;
      }
    } else {
      db = await this.scratch.restoreInto(source);
    }
    try {
      const store = await PostgresStore.open(db.url, { poolSize: 2, applicationName: 'chorizaurio scratch' });
      return new PgScratch(db, store, new PostgresMigrationRunner(store, this.migrations, this.appVersion), this.scratch);
    } catch (e) {
      await this.scratch.drop(db.name).catch(() => undefined);
      throw e;
    }
  }
}

class PgScratch implements ScratchDatabase {
  private open = true;
  readonly location: string;

  constructor(
    private readonly db: { name: string; url: string },
    private readonly store: PostgresStore,
    readonly migrations: PostgresMigrationRunner,
    private readonly cluster: ScratchCluster,
  ) {
    this.location = db.url;
  }

  async seal(): Promise<void> {
    await this.close();
    const { counts } = await describeDatabase(this.db.url);
    if (!Object.keys(counts).length) throw new Error('the prepared database has no tables');
  }

  async discard(): Promise<void> {
    await this.close().catch(() => undefined);
    await this.cluster.drop(this.db.name);
  }

  private async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.store.close();
  }
}

/**
 * The live PostgreSQL database, for restores. Inside the pause (every instance's writes refused):
 * a dump of the previous content (the pre-restore backup, kept whatever happens next), then the
 * prepared scratch database replaces the live content in ONE transaction (pg_dump | pg_restore
 * --clean --single-transaction): readers see the old content until the commit, then the new, and
 * a crash or failure at any point leaves the live database as it was.
 */
export class PgLiveDatabase implements LiveDatabase {
  constructor(
    private readonly store: PostgresStore,
    private readonly maker: PgDumpBackupMaker,
  ) {}

  tableCounts(): Promise<Record<string, number>> {
    return pgTableCounts((sql, params) => this.store.query(sql, params ?? []));
  }

  withWritesPaused<T>(reason: string, work: () => Promise<T>): Promise<T> {
    return this.store.withWritesPaused(reason, work);
  }

  async swapIn(location: string): Promise<{ previous: PendingSnapshot; check: string }> {
    const previous = await this.maker.pendingPreRestore();
    // If the switch fails, the live database was not changed; the dump stays (kept at the next start).
    await pipeDatabase(location, this.store.url, { replace: true });
    const wanted = (await describeDatabase(location)).counts;
    return { previous, check: countsDiffer(wanted, await this.tableCounts()) ?? 'ok' };
  }

  async swapBack(previous: PendingSnapshot): Promise<string> {
    await restoreArchive(this.store.url, previous.location, { replace: true });
    const wanted = this.maker.expectedCounts(previous.location);
    return wanted ? (countsDiffer(wanted, await this.tableCounts()) ?? 'ok') : 'ok';
  }

  async settle(): Promise<void> {}

  async compact(): Promise<void> {
    await this.store.query('ANALYZE');
  }
}

/** Pre-restore dumps a crash left in the backup folder (to keep as backups at start-up). */
export function pendingPreRestores(backupDir: string): string[] {
  if (!fs.existsSync(backupDir)) return [];
  return fs
    .readdirSync(backupDir)
    .filter((n) => n.startsWith(PENDING_PRE_RESTORE_PREFIX) && n.endsWith('.dump'))
    .sort()
    .map((n) => path.join(backupDir, n));
}
