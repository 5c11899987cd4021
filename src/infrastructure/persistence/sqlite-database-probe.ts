import type { DatabaseProbe } from '../../application/health/database-probe.port';
import type { SqliteStore } from './data-source';

export class SqliteDatabaseProbe implements DatabaseProbe {
  constructor(private readonly store: SqliteStore) {}

  async check(): Promise<{ ok: true } | { ok: false; message: string }> {
    try {
      await this.store.query('SELECT 1');
      return { ok: true };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }
}
