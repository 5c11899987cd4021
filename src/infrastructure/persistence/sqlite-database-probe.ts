import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatabaseProbe } from '../../application/health/health.ports';
import type { SqliteStore } from './data-source';

/** Below this, a commit may fail for want of room in the WAL. */
const MIN_FREE_BYTES = 1024 * 1024;

/** The database answers a read, and its file and folder can still be written (a read-only or vanished disk shows here first). */
export class SqliteDatabaseProbe implements DatabaseProbe {
  constructor(private readonly store: SqliteStore) {}

  async check(): Promise<{ ok: true } | { ok: false; message: string }> {
    try {
      await this.store.query('SELECT 1');
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    for (const target of [this.store.path, path.dirname(this.store.path)]) {
      try {
        fs.accessSync(target, fs.constants.W_OK);
      } catch (e) {
        return {
          ok: false,
          message: `${target} is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): orders cannot be saved`,
        };
      }
    }
    try {
      const st = fs.statfsSync(path.dirname(this.store.path));
      const free = st.bavail * st.bsize;
      if (free < MIN_FREE_BYTES)
        return { ok: false, message: `the disk of ${path.dirname(this.store.path)} is full (${free} bytes free): orders cannot be saved` };
    } catch {
      // statfs unsupported: the write checks above stand.
    }
    return { ok: true };
  }
}
