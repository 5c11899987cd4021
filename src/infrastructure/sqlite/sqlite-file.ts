import * as fs from 'node:fs';
import * as path from 'node:path';
import sqlite3 from 'sqlite3';

export const RAW_BUSY_TIMEOUT_MS = 30_000;

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** True when the first 16 bytes are SQLite's magic header. */
export function hasSqliteHeader(bytes: Buffer): boolean {
  return bytes.length >= 100 && bytes.subarray(0, 16).equals(SQLITE_HEADER);
}

/** A short-lived connection of the sqlite3 driver, for file-level work (checks, snapshots). */
export class RawSqlite {
  private constructor(private readonly db: sqlite3.Database) {}

  /**
   * `immutable`: read-only, for a file nothing else writes (a backup, an upload): no locks, and no
   * -wal/-shm created beside it even when its header says WAL mode.
   */
  static open(file: string, mode: 'readonly' | 'readwrite' | 'immutable' = 'readonly'): Promise<RawSqlite> {
    const flags =
      mode === 'readwrite'
        ? sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE
        : mode === 'readonly'
          ? sqlite3.OPEN_READONLY
          : sqlite3.OPEN_READONLY | sqlite3.OPEN_URI;
    const name = mode === 'immutable' ? `file:${path.resolve(file).split('/').map(encodeURIComponent).join('/')}?immutable=1` : file;
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(name, flags, (e) => {
        if (e) return reject(e);
        // Like every connection of this system: wait for a lock rather than fail at once.
        db.configure('busyTimeout', RAW_BUSY_TIMEOUT_MS);
        resolve(new RawSqlite(db));
      });
    });
  }

  all<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) => this.db.all(sql, params, (e, rows) => (e ? reject(e) : resolve(rows as T[]))));
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (e) => (e ? reject(e) : resolve())));
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.db.close((e) => (e ? reject(e) : resolve())));
  }
}

/** Number of user tables in a database file (0 for an empty or zero-byte file). */
export async function countTables(file: string): Promise<number> {
  const db = await RawSqlite.open(file, 'readonly');
  try {
    const [row] = await db.all<{ n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    return row?.n ?? 0;
  } finally {
    await db.close();
  }
}

/** fsync a file, then its directory, so a following rename is durable. */
export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * fsync on libuv's thread pool: for large files (a backup, a restore's copies) whose flush can
 * take seconds, during which the event loop — every request — must not wait.
 */
export async function fsyncFileAsync(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic there.
  }
}

/**
 * Writes `content` at `file` atomically and durably: a temporary file beside it (named
 * `<tempPrefix><name>.<pid>`, so a folder's start-up cleanup can recognise a leftover), fsync,
 * rename, fsync of the folder.
 */
export function writeFileDurably(file: string, content: string, tempPrefix = '.tmp-'): void {
  const tmp = path.join(path.dirname(file), `${tempPrefix}${path.basename(file)}.${process.pid}`);
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

/** Atomically puts `tmp` at `target` (same directory), durably. */
export function renameDurably(tmp: string, target: string): void {
  fsyncFile(tmp);
  fs.renameSync(tmp, target);
  fsyncDir(path.dirname(target));
}

/**
 * Moves `from` to `to` durably: a rename, or — across filesystems (EXDEV) — a copy to a temporary
 * name beside `to`, fsync, rename, and only then the removal of `from`, so at every moment at
 * least one complete copy exists under a name that is not a temporary one.
 */
export function moveFileDurably(from: string, to: string, tempPrefix: string): void {
  try {
    fs.renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    const tmp = path.join(path.dirname(to), `${tempPrefix}${process.pid}-${Date.now()}-${path.basename(to)}`);
    try {
      fs.copyFileSync(from, tmp);
      fsyncFile(tmp);
      fs.renameSync(tmp, to);
    } catch (copyError) {
      fs.rmSync(tmp, { force: true });
      throw copyError;
    }
    fsyncDir(path.dirname(to));
    fs.rmSync(from, { force: true });
    fsyncDir(path.dirname(from));
    return;
  }
  fsyncDir(path.dirname(to));
  if (path.dirname(from) !== path.dirname(to)) fsyncDir(path.dirname(from));
}
