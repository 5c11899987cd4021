import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DateTime } from 'luxon';
import { type BackupEntry, type BackupExtension, type BackupKind, backupFileName } from '../../domain/backups/backup';
import { SHOP_ZONE } from '../../domain/shared/shop-time';
import type { Clock } from '../../application/shared/shared.ports';
import type { BackupMaker, MakeBackupInput } from '../../application/backups/backups.ports';
import { fsyncFileAsync, moveFileDurably } from '../sqlite/sqlite-file';

/** How a backup was verified before it was listed. */
export type BackupCheck = 'quick_check' | 'integrity_check' | 'pg_restore';

/** Every manifest field, beside each backup as `<name>.json`. */
export interface BackupManifest extends BackupEntry {
  readonly md5: string;
  readonly created_local: string;
  readonly timezone: string;
  readonly verification: {
    check: BackupCheck;
    result: 'ok';
    foreign_key_violations: 0;
    /** PostgreSQL dumps: rows per table, equal in the database and in the dump restored for the check. */
    table_counts?: Record<string, number>;
  };
  readonly duration_ms: number;
  readonly last_migration: string | null;
  readonly app_version: string;
  readonly trigger: string;
}

export const TEMP_PREFIX = '.incoming-';

/**
 * The hashing thread's whole program (node builtins only: the same text runs from the modules and
 * from the server bundle, where no file of its own lies beside it). 1 MiB reads.
 */
const HASH_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const sha = createHash('sha256');
const md5 = createHash('md5');
const buf = Buffer.allocUnsafe(1 << 20);
const fd = fs.openSync(workerData, 'r');
try {
  for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) {
    const chunk = buf.subarray(0, n);
    sha.update(chunk);
    md5.update(chunk);
  }
} finally {
  fs.closeSync(fd);
}
parentPort.postMessage({ sha256: sha.digest('hex'), md5: md5.digest('hex') });
`;

/**
 * SHA-256 (the integrity check of record) and MD5 (kept for the original's `checksum_md5`), in one
 * read, on a thread of its own: hashing a large file on the event loop held every request being
 * served for a few milliseconds per MiB (#18).
 */
export function hashFile(file: string): Promise<{ sha256: string; md5: string }> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(HASH_THREAD, { eval: true, workerData: file });
    let settled = false;
    thread.once('message', (hashes: { sha256: string; md5: string }) => ((settled = true), resolve(hashes)));
    thread.once('error', (e) => ((settled = true), reject(e)));
    thread.once('exit', (code) => {
      if (!settled) reject(new Error(`hashing ${path.basename(file)} stopped (thread exit code ${code})`));
    });
  });
}

export function removeWithSidecars(file: string): void {
  for (const leftover of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(leftover, { force: true });
}

/** Creates `file` only if it does not exist (EEXIST otherwise), and syncs it. */
function writeFileExclusive(file: string, content: string): void {
  const fd = fs.openSync(file, 'wx');
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export interface FinalizeInput {
  readonly kind: BackupKind;
  readonly trigger: string;
  readonly check: BackupCheck;
  readonly started: DateTime;
  readonly lastMigration: string | null;
  readonly tableCounts?: Record<string, number>;
  /** The file's hashes when the caller already has them (computed beside its checks); else read here. */
  readonly hashes?: { readonly sha256: string; readonly md5: string };
}

/**
 * The backup folder's writing side, for either engine's backups: temporary names (never listed,
 * cleared at start-up), the verified file's manifest and final name, and the unlisted place of a
 * copy that failed verification.
 */
export class BackupFolder {
  constructor(
    readonly dir: string,
    readonly extension: BackupExtension,
    private readonly appVersion: string,
    private readonly clock: Clock,
  ) {}

  /** A temporary name in the folder (created if missing). */
  tempName(ms: number): string {
    fs.mkdirSync(this.dir, { recursive: true });
    return path.join(this.dir, `${TEMP_PREFIX}${process.pid}-${ms}-${randomBytes(4).toString('hex')}${this.extension}`);
  }

  /** Moves a copy that failed verification beside the backups under a name never listed; returns where. */
  async setAside(location: string, label: string): Promise<string> {
    const target = path.join(
      this.dir,
      `unverified-${label}-${this.clock.now().toFormat('yyyyLLdd-HHmmss')}-${randomBytes(2).toString('hex')}${this.extension}`,
    );
    await fsyncFileAsync(location);
    moveFileDurably(location, target, TEMP_PREFIX);
    return target;
  }

  /** Takes a file verified by the caller into a temporary name of the folder (a rename, or a synced copy across disks). */
  async takeIn(location: string, ms: number): Promise<string> {
    const tmp = this.tempName(ms);
    moveFileDurably(location, tmp, TEMP_PREFIX);
    await fsyncFileAsync(tmp);
    return tmp;
  }

  /** Hashes a verified temporary file, writes its manifest (reserving the name), renames it into place. */
  async finalize(tmp: string, input: FinalizeInput): Promise<BackupEntry> {
    const { started } = input;
    const { sha256, md5 } = input.hashes ?? (await hashFile(tmp));
    const describe = (filename: string): BackupManifest => ({
      filename,
      kind: input.kind,
      createdAt: started.toUTC().toISO()!,
      created_local: started.setZone(SHOP_ZONE).toISO()!,
      timezone: SHOP_ZONE,
      size: fs.statSync(tmp).size,
      sha256,
      md5,
      verification: {
        check: input.check,
        result: 'ok',
        foreign_key_violations: 0,
        ...(input.tableCounts ? { table_counts: input.tableCounts } : {}),
      },
      duration_ms: Math.round(this.clock.now().diff(started).as('milliseconds')),
      last_migration: input.lastMigration,
      app_version: this.appVersion,
      trigger: input.trigger,
    });
    // The manifest lands first, created exclusively: it reserves the name (another process making
    // a backup in the same second takes the next suffix), and a file named like a backup only
    // ever exists beside its manifest.
    let manifest!: BackupManifest;
    let filename: string;
    for (;;) {
      filename = backupFileName(
        started,
        (name) => fs.existsSync(path.join(this.dir, name)) || fs.existsSync(path.join(this.dir, `${name}.json`)),
        this.extension,
      );
      manifest = describe(filename);
      try {
        writeFileExclusive(path.join(this.dir, `${filename}.json`), JSON.stringify(manifest, null, 2));
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    // The snapshot of a restore's previous content may sit elsewhere (another directory, maybe another disk).
    moveFileDurably(tmp, path.join(this.dir, filename), TEMP_PREFIX);
    return { filename, kind: manifest.kind, createdAt: manifest.createdAt, size: manifest.size, sha256, md5 };
  }
}

/** `BackupMaker.make` for either engine: a snapshot, kept (verified, listed) or discarded. */
export async function snapshotAndKeep(maker: BackupMaker, input: MakeBackupInput): Promise<BackupEntry> {
  const snapshot = await maker.snapshot();
  try {
    return await maker.keep(snapshot, input);
  } finally {
    maker.discard(snapshot);
  }
}
