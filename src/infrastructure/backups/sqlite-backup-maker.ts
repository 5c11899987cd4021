import type { BackupEntry, BackupKind } from '../../domain/backups/backup';
import type { Clock } from '../../application/shared/shared.ports';
import type { BackupMaker, MakeBackupInput, PendingSnapshot } from '../../application/backups/backups.ports';
import { RawSqlite, fsyncFileAsync } from '../sqlite/sqlite-file';
import { verifyDatabaseFile } from '../sqlite/checks';
import { snapshotDatabase } from '../sqlite/online-backup';
import { readLog } from '../sqlite/migration-log';
import { BackupFolder, hashFile, removeWithSidecars, snapshotAndKeep } from './backup-folder';
import { settledAll } from '../promises';

export { TEMP_PREFIX, hashFile, type BackupManifest } from './backup-folder';

export class SqliteBackupMaker implements BackupMaker {
  private readonly folder: BackupFolder;

  constructor(
    private readonly dbPath: string,
    backupDir: string,
    appVersion: string,
    private readonly clock: Clock,
  ) {
    this.folder = new BackupFolder(backupDir, '.db', appVersion, clock);
  }

  make(input: MakeBackupInput): Promise<BackupEntry> {
    return snapshotAndKeep(this, input);
  }

  async snapshot(): Promise<PendingSnapshot> {
    const takenAt = this.clock.now();
    const location = this.folder.tempName(takenAt.toMillis());
    try {
      await snapshotDatabase(this.dbPath, location);
    } catch (e) {
      removeWithSidecars(location);
      throw e;
    }
    return { location, takenAt };
  }

  /**
   * Verifies and lists a snapshot. Its fsync (the disk), the checks (two threads of libuv's pool)
   * and its hashes (a thread of its own, hashFile) run at once on the finished file, which nothing
   * writes any more; it is listed — renamed into place beside its manifest — only once all of
   * them succeeded.
   */
  async keep(snapshot: PendingSnapshot, input: MakeBackupInput): Promise<BackupEntry> {
    const check = input.fullCheck ? 'integrity_check' : 'quick_check';
    const [, , migration, hashes] = await settledAll([
      fsyncFileAsync(snapshot.location),
      verifyDatabaseFile(snapshot.location, check),
      lastMigration(snapshot.location),
      hashFile(snapshot.location),
    ] as const);
    return this.folder.finalize(snapshot.location, {
      kind: input.kind,
      trigger: input.trigger,
      check,
      started: snapshot.takenAt,
      lastMigration: migration,
      hashes,
    });
  }

  setAside(snapshot: PendingSnapshot, label: string): Promise<string> {
    return this.folder.setAside(snapshot.location, label);
  }

  discard(snapshot: PendingSnapshot): void {
    removeWithSidecars(snapshot.location);
  }

  async adopt(
    location: string,
    input: { kind: BackupKind; trigger: string; verifiedWith: 'quick_check' | 'integrity_check' },
  ): Promise<BackupEntry> {
    const started = this.clock.now();
    // Same filesystem: a rename. Elsewhere (another disk): a synced copy, then the original goes.
    const tmp = await this.folder.takeIn(location, started.toMillis());
    try {
      return await this.folder.finalize(tmp, {
        kind: input.kind,
        trigger: input.trigger,
        check: input.verifiedWith,
        started,
        lastMigration: await lastMigration(tmp),
      });
    } finally {
      removeWithSidecars(tmp);
    }
  }
}

async function lastMigration(file: string): Promise<string | null> {
  const db = await RawSqlite.open(file, 'readonly');
  try {
    const log = (await readLog((sql, params) => db.all(sql, params))).filter((r) => r.success);
    return log.length ? log[log.length - 1]!.id : null;
  } finally {
    await db.close();
  }
}
