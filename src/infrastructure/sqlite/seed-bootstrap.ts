import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { countTables, hasSqliteHeader, renameDurably } from './sqlite-file';
import { checkDatabaseFile } from './checks';

export class SeedError extends Error {
  readonly code = 'SEED_REFUSED';
}

export interface SeedOptions {
  readonly dbPath: string;
  readonly seedPath: string;
  readonly backupDir: string;
  /** SEED_FORCE=true: seed even though backups or WAL files suggest an unmounted disk. */
  readonly force: boolean;
}

export type SeedOutcome =
  | { readonly action: 'kept-existing' }
  | { readonly action: 'no-seed' }
  | { readonly action: 'seeded'; readonly from: string; readonly bytes: number };

/** The seed files looked for: the configured one, then the original's `.b64` fallback beside it. */
function seedCandidates(seedPath: string): string[] {
  const fallback = seedPath.endsWith('.gz.b64') ? seedPath.replace(/\.gz\.b64$/, '.b64') : null;
  return fallback ? [seedPath, fallback] : [seedPath];
}

/** Holds tables (or cannot be read, in which case it is never overwritten). */
async function hasTables(dbPath: string): Promise<boolean> {
  try {
    return (await countTables(dbPath)) > 0;
  } catch {
    return true;
  }
}

/** Decodes the secret's format: base64 (whitespace ignored) of a gzipped or plain SQLite file. */
export function decodeSeed(text: string, source: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) {
    throw new SeedError(`Seed file ${source} is not base64 text; nothing was written`);
  }
  let bytes = Buffer.from(compact, 'base64');
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new SeedError(`Seed file ${source} is a truncated or corrupt gzip stream (${(e as Error).message}); nothing was written`);
    }
  }
  if (!hasSqliteHeader(bytes)) throw new SeedError(`Seed file ${source} does not contain a SQLite database; nothing was written`);
  return bytes;
}

/**
 * The runbook's "seed database, used only if DB missing". Writes the seed to a temporary file,
 * checks it with quick_check, then renames it into place atomically. Refuses when the signs say
 * the persistent disk is not mounted (backups exist, or -wal/-shm files sit beside a missing
 * database): seeding then would hide the real data behind an old copy.
 */
export async function bootstrapFromSeed(options: SeedOptions): Promise<SeedOutcome> {
  const fileThere = fs.existsSync(options.dbPath) && fs.statSync(options.dbPath).size > 0;
  if (fileThere && (await hasTables(options.dbPath))) return { action: 'kept-existing' };
  const seed = seedCandidates(options.seedPath).find((p) => fs.existsSync(p));
  if (!seed) return { action: 'no-seed' };

  if (!fileThere && !options.force) {
    const signs: string[] = [];
    for (const suffix of ['-wal', '-shm']) if (fs.existsSync(options.dbPath + suffix)) signs.push(`${options.dbPath}${suffix} exists`);
    if (fs.existsSync(options.backupDir)) {
      const backups = fs.readdirSync(options.backupDir).filter((f) => /^ventas_.*\.db$/.test(f));
      if (backups.length > 0) signs.push(`${options.backupDir} holds ${backups.length} backup(s)`);
    }
    if (signs.length > 0) {
      throw new SeedError(
        `Refusing to seed ${options.dbPath} from ${seed}: the database is missing but ${signs.join(' and ')}. ` +
          'This usually means the persistent disk is not mounted. Mount it and restart; if the database really is gone, ' +
          'restore a backup, or set SEED_FORCE=true to start from the seed anyway.',
      );
    }
  }

  const bytes = decodeSeed(fs.readFileSync(seed, 'utf8'), seed);
  fs.mkdirSync(path.dirname(options.dbPath), { recursive: true });
  const tmp = `${options.dbPath}.seed-${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, bytes);
    let check: string;
    try {
      check = await checkDatabaseFile(tmp, 'quick_check');
    } catch (e) {
      throw new SeedError(`Seed file ${seed} holds an unreadable database (${(e as Error).message}); nothing was written`);
    }
    if (check !== 'ok') throw new SeedError(`Seed file ${seed} failed quick_check (${check}); nothing was written`);
    // Stale -wal/-shm belong to another file: SQLite would replay them into the new one.
    for (const suffix of ['-wal', '-shm']) fs.rmSync(options.dbPath + suffix, { force: true });
    // A zero-byte or table-less file is replaced whole.
    renameDurably(tmp, options.dbPath);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return { action: 'seeded', from: seed, bytes: bytes.length };
}
