import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RawSqlite, fsyncDir, fsyncFileAsync, renameDurably, writeFileDurably } from '../sqlite/sqlite-file';

/**
 * The journal of a restore's file swap: `<DB_PATH>.restore-journal`, written durably (temp file,
 * fsync, rename, fsync of the directory) before the live file is touched.
 *
 * The swap, with writes paused and both connections closed (the WAL checkpointed into the file):
 *
 *   J  the journal is written: state `swapping`, naming the live file, the name the previous
 *      content will take (`.pre-restore-*.db`, beside the live file, so every rename stays in one
 *      directory and one filesystem) and the prepared candidate (a `.scratch-*` copy);
 *   R1 live → previous (rename, directory fsynced);
 *   R2 candidate → live (rename, directory fsynced);
 *   S  state `swapped`; the connections reopen on the new file and writes resume;
 *   K  after the pause the previous content is verified, hashed and listed as the `pre-restore`
 *      backup (or set aside as `unverified-pre-restore-*`); then the journal is removed.
 *   A failed check after R2 puts the previous content back: state `swapping-back`, previous → live.
 *
 * What a crash leaves, and what the next start (`recoverRestoreSwap`, before anything opens the
 * database) does — it never deletes a file that may be the only copy of acknowledged data:
 *   - before J, or a journal whose previous file is gone (K finished): nothing to do; the journal
 *     is removed. The candidate is a scratch copy of a backup (removed as a leftover).
 *   - after R1, before R2 (no live file): previous → live. The restore did not happen.
 *   - live and candidate both exist (something created a file at the live path between R1 and
 *     R2): that file is set aside as `.stray-*.db` (kept), previous → live. Not restored.
 *   - state `swapping-back` with previous present: previous → live (the failed candidate goes).
 *   - after R2 (live present, candidate gone): the restore stands; the previous content is handed
 *     back to be kept as the pre-restore backup (K), and the journal removed after that.
 * A `.pre-restore-*.db` beside the database without a journal (K interrupted between its copy
 * and its removal) is handed back to be kept too.
 */
export interface RestoreJournalEntry {
  readonly state: 'swapping' | 'swapped' | 'swapping-back';
  readonly live: string;
  readonly previous: string;
  readonly candidate: string;
  readonly started_at: string;
  readonly pid: number;
}

export const PRE_RESTORE_PREFIX = '.pre-restore-';
const STRAY_PREFIX = '.stray-';

export const journalPath = (dbPath: string): string => `${dbPath}.restore-journal`;

/** A fresh name for the previous content, beside the live file. */
export function previousContentPath(dbPath: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return path.join(path.dirname(dbPath), `${PRE_RESTORE_PREFIX}${stamp}-${randomBytes(3).toString('hex')}.db`);
}

export function writeJournal(dbPath: string, entry: RestoreJournalEntry): void {
  writeFileDurably(journalPath(dbPath), JSON.stringify(entry, null, 2));
}

export function readJournal(dbPath: string): RestoreJournalEntry | null {
  try {
    const j = JSON.parse(fs.readFileSync(journalPath(dbPath), 'utf8')) as RestoreJournalEntry;
    return typeof j.live === 'string' && typeof j.previous === 'string' && typeof j.candidate === 'string' ? j : null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(
      `The restore journal ${journalPath(dbPath)} cannot be read (${(e as Error).message}); nothing was changed. Look at it and at the .pre-restore-*.db files beside the database before removing it.`,
      { cause: e },
    );
  }
}

export function removeJournal(dbPath: string): void {
  fs.rmSync(journalPath(dbPath), { force: true });
  fsyncDir(path.dirname(dbPath));
}

/** The file as one self-contained database (rollback-journal mode), so it can be verified read-only. */
export async function settleToSingleFile(file: string): Promise<void> {
  const db = await RawSqlite.open(file, 'readwrite');
  try {
    await db.all('PRAGMA journal_mode = DELETE');
  } finally {
    await db.close();
  }
  await fsyncFileAsync(file);
}

export interface SwapRecovery {
  /** What was found and done, for the log; null when there was nothing to recover. */
  readonly action: string | null;
  /** Previous contents to keep as pre-restore backups (then call `removeJournal`). */
  readonly toKeep: string[];
}

/**
 * At start-up (server or CLI), before the database is opened or seeded: finishes or rolls back a
 * swap a crash interrupted (see the state machine above). Synchronous file operations only, except
 * settling a previous content to one file.
 */
export async function recoverRestoreSwap(dbPath: string): Promise<SwapRecovery> {
  const dir = path.dirname(dbPath);
  if (!fs.existsSync(dir)) return { action: null, toKeep: [] };
  const j = readJournal(dbPath);
  const exists = (f: string) => fs.existsSync(f);
  let action: string | null = null;
  if (j) {
    if (!exists(j.previous)) {
      action = 'a finished restore left its journal: removed';
      removeJournal(dbPath);
    } else if (!exists(j.live) || j.state === 'swapping-back') {
      renameDurably(j.previous, j.live);
      removeJournal(dbPath);
      action = `a restore was interrupted before the new database was in place: the previous database was put back (${path.basename(j.previous)} → ${path.basename(j.live)}); the restore did not happen`;
    } else if (exists(j.candidate)) {
      const stray = path.join(dir, `${STRAY_PREFIX}${Date.now()}-${path.basename(j.live)}`);
      renameDurably(j.live, stray);
      renameDurably(j.previous, j.live);
      removeJournal(dbPath);
      action = `a restore was interrupted and a file appeared at the database path meanwhile: that file was kept as ${path.basename(stray)}, the previous database was put back; the restore did not happen`;
    } else {
      action = `a restore was interrupted after the new database was in place: the restore stands; the previous content (${path.basename(j.previous)}) is kept as the pre-restore backup`;
    }
  }
  const toKeep = fs
    .readdirSync(dir)
    .filter((n) => n.startsWith(PRE_RESTORE_PREFIX) && n.endsWith('.db'))
    .map((n) => path.join(dir, n));
  if (toKeep.length && !action) action = `found ${toKeep.length} previous content(s) of a restore not yet kept as backups: keeping them`;
  for (const f of toKeep) await settleToSingleFile(f);
  return { action, toKeep };
}
