import { createHash } from 'node:crypto';
import type { DateTime } from 'luxon';
import type { BackupEntry, BackupKind } from '../../src/domain/backups/backup';
import { backupFileName } from '../../src/domain/backups/backup';
import type { BackupMaker, BackupStore, MakeBackupInput, PendingSnapshot } from '../../src/application/backups/backups.ports';
import type { Clock } from '../../src/application/shared/shared.ports';

/** Backups as a map of name → bytes, with the ports' semantics (only verified ones listed). */
export class InMemoryBackups implements BackupStore, BackupMaker {
  readonly files = new Map<string, { entry: BackupEntry; bytes: Buffer }>();
  /** The "database" the maker snapshots. */
  database = Buffer.from('SQLite format 3\0 fake contents');
  freeBytes = 10 ** 12;
  /** When set, make() fails verification with this message. */
  failWith: string | null = null;
  calls: MakeBackupInput[] = [];

  constructor(private readonly clock: Clock) {}

  /** Files outside the backups (uploads), by location. */
  readonly candidates = new Map<string, Buffer>();

  async make(input: MakeBackupInput): Promise<BackupEntry> {
    this.calls.push(input);
    if (this.failWith) throw new Error(this.failWith);
    return this.store(Buffer.from(this.database), input.kind);
  }

  private snapshots = 0;

  async snapshot(): Promise<PendingSnapshot> {
    const location = `mem:snapshot-${++this.snapshots}`;
    this.candidates.set(location, Buffer.from(this.database));
    return { location, takenAt: this.clock.now() };
  }

  async keep(snapshot: PendingSnapshot, input: MakeBackupInput): Promise<BackupEntry> {
    this.calls.push(input);
    if (this.failWith) throw new Error(this.failWith);
    const bytes = this.candidates.get(snapshot.location);
    if (!bytes) throw new Error(`no snapshot at ${snapshot.location}`);
    this.candidates.delete(snapshot.location);
    return this.store(bytes, input.kind, snapshot.takenAt);
  }

  /** Snapshots set aside after failing verification, by location. */
  readonly setAsideFiles = new Map<string, Buffer>();

  async setAside(snapshot: PendingSnapshot, label: string): Promise<string> {
    const bytes = this.candidates.get(snapshot.location);
    if (!bytes) throw new Error(`no snapshot at ${snapshot.location}`);
    this.candidates.delete(snapshot.location);
    const location = `mem:unverified-${label}-${this.snapshots}`;
    this.setAsideFiles.set(location, bytes);
    return location;
  }

  discard(snapshot: PendingSnapshot): void {
    this.candidates.delete(snapshot.location);
  }

  async adopt(location: string, input: { kind: BackupKind }): Promise<BackupEntry> {
    const bytes = this.candidates.get(location);
    if (!bytes) throw new Error(`no file at ${location}`);
    this.candidates.delete(location);
    return this.store(bytes, input.kind);
  }

  private store(bytes: Buffer, kind: BackupKind, at: DateTime = this.clock.now()): BackupEntry {
    const filename = backupFileName(at, (n) => this.files.has(n));
    const entry: BackupEntry = {
      filename,
      kind,
      createdAt: at.toUTC().toISO()!,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      md5: createHash('md5').update(bytes).digest('hex'),
    };
    this.files.set(filename, { entry, bytes });
    return entry;
  }

  async list(): Promise<BackupEntry[]> {
    return [...this.files.values()]
      .map((f) => f.entry)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.filename < b.filename ? 1 : -1));
  }

  async locate(filename: string) {
    const f = this.files.get(filename);
    return f ? { entry: f.entry, location: `mem:${filename}`, verifiedWith: 'quick_check ok' } : null;
  }

  async remove(filename: string): Promise<void> {
    this.files.delete(filename);
  }

  async open(filename: string) {
    const f = this.files.get(filename);
    return f
      ? {
          size: f.entry.size,
          sha256: f.entry.sha256,
          stream: (async function* () {
            yield f.bytes;
          })(),
        }
      : null;
  }

  async space() {
    return { freeBytes: this.freeBytes, databaseBytes: this.database.length };
  }

  async directoryState() {
    return { exists: true, writable: true };
  }

  /** Backups set aside after failing re-verification. */
  readonly rottedFiles = new Map<string, { bytes: Buffer; problem: string; at: string }>();

  async reverify(filename: string): Promise<string | null> {
    const f = this.files.get(filename);
    if (!f) return 'the file cannot be read (missing)';
    if (f.bytes.length !== f.entry.size) return `its size is ${f.bytes.length} bytes, the manifest says ${f.entry.size}`;
    const sha = createHash('sha256').update(f.bytes).digest('hex');
    return sha === f.entry.sha256 ? null : `its SHA-256 is ${sha}, the manifest says ${f.entry.sha256}`;
  }

  async quarantine(filename: string, problem: string, at: string): Promise<void> {
    const f = this.files.get(filename);
    if (!f) return;
    this.files.delete(filename);
    this.rottedFiles.set(filename, { bytes: f.bytes, problem, at });
  }

  async quarantined() {
    return [...this.rottedFiles.entries()]
      .map(([filename, r]) => ({ filename, problem: r.problem, at: r.at }))
      .sort((a, b) => (a.filename < b.filename ? -1 : 1));
  }
}
