import * as fs from 'node:fs';
import sqlite3 from 'sqlite3';
import { RawSqlite, RAW_BUSY_TIMEOUT_MS } from './sqlite-file';

/** sqlite3's online backup API, missing from its type definitions. */
interface SqliteBackup {
  step(pages: number, callback: (err: Error | null) => void): void;
  finish(callback?: (err: Error | null) => void): void;
  readonly completed: boolean;
  readonly failed: boolean;
}
type WithBackup = sqlite3.Database & { backup(filename: string, callback: (err: Error | null) => void): SqliteBackup };

/**
 * A consistent snapshot in one step of SQLite's online backup API, from a read-only connection:
 * in WAL mode it reads one snapshot while writers carry on, and, being a single step, it is never
 * restarted by their writes (an incremental backup from a second connection would be). The copy
 * runs on libuv's thread pool, not the event loop.
 */
export async function snapshotDatabase(dbPath: string, target: string): Promise<void> {
  const db = await new Promise<WithBackup>((resolve, reject) => {
    const conn = new sqlite3.Database(dbPath, sqlite3.OPEN_READONLY, (e) => {
      if (e) return reject(e);
      conn.configure('busyTimeout', RAW_BUSY_TIMEOUT_MS);
      resolve(conn as WithBackup);
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const backup = db.backup(target, (e) => {
        if (e) return reject(e);
        backup.step(-1, (stepError) => {
          backup.finish(() => (stepError || !backup.completed ? reject(stepError ?? new Error('the backup did not complete')) : resolve()));
        });
      });
    });
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
  // The copy inherits WAL mode; a backup must be one self-contained file.
  const copy = await RawSqlite.open(target, 'readwrite');
  try {
    await copy.all('PRAGMA journal_mode = DELETE');
  } finally {
    await copy.close();
  }
  for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
}
