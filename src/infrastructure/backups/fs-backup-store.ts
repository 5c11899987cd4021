import * as fs from 'node:fs';
import * as path from 'node:path';
import { type BackupEntry, type BackupExtension, BACKUP_KINDS, isBackupFileName } from '../../domain/backups/backup';
import type { BackupFolderRecovery, BackupStore, QuarantinedBackup } from '../../application/backups/backups.ports';
import { fsyncDir, writeFileDurably } from '../sqlite/sqlite-file';

/** A backup that failed re-verification: `rotted-ventas_….db` (+ `.json` with why), never listed, never deleted. */
export const ROTTED_PREFIX = 'rotted-';
import { isRegularFile, openRegularFile, readRegularFile } from '../filesystem/regular-files';
import { TEMP_PREFIX, hashFile, type BackupManifest } from './backup-folder';
import { verifyDatabaseFile } from '../sqlite/checks';

/** What the store needs to know of the engine whose backups it keeps. */
export interface StoredBackupFormat {
  /** `.db` (SQLite files) or `.dump` (PostgreSQL custom-format dumps); other backups are not this store's. */
  readonly extension: BackupExtension;
  /** The at-rest check of a stored file (after size and SHA-256): throws with what is wrong. */
  check(file: string): Promise<void>;
  /** The live database's size, for the free-space checks. */
  databaseBytes(): Promise<number>;
  /** Whether files without a manifest may be the original backend's backups, to verify and adopt. */
  readonly adoptsLegacy: boolean;
  /**
   * How old a temporary file must be before start-up removes it: 0 for a folder only this process
   * writes; hours for one that several instances share (another may be writing its backup now).
   */
  readonly leftoverAgeMs: number;
}

/** The SQLite file backups: `ventas_*.db`, checked with quick_check. */
export function sqliteBackupFormat(dbPath: string): StoredBackupFormat {
  const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  return {
    extension: '.db',
    check: (file) => verifyDatabaseFile(file, 'quick_check'),
    databaseBytes: async () => size(dbPath) + size(`${dbPath}-wal`),
    adoptsLegacy: true,
    leftoverAgeMs: 0,
  };
}

/**
 * Backups in BACKUP_DIR, each `ventas_*.db` (or `.dump`) with its manifest `ventas_*.db.json`. A
 * file without a manifest, or whose manifest does not say it was verified, is not listed.
 */
export class FsBackupStore implements BackupStore, BackupFolderRecovery {
  private readonly format: StoredBackupFormat;

  constructor(
    private readonly backupDir: string,
    format: StoredBackupFormat | string,
  ) {
    this.format = typeof format === 'string' ? sqliteBackupFormat(format) : format;
  }

  private isOurs(name: string): boolean {
    return isBackupFileName(name) && name.endsWith(this.format.extension);
  }

  async list(): Promise<BackupEntry[]> {
    if (!fs.existsSync(this.backupDir)) return [];
    const entries: BackupEntry[] = [];
    for (const name of fs.readdirSync(this.backupDir)) {
      if (!this.isOurs(name)) continue;
      const manifest = this.readManifest(name);
      if (!manifest) continue;
      try {
        const st = fs.lstatSync(path.join(this.backupDir, name));
        if (!st.isFile() || st.size !== manifest.size) continue;
      } catch {
        continue;
      }
      entries.push({
        filename: name,
        kind: manifest.kind,
        createdAt: manifest.createdAt,
        size: manifest.size,
        sha256: manifest.sha256,
        md5: manifest.md5 ?? '',
      });
    }
    return entries.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.filename < b.filename ? 1 : -1));
  }

  readManifest(name: string): BackupManifest | null {
    try {
      const bytes = readRegularFile(path.join(this.backupDir, `${name}.json`));
      if (!bytes) return null;
      const m = JSON.parse(bytes.toString('utf8')) as BackupManifest;
      return m.verification?.result === 'ok' && BACKUP_KINDS.includes(m.kind) && typeof m.sha256 === 'string' ? m : null;
    } catch {
      return null;
    }
  }

  async open(name: string): Promise<{ size: number; sha256: string; stream: AsyncIterable<Uint8Array> } | null> {
    const listed = (await this.list()).find((b) => b.filename === name);
    if (!listed) return null;
    const fd = openRegularFile(path.join(this.backupDir, name));
    if (fd === null) return null;
    return { size: listed.size, sha256: listed.sha256, stream: fs.createReadStream('', { fd }) };
  }

  async locate(name: string): Promise<{ entry: BackupEntry; location: string; verifiedWith: string } | null> {
    const entry = (await this.list()).find((b) => b.filename === name);
    if (!entry) return null;
    const manifest = this.readManifest(name);
    return { entry, location: path.join(this.backupDir, name), verifiedWith: manifest ? `${manifest.verification.check} ok` : 'unknown' };
  }

  async remove(filename: string): Promise<void> {
    if (!this.isOurs(filename)) return;
    // (A link is removed as a link — rm never follows it.) Manifest first: a half-removed backup
    // is unlisted, never listed without its manifest.
    fs.rmSync(path.join(this.backupDir, `${filename}.json`), { force: true });
    fs.rmSync(path.join(this.backupDir, filename), { force: true });
  }

  async space(): Promise<{ freeBytes: number; databaseBytes: number }> {
    fs.mkdirSync(this.backupDir, { recursive: true });
    const stats = fs.statfsSync(this.backupDir);
    return { freeBytes: stats.bavail * stats.bsize, databaseBytes: await this.format.databaseBytes() };
  }

  async directoryState(): Promise<{ exists: boolean; writable: boolean }> {
    if (!fs.existsSync(this.backupDir)) return { exists: false, writable: false };
    try {
      fs.accessSync(this.backupDir, fs.constants.W_OK);
      return { exists: true, writable: true };
    } catch {
      return { exists: true, writable: false };
    }
  }

  async reverify(filename: string): Promise<string | null> {
    const manifest = this.readManifest(filename);
    const full = path.join(this.backupDir, filename);
    if (!manifest) return 'its manifest is missing or unreadable';
    let st: fs.Stats;
    try {
      st = fs.lstatSync(full);
    } catch (e) {
      return `the file cannot be read (${(e as Error).message})`;
    }
    if (!st.isFile()) return 'not a regular file';
    if (st.size !== manifest.size) return `its size is ${st.size} bytes, the manifest says ${manifest.size}`;
    try {
      const { sha256 } = await hashFile(full);
      if (sha256 !== manifest.sha256) return `its SHA-256 is ${sha256}, the manifest says ${manifest.sha256}`;
      await this.format.check(full);
    } catch (e) {
      return (e as Error).message;
    }
    return null;
  }

  async quarantine(filename: string, problem: string, at: string): Promise<void> {
    if (!this.isOurs(filename)) return;
    const from = path.join(this.backupDir, filename);
    const to = path.join(this.backupDir, `${ROTTED_PREFIX}${filename}`);
    const manifest = this.readManifest(filename);
    // The reason lands first, then the file leaves the list; the old manifest goes last.
    writeFileDurably(`${to}.json`, JSON.stringify({ ...(manifest ?? { filename }), rotted: { problem, at } }, null, 2), TEMP_PREFIX);
    if (fs.existsSync(from)) fs.renameSync(from, to);
    fs.rmSync(`${from}.json`, { force: true });
    fsyncDir(this.backupDir);
  }

  async quarantined(): Promise<QuarantinedBackup[]> {
    if (!fs.existsSync(this.backupDir)) return [];
    const out: QuarantinedBackup[] = [];
    for (const name of fs.readdirSync(this.backupDir)) {
      if (!name.startsWith(ROTTED_PREFIX) || !name.endsWith(`${this.format.extension}.json`)) continue;
      const bytes = readRegularFile(path.join(this.backupDir, name));
      try {
        const m = JSON.parse(bytes?.toString('utf8') ?? '{}') as { rotted?: { problem?: string; at?: string } };
        out.push({
          filename: name.slice(ROTTED_PREFIX.length, -'.json'.length),
          problem: String(m.rotted?.problem ?? 'unknown'),
          at: String(m.rotted?.at ?? ''),
        });
      } catch {
        out.push({ filename: name.slice(ROTTED_PREFIX.length, -'.json'.length), problem: 'unknown (unreadable record)', at: '' });
      }
    }
    return out.sort((a, b) => (a.filename < b.filename ? -1 : 1));
  }

  /**
   * At start-up: removes what an interrupted backup left (temporary files, manifests without a
   * backup), and verifies backups made by the original backend (no manifest) so they can be listed.
   */
  async recover(onLegacy: (name: string, ok: boolean, reason?: string) => void): Promise<void> {
    if (!fs.existsSync(this.backupDir)) return;
    for (const name of fs.readdirSync(this.backupDir)) {
      const full = path.join(this.backupDir, name);
      // Provably redundant: a temporary copy whose source still exists (the live database, the
      // upload being adopted, a manifest being written). A restore's previous content is never
      // named like this (see restore-journal.ts).
      if (name.startsWith(TEMP_PREFIX)) {
        if (this.format.leftoverAgeMs === 0 || ageMs(full) > this.format.leftoverAgeMs) fs.rmSync(full, { force: true });
      } else if (
        name.endsWith(`${this.format.extension}.json`) &&
        !fs.existsSync(full.slice(0, -'.json'.length)) &&
        (this.format.leftoverAgeMs === 0 || ageMs(full) > this.format.leftoverAgeMs)
      )
        fs.rmSync(full, { force: true });
    }
    if (!this.format.adoptsLegacy) return;
    for (const name of fs.readdirSync(this.backupDir)) {
      if (!this.isOurs(name) || fs.existsSync(path.join(this.backupDir, `${name}.json`))) continue;
      const full = path.join(this.backupDir, name);
      if (!isRegularFile(full)) {
        onLegacy(name, false, 'not a regular file (a link or a folder): never followed, not listed');
        continue;
      }
      try {
        await verifyDatabaseFile(full, 'quick_check');
        const stat = fs.statSync(full);
        const { sha256, md5 } = await hashFile(full);
        const manifest: BackupManifest = {
          filename: name,
          kind: 'legacy',
          createdAt: stat.mtime.toISOString(),
          created_local: stat.mtime.toISOString(),
          timezone: 'UTC',
          size: stat.size,
          sha256,
          md5,
          verification: { check: 'quick_check', result: 'ok', foreign_key_violations: 0 },
          duration_ms: 0,
          last_migration: null,
          app_version: 'original backend',
          trigger: 'adopted at start-up',
        };
        writeFileDurably(`${full}.json`, JSON.stringify(manifest, null, 2), TEMP_PREFIX);
        onLegacy(name, true);
      } catch (e) {
        onLegacy(name, false, (e as Error).message);
      }
    }
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - fs.lstatSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
