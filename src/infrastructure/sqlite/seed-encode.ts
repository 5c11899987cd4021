import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { RawSqlite } from './sqlite-file';

/**
 * Turns a database file into the seed secret's format (base64 of gzip). Works on a live WAL
 * database: the content comes from `VACUUM INTO`, a consistent snapshot, never from the raw file.
 */
export async function encodeSeed(dbPath: string): Promise<string> {
  if (!fs.existsSync(dbPath)) throw new Error(`No database at ${dbPath}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-encode-'));
  const snapshot = path.join(dir, 'snapshot.db');
  try {
    const db = await RawSqlite.open(dbPath, 'readonly');
    try {
      await db.all('VACUUM INTO ?', [snapshot]);
    } finally {
      await db.close();
    }
    return gzipSync(fs.readFileSync(snapshot), { level: 9 }).toString('base64');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
