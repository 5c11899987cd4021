import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DateTime } from 'luxon';
import { type BackupEntry, type BackupKind, backupFileName } from '../../domain/backups/backup';
import { SHOP_ZONE } from '../../domain/shared/shop-time';
import type { Clock } from '../../application/shared/shared.ports';
import type { BackupMaker, MakeBackupInput, PendingSnapshot } from '../../application/backups/backups.ports';
import { RawSqlite, fsyncFileAsync, moveFileDurably } from '../sqlite/sqlite-file';
import { verifyDatabaseFile } from '../sqlite/checks';
import { snapshotDatabase } from '../sqlite/online-backup';
import { readLog } from '../sqlite/migration-log';

/** Every manifest field, beside each backup as `<name>.json`. */
export interface BackupManifest extends BackupEntry {
  readonly md5: string;
  readonly created_local: string;
  readonly timezone: string;
  readonly verification: { check: 'quick_check' | 'integrity_check'; result: 'ok'; foreign_key_violations: 0 };
  readonly duration_ms: number;
  readonly last_migration: string | null;
  readonly app_version: string;
  readonly trigger: string;
}

export const TEMP_PREFIX = '.incoming-';

/** SHA-256 (the integrity check of record) and MD5 (kept for the original's `checksum_md5`), in one read. */
export function hashFile(file: string): Promise<{ sha256: string; md5: string }> {
  return new Promise((resolve, reject) => {
    const sha = createHash('sha256');
    const md5 = createHash('md5');
    fs.createReadStream(file)
      .on('data', (chunk) => (sha.update(chunk), md5.update(chunk)))
      .on('end', () => resolve({ sha256: sha.digest('hex'), md5: md5.digest('hex') }))
      .on('error', reject);
  });
}

export class SqliteBackupMaker implements BackupMaker {
  constructor(
    private readonly dbPath: string,
    private readonly backupDir: string,
    private readonly appVersion: string,
    private readonly clock: Clock,
  ) {}

  async make(input: MakeBackupInput): Promise<BackupEntry> {
    const snapshot = await this.snapshot();
    try {
      return await this.keep(snapshot, input);
    } finally {
      this.discard(snapshot);
    }
  }

  async snapshot(): Promise<PendingSnapshot> {
    const takenAt = this.clock.now();
    const location = this.tempName(takenAt.toMillis());
    try {
      await snapshotDatabase(this.dbPath, location);
    } catch (e) {
      removeWithSidecars(location);
      throw e;
    }
    return { location, takenAt };
  }

  async keep(snapshot: PendingSnapshot, input: MakeBackupInput): Promise<BackupEntry> {
    await fsyncFileAsync(snapshot.location);
    const check = input.fullCheck ? 'integrity_check' : 'quick_check';
    await verifyDatabaseFile(snapshot.location, check);
    return this.finalize(snapshot.location, { kind: input.kind, trigger: input.trigger, check, started: snapshot.takenAt });
  }

  async setAside(snapshot: PendingSnapshot, label: string): Promise<string> {
    const target = path.join(
      this.backupDir,
      `unverified-${label}-${this.clock.now().toFormat('yyyyLLdd-HHmmss')}-${randomBytes(2).toString('hex')}.db`,
    );
    await fsyncFileAsync(snapshot.location);
    moveFileDurably(snapshot.location, target, TEMP_PREFIX);
    return target;
  }

  discard(snapshot: PendingSnapshot): void {
    removeWithSidecars(snapshot.location);
  }

  async adopt(
    location: string,
    input: { kind: BackupKind; trigger: string; verifiedWith: 'quick_check' | 'integrity_check' },
  ): Promise<BackupEntry> {
    const started = this.clock.now();
    const tmp = this.tempName(started.toMillis());
    try {
      // Same filesystem: a rename. Elsewhere (another disk): a synced copy, then the original goes.
      moveFileDurably(location, tmp, TEMP_PREFIX);
      await fsyncFileAsync(tmp);
      return await this.finalize(tmp, { kind: input.kind, trigger: input.trigger, check: input.verifiedWith, started });
    } finally {
      removeWithSidecars(tmp);
    }
  }

  private tempName(ms: number): string {
    fs.mkdirSync(this.backupDir, { recursive: true });
    return path.join(this.backupDir, `${TEMP_PREFIX}${process.pid}-${ms}-${randomBytes(4).toString('hex')}.db`);
  }

  /** Hashes a verified temporary file, writes its manifest (reserving the name), renames it into place. */
  private async finalize(
    tmp: string,
    input: { kind: BackupKind; trigger: string; check: 'quick_check' | 'integrity_check'; started: DateTime },
  ): Promise<BackupEntry> {
    const { started } = input;
    const { sha256, md5 } = await hashFile(tmp);
    const lastMigration = await this.lastMigration(tmp);
    const describe = (filename: string): BackupManifest => ({
      filename,
      kind: input.kind,
      createdAt: started.toUTC().toISO()!,
      created_local: started.setZone(SHOP_ZONE).toISO()!,
      timezone: SHOP_ZONE,
      size: fs.statSync(tmp).size,
      sha256,
      md5,
      verification: { check: input.check, result: 'ok', foreign_key_violations: 0 },
      duration_ms: Math.round(this.clock.now().diff(started).as('milliseconds')),
      last_migration: lastMigration,
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
        (name) => fs.existsSync(path.join(this.backupDir, name)) || fs.existsSync(path.join(this.backupDir, `${name}.json`)),
      );
      manifest = describe(filename);
      try {
        writeFileExclusive(path.join(this.backupDir, `${filename}.json`), JSON.stringify(manifest, null, 2));
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    // The snapshot of a restore's previous content sits beside the database: another directory,
    // maybe another disk.
    moveFileDurably(tmp, path.join(this.backupDir, filename), TEMP_PREFIX);
    return { filename, kind: manifest.kind, createdAt: manifest.createdAt, size: manifest.size, sha256, md5 };
  }

  private async lastMigration(file: string): Promise<string | null> {
    const db = await RawSqlite.open(file, 'readonly');
    try {
      const log = (await readLog((sql, params) => db.all(sql, params))).filter((r) => r.success);
      return log.length ? log[log.length - 1]!.id : null;
    } finally {
      await db.close();
    }
  }
}

function removeWithSidecars(file: string): void {
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
