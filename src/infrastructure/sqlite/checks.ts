import { RawSqlite } from './sqlite-file';
import { settledAll } from '../promises';

/** SQLite's two page checks: quick_check (fast, most damage) and integrity_check (full). */
export type PageCheck = 'quick_check' | 'integrity_check';

/** The problems `check` reports on an open connection; [] when the file is sound. */
export async function pageProblems(db: RawSqlite, check: PageCheck): Promise<string[]> {
  const messages = (await db.all<Record<string, unknown>>(`PRAGMA ${check}`)).map((r) => String(Object.values(r)[0]));
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
}

/** Rows that break a foreign key, on an open connection; [] when none. */
export const foreignKeyViolations = (db: RawSqlite): Promise<Record<string, unknown>[]> => db.all('PRAGMA foreign_key_check');

/** Runs `check` on a file; resolves "ok" or the first problems. */
export async function checkDatabaseFile(file: string, check: PageCheck = 'quick_check'): Promise<string> {
  const db = await RawSqlite.open(file, 'readonly');
  try {
    const problems = await pageProblems(db, check);
    return problems.length === 0 ? 'ok' : problems.slice(0, 5).join('; ');
  } finally {
    await db.close();
  }
}

/**
 * `check` and foreign_key_check on a file; throws with what is wrong. The two run at once, each on
 * its own read-only connection (two threads of libuv's pool: on two cores, the time of the longer
 * one instead of their sum).
 */
export async function verifyDatabaseFile(file: string, check: PageCheck): Promise<void> {
  const onConnection = async <T>(work: (db: RawSqlite) => Promise<T>): Promise<T> => {
    const db = await RawSqlite.open(file, 'readonly');
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  };
  const [problems, fk] = await settledAll([onConnection((db) => pageProblems(db, check)), onConnection(foreignKeyViolations)] as const);
  if (problems.length > 0) throw new Error(`${check} failed: ${problems.slice(0, 3).join('; ')}`);
  if (fk.length > 0) throw new Error(`foreign_key_check found ${fk.length} violation(s), e.g. ${JSON.stringify(fk[0])}`);
}
