import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { isBackupFileName } from '../../domain/backups/backup';
import { fsyncDir, fsyncFile } from '../sqlite/sqlite-file';
import { checkDatabaseFile } from '../sqlite/checks';

export interface PullOptions {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly dest: string;
  /** How many backups to keep in `dest` (newest by name, which is by time). */
  readonly keep: number;
  /** Told as the download advances (bytes received of total). */
  readonly progress: (received: number, total: number, filename: string) => void;
}

export type PullResult =
  | { readonly status: 'downloaded'; readonly filename: string; readonly bytes: number; readonly pruned: string[] }
  | { readonly status: 'up-to-date'; readonly filename: string };

export class PullError extends Error {}

const apiBase = (url: string): string => url.replace(/\/+$/, '').replace(/\/api$/, '');

/**
 * The shop PC's backup pull: sign in, list, download the newest backup not yet in `dest` to a
 * temporary file, check its SHA-256 against the server's and that SQLite opens it (quick_check),
 * then rename it into place and prune to `keep`. Any failure leaves `dest` as it was.
 */
export async function pullNewestBackup(o: PullOptions): Promise<PullResult> {
  const base = apiBase(o.url);
  const call = async (p: string, init?: RequestInit): Promise<Response> => {
    try {
      return await fetch(`${base}${p}`, init);
    } catch (e) {
      throw new PullError(
        `Cannot reach ${base}: ${(e as Error & { cause?: { message?: string } }).cause?.message ?? (e as Error).message}`,
      );
    }
  };
  const login = await call('/api/login', { method: 'POST', body: new URLSearchParams({ username: o.username, password: o.password }) });
  if (login.status !== 200) throw new PullError(`Sign-in as ${o.username} failed (HTTP ${login.status}): ${await errorText(login)}`);
  const token = ((await login.json()) as { access_token: string }).access_token;
  const auth = { Authorization: `Bearer ${token}` };

  const listed = await call('/api/admin/backups', { headers: auth });
  if (listed.status !== 200) throw new PullError(`Listing backups failed (HTTP ${listed.status}): ${await errorText(listed)}`);
  const backups = ((await listed.json()) as { backups: { filename: string; size: number; sha256?: string }[] }).backups.filter((b) =>
    isBackupFileName(b.filename),
  );
  const newest = backups[0];
  if (!newest) throw new PullError('The server lists no backups');
  fs.mkdirSync(o.dest, { recursive: true });
  const target = path.join(o.dest, newest.filename);
  if (fs.existsSync(target)) return { status: 'up-to-date', filename: newest.filename };

  const res = await call(`/api/admin/backups/${encodeURIComponent(newest.filename)}`, { headers: auth });
  if (res.status !== 200 || !res.body)
    throw new PullError(`Download of ${newest.filename} failed (HTTP ${res.status}): ${await errorText(res)}`);
  const expected = res.headers.get('x-backup-sha256') ?? newest.sha256;
  if (!expected) throw new PullError("The server did not say the backup's SHA-256; refusing an unverifiable download");
  const total = Number(res.headers.get('content-length') ?? newest.size);
  const part = path.join(o.dest, `.${newest.filename}.part`);
  try {
    const hash = createHash('sha256');
    const out = fs.createWriteStream(part);
    let received = 0;
    for await (const chunk of Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>)) {
      hash.update(chunk as Buffer);
      received += (chunk as Buffer).length;
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      o.progress(received, total, newest.filename);
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    if (received !== total) throw new PullError(`Download of ${newest.filename} is incomplete: ${received} of ${total} bytes`);
    const actual = hash.digest('hex');
    if (actual !== expected)
      throw new PullError(
        `SHA-256 mismatch for ${newest.filename}: expected ${expected}, got ${actual}. The download is corrupt and was discarded.`,
      );
    let check: string;
    try {
      check = await checkDatabaseFile(part, 'quick_check');
    } catch (e) {
      throw new PullError(`${newest.filename} does not open as a SQLite database: ${(e as Error).message}`);
    }
    if (check !== 'ok') throw new PullError(`${newest.filename} failed quick_check: ${check}`);
    fsyncFile(part);
    fs.renameSync(part, target);
    fsyncDir(o.dest);
  } finally {
    fs.rmSync(part, { force: true });
  }
  const kept = fs.readdirSync(o.dest).filter(isBackupFileName).sort().reverse();
  const pruned = kept.slice(o.keep);
  for (const name of pruned) fs.rmSync(path.join(o.dest, name), { force: true });
  return { status: 'downloaded', filename: newest.filename, bytes: fs.statSync(target).size, pruned };
}

async function errorText(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { detail?: string; error?: string };
    return body.detail ?? body.error ?? res.statusText;
  } catch {
    return res.statusText;
  }
}
