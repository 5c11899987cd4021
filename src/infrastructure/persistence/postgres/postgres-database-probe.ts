import type { DatabaseProbe } from '../../../application/health/health.ports';
import type { SqlStore } from '../sql-store';

/** The database answers a read and accepts a write transaction (a read-only replica or a full disk shows here). */
export class PostgresDatabaseProbe implements DatabaseProbe {
  constructor(private readonly store: SqlStore) {}

  async check(): Promise<{ ok: true } | { ok: false; message: string }> {
    try {
      await this.store.query('SELECT 1');
      const [row] = await this.store.query<{ ro: string }>('SHOW transaction_read_only');
      if (row?.ro === 'on') return { ok: false, message: 'the PostgreSQL database is read-only (a replica, or the server is in recovery)' };
      return { ok: true };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }
}
