import type { Logger } from '../../../application/shared/shared.ports';
import type { PostgresStore } from './postgres-store';

/**
 * Where the instances keep state that is not the shop's data: its own schema, so the schema
 * checks, the row counts of backups and the copy of migrate-to-postgres never see it, and the
 * dumps leave it out (`--exclude-schema`). UNLOGGED: counters need no crash safety.
 */
export const OPERATIONS_SCHEMA = 'chorizaurio_ops';

/** A fixed-window hit counter several instances share. */
export interface HitCounter {
  /** Counts one hit of `key` in the current window of `windowMs`: the hits so far and when the window ends (epoch ms). */
  hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }>;
  /** Told when the counters cannot be reached: the request is let through (never refused for it). */
  onError(error: unknown): void;
  close(): void;
}

/**
 * Rate-limit counters in PostgreSQL, for several instances without Redis: one upsert per request
 * (`INSERT … ON CONFLICT DO UPDATE … RETURNING`), atomic on its own, outside any transaction;
 * ended windows are swept every minute.
 */
export class PostgresHitCounter implements HitCounter {
  private ready: Promise<void> | null = null;
  private readonly sweeper: NodeJS.Timeout;
  private warned = 0;

  constructor(
    private readonly store: PostgresStore,
    private readonly logger: Logger,
  ) {
    this.sweeper = setInterval(() => {
      void this.store.query(`DELETE FROM ${OPERATIONS_SCHEMA}.rate_limit_hits WHERE reset_ms < ?`, [Date.now()]).catch(() => undefined);
    }, 60_000);
    this.sweeper.unref();
  }

  private prepare(): Promise<void> {
    this.ready ??= (async () => {
      await this.store.query(`CREATE SCHEMA IF NOT EXISTS ${OPERATIONS_SCHEMA}`);
      await this.store.query(
        `CREATE UNLOGGED TABLE IF NOT EXISTS ${OPERATIONS_SCHEMA}.rate_limit_hits ` +
          '(key TEXT NOT NULL, window_start BIGINT NOT NULL, reset_ms BIGINT NOT NULL, hits INTEGER NOT NULL, PRIMARY KEY (key, window_start))',
      );
    })().catch((e: unknown) => {
      this.ready = null; // tried again on the next request
      throw e;
    });
    return this.ready;
  }

  async hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }> {
    await this.prepare();
    const start = Math.floor(Date.now() / windowMs) * windowMs;
    const resetMs = start + windowMs;
    const [row] = await this.store.query<{ hits: number }>(
      `INSERT INTO ${OPERATIONS_SCHEMA}.rate_limit_hits AS h (key, window_start, reset_ms, hits) VALUES (?, ?, ?, 1) ` +
        'ON CONFLICT (key, window_start) DO UPDATE SET hits = h.hits + 1 RETURNING h.hits',
      [key, start, resetMs],
    );
    return { count: Number(row?.hits ?? 1), resetMs };
  }

  onError(error: unknown): void {
    if (Date.now() - this.warned < 60_000) return;
    this.warned = Date.now();
    this.logger.warn(
      { err: error instanceof Error ? error.message : String(error) },
      'rate-limit counters in PostgreSQL unreachable: requests are let through until they are back',
    );
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
