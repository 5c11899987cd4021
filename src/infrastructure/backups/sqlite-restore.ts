import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Result, ok, err } from '../../domain/shared/result';
import { domainError } from '../../domain/shared/domain-error';
import type {
  DatabaseFileInspector,
  DatabaseFileReport,
  FileProblem,
  LiveDatabase,
  ScratchDatabase,
  ScratchDatabases,
} from '../../application/backups/backups.ports';
import { RawSqlite, hasSqliteHeader, renameDurably } from '../sqlite/sqlite-file';
import { SqliteStore } from '../persistence/data-source';
import type { Clock } from '../../application/shared/shared.ports';
import type { PendingSnapshot } from '../../application/backups/backups.ports';
import {
  type RestoreJournalEntry,
  previousContentPath,
  readJournal,
  removeJournal,
  settleToSingleFile,
  writeJournal,
} from './restore-journal';
import { SqliteMigrationRunner } from '../persistence/migrations/sqlite-migration-runner';
import { type Query, readLog } from '../sqlite/migration-log';
import { verifyDatabaseFile, pageProblems, foreignKeyViolations } from '../sqlite/checks';
import { snapshotDatabase } from '../sqlite/online-backup';
import type { Migration } from '../../../migrations';

/** Rows per user table. */
export async function countRows(q: Query): Promise<Record<string, number>> {
  const tables = await q("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await q(`SELECT count(*) AS n FROM "${String(name).replace(/"/g, '""')}"`);
    counts[String(name)] = Number(row?.n ?? 0);
  }
  return counts;
}

/** The SQLite header facts a truncated or foreign file is recognised by (https://sqlite.org/fileformat.html). */
function readHeader(file: string): { size: number; header: Buffer } {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(Math.min(100, size));
    fs.readSync(fd, header, 0, header.length, 0);
    return { size, header };
  } finally {
    fs.closeSync(fd);
  }
}

export class SqliteFileInspector implements DatabaseFileInspector {
  async inspect(location: string, check: 'quick_check' | 'integrity_check'): Promise<Result<DatabaseFileReport, FileProblem>> {
    let size: number;
    let header: Buffer;
    try {
      ({ size, header } = readHeader(location));
    } catch (e) {
      return err(domainError('BACKUP_NOT_SQLITE', `The file cannot be read: ${(e as Error).message}`));
    }
    if (size === 0) return err(domainError('BACKUP_NOT_SQLITE', 'The file is empty: it is not a SQLite database'));
    if (!hasSqliteHeader(header)) {
      const magic = Buffer.from('SQLite format 3\0', 'latin1');
      if (size < 100 && header.subarray(0, Math.min(size, 16)).equals(magic.subarray(0, Math.min(size, 16)))) {
        return err(domainError('BACKUP_TRUNCATED', `The file is truncated: only ${size} bytes, not even a complete SQLite header`));
      }
      return err(
        domainError(
          'BACKUP_NOT_SQLITE',
          'The file is not a SQLite database (its first bytes are not "SQLite format 3"); upload a .db backup of this system',
        ),
      );
    }
    const rawPageSize = header.readUInt16BE(16);
    const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
    const pageCount = header.readUInt32BE(28);
    const countValid = header.readUInt32BE(92) === header.readUInt32BE(24) && pageCount > 0;
    const expected = countValid ? pageCount * pageSize : null;
    if (size % pageSize !== 0 || (expected !== null && size < expected)) {
      return err(
        domainError(
          'BACKUP_TRUNCATED',
          `The file is truncated: ${size} bytes${expected !== null ? `, but its header describes ${expected} bytes (${pageCount} pages of ${pageSize})` : `, not a whole number of ${pageSize}-byte pages`}. ` +
            'The upload or copy was probably interrupted; copy it again.',
        ),
      );
    }
    let db: RawSqlite;
    try {
      // immutable: reads the file as it is, creates no -wal/-shm beside it (a copy of a WAL-mode file too).
      db = await RawSqlite.open(location, 'immutable');
    } catch (e) {
      return err(domainError('BACKUP_CORRUPT', `The file cannot be opened as a SQLite database: ${(e as Error).message}`));
    }
    try {
      const q: Query = (sql, params) => db.all(sql, params ?? []);
      let messages: string[];
      try {
        messages = await pageProblems(db, check);
      } catch (e) {
        return err(domainError('BACKUP_CORRUPT', `The database is damaged: ${check} could not run (${(e as Error).message})`));
      }
      if (messages.length > 0) {
        return err(
          domainError(
            'BACKUP_CORRUPT',
            `The database is damaged: ${check} failed (${messages.slice(0, 3).join('; ')}${messages.length > 3 ? `; … ${messages.length} problems` : ''})`,
          ),
        );
      }
      try {
        const fk = await foreignKeyViolations(db);
        if (fk.length > 0)
          return err(
            domainError('BACKUP_CORRUPT', `The database has ${fk.length} foreign key violation(s), e.g. ${JSON.stringify(fk[0])}`),
          );
        return ok({ sizeBytes: size, recorded: await readLog(q), tableCounts: await countRows(q), check });
      } catch (e) {
        return err(domainError('BACKUP_CORRUPT', `The database is damaged: ${(e as Error).message}`));
      }
    } finally {
      await db.close().catch(() => undefined);
    }
  }
}

/** Prefix of scratch copies in the data directory; leftovers of a crash are removed at start-up. */
export const SCRATCH_PREFIX = '.scratch-';

/** Scratch copies beside the live database (same disk: space is checked and renames stay cheap). */
export class SqliteScratchDatabases implements ScratchDatabases {
  constructor(
    private readonly dbPath: string,
    private readonly migrations: readonly Migration[],
    private readonly appVersion: string,
  ) {}

  async copyOf(source: string | null): Promise<ScratchDatabase> {
    const dir = path.dirname(this.dbPath);
    const file = path.join(dir, `${SCRATCH_PREFIX}${process.pid}-${Date.now()}-${randomBytes(4).toString('hex')}.db`);
    try {
      if (source === null) {
        await snapshotDatabase(this.dbPath, file);
      } else {
        // Off the event loop: a 1 GB copy must not stall the orders being served meanwhile.
        await fs.promises.copyFile(source, file);
      }
      await settleToSingleFile(file);
      const store = await SqliteStore.open(file);
      return new SqliteScratch(file, store, new SqliteMigrationRunner(store, this.migrations, this.appVersion));
    } catch (e) {
      removeScratch(file);
      throw e;
    }
  }

  /** Removes scratch files left by a process that is gone (a crash during a restore or dry run). */
  static cleanLeftovers(dbPath: string): string[] {
    const dir = path.dirname(dbPath);
    if (!fs.existsSync(dir)) return [];
    const removed: string[] = [];
    for (const name of fs.readdirSync(dir)) {
      const m = new RegExp(`^${SCRATCH_PREFIX.replace('.', '\\.')}(\\d+)-`).exec(name);
      if (!m || isAlive(Number(m[1]))) continue;
      fs.rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    }
    return removed;
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeScratch(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

class SqliteScratch implements ScratchDatabase {
  private open = true;

  constructor(
    readonly location: string,
    private readonly store: SqliteStore,
    readonly migrations: SqliteMigrationRunner,
  ) {}

  async seal(): Promise<void> {
    await this.close();
    await settleToSingleFile(this.location);
    await verifyDatabaseFile(this.location, 'quick_check');
  }

  async discard(): Promise<void> {
    await this.close().catch(() => undefined);
    removeScratch(this.location);
  }

  private async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.store.close();
  }
}

/**
 * The live database, for restores: the store's pause, and the journaled file swap of
 * `restore-journal.ts` — two renames in the database's directory with the connections closed, so
 * the pause does not depend on the database's size.
 */
export class SqliteLiveDatabase implements LiveDatabase {
  constructor(
    private readonly store: SqliteStore,
    private readonly clock: Clock,
  ) {}

  tableCounts(): Promise<Record<string, number>> {
    return countRows((sql, params) => this.store.query(sql, params ?? []));
  }

  withWritesPaused<T>(reason: string, work: () => Promise<T>): Promise<T> {
    return this.store.withWritesPaused(reason, work);
  }

  async swapIn(location: string): Promise<{ previous: PendingSnapshot; check: string }> {
    const live = this.store.path;
    if (path.dirname(path.resolve(location)) !== path.dirname(path.resolve(live)))
      throw new Error('the prepared copy must be in the database directory');
    const takenAt = this.clock.now();
    const previous = previousContentPath(live, takenAt.toJSDate());
    const entry: RestoreJournalEntry = {
      state: 'swapping',
      live,
      previous,
      candidate: location,
      started_at: takenAt.toUTC().toISO()!,
      pid: process.pid,
    };
    await this.store.withConnectionsClosed(async () => {
      // A -wal left after the last connection closed means another process has the file open:
      // its view of the file would be swapped under it. Nothing has been touched yet.
      const sidecars = ['-wal', '-shm'].filter((s) => fs.existsSync(live + s));
      if (sidecars.length)
        throw new Error(
          `another process has the database open (${sidecars.map((s) => path.basename(live + s)).join(', ')} present after closing); stop it (a CLI command, the sqlite3 shell) and try again`,
        );
      writeJournal(live, entry);
      renameDurably(live, previous);
      try {
        renameDurably(location, live);
      } catch (e) {
        renameDurably(previous, live);
        removeJournal(live);
        throw e;
      }
      // From here the swap has happened: nothing may report it as not done. Recovery tells the
      // states apart by which files exist; this record is for the reader of the journal.
      try {
        writeJournal(live, { ...entry, state: 'swapped' });
      } catch {
        // (a full disk) the journal still says `swapping`, which recovers the same way
      }
    });
    // One self-contained file, verifiable read-only (it was in WAL mode): a header write. If it
    // fails, verifying it fails and the file is set aside, still kept.
    await settleToSingleFile(previous).catch(() => undefined);
    return { previous: { location: previous, takenAt }, check: await this.sanityCheck() };
  }

  async swapBack(previous: PendingSnapshot): Promise<string> {
    const live = this.store.path;
    const entry = readJournal(live);
    await this.store.withConnectionsClosed(async () => {
      if (entry) writeJournal(live, { ...entry, state: 'swapping-back' });
      // Replaces the swapped-in copy (a copy of a backup) with the previous content.
      renameDurably(previous.location, live);
      removeJournal(live);
    });
    return this.sanityCheck();
  }

  async settle(): Promise<void> {
    const j = readJournal(this.store.path);
    if (j && !fs.existsSync(j.previous)) removeJournal(this.store.path);
  }

  /**
   * The swapped-in file was sealed and passed quick_check just before the pause, and a rename does
   * not change a byte: a read of the schema through the reopened connection shows it is in place.
   */
  private async sanityCheck(): Promise<string> {
    try {
      const rows = await this.store.query<{ n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'");
      return Number(rows[0]?.n ?? 0) > 0 ? 'ok' : 'the database has no tables';
    } catch (e) {
      return (e as Error).message;
    }
  }

  async compact(): Promise<void> {
    // A passive checkpoint on its own connection: writers are not held up by it.
    const db = await RawSqlite.open(this.store.path, 'readwrite');
    try {
      await db.all('PRAGMA wal_checkpoint(PASSIVE)');
    } finally {
      await db.close();
    }
  }
}
