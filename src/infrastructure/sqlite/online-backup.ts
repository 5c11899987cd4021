import * as fs from 'node:fs';
import sqlite3 from 'sqlite3';
import { RawSqlite, RAW_BUSY_TIMEOUT_MS } from './sqlite-file';

/** sqlite3's online backup API, missing from its type definitions. */
interface SqliteBackup {
  step(pages: number, callback: (err: (Error & { code?: string }) | null) => void): void;
  finish(callback?: (err: Error | null) => void): void;
  readonly completed: boolean;
  readonly failed: boolean;
}
type WithBackup = sqlite3.Database & {
  backup(
    filename: string,
    destName: string,
    sourceName: string,
    filenameIsDest: boolean,
    callback: (err: Error | null) => void,
  ): SqliteBackup;
};

const exec = (db: sqlite3.Database, sql: string) =>
  new Promise<void>((resolve, reject) => db.exec(sql, (e) => (e ? reject(e) : resolve())));

const BUSY = /SQLITE_BUSY|SQLITE_LOCKED|database is locked|database table is locked/;

/** One backup of `source` into the connection's database, in a single step. */
function copyInOneStep(db: WithBackup, source: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const backup = db.backup(source, 'main', 'main', false, (e) => {
      if (e) return reject(e);
      backup.step(-1, (stepError) => {
        backup.finish(() => (stepError || !backup.completed ? reject(stepError ?? new Error('the backup did not complete')) : resolve()));
      });
    });
  });
}

/**
 * A consistent snapshot in one step of SQLite's online backup API: in WAL mode it reads one
 * snapshot while writers carry on, and, being a single step, it is never restarted by their writes
 * (an incremental backup would be). The copy runs on libuv's thread pool, not the event loop.
 *
 * The connection is the destination's (the source, the live file, is opened by the backup itself
 * and only read), so the copy is written with no journal and no syncs: it is a temporary file
 * under a name never listed, synced once by the caller before it is verified and listed, and a
 * crash meanwhile leaves only a leftover that start-up clears. (Written through a rollback journal
 * and synced as it goes, the same copy took 2.5 × as long.) The source may be busy for a moment
 * (another connection recovering the WAL): the copy is retried for up to RAW_BUSY_TIMEOUT_MS.
 */
export async function snapshotDatabase(dbPath: string, target: string): Promise<void> {
  const db = await new Promise<WithBackup>((resolve, reject) => {
    const conn = new sqlite3.Database(target, (e) => (e ? reject(e) : resolve(conn as WithBackup)));
  });
  try {
    await exec(db, 'PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF');
    for (const until = Date.now() + RAW_BUSY_TIMEOUT_MS; ;) {
      try {
        await copyInOneStep(db, dbPath);
        break;
      } catch (e) {
        // The source is opened by the backup itself, without a busy timeout: another connection
        // recovering or checkpointing the WAL makes it busy for a moment (extended codes such as
        // SQLITE_BUSY_RECOVERY reach JavaScript as UNKNOWN, hence the message).
        if (!BUSY.test(String(e)) || Date.now() >= until) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
  // The copy carries the source's WAL header; a backup must be one self-contained file.
  const copy = await RawSqlite.open(target, 'readwrite');
  try {
    await copy.all('PRAGMA journal_mode = DELETE');
  } finally {
    await copy.close();
  }
  for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
}
