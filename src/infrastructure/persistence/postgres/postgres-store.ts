import { AsyncLocalStorage } from 'node:async_hooks';
import { types } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { SqlRunner, SqlStore } from '../sql-store';
import type { SqlDialect } from '../dialect/sql-dialect';
import { POSTGRES_DIALECT } from '../dialect/postgres.dialect';
import { toPostgresPlaceholders } from './placeholders';

// COUNT(*) and SUM of integers are BIGINT, AVG and ROUND are NUMERIC: as numbers, like SQLite's
// (every value the shop stores is far below 2^53).
types.setTypeParser(types.builtins.INT8, (v) => Number(v));
types.setTypeParser(types.builtins.NUMERIC, (v) => Number(v));

/** SQLSTATEs after which a whole transaction may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected
const MAX_ATTEMPTS = 8;

/** A manager whose statements use the repositories' `?` placeholders. */
const runnerOf = (m: EntityManager | DataSource): SqlRunner => ({
  query: (sql, params = []) => m.query(toPostgresPlaceholders(sql), params),
});

/**
 * The SqlStore on PostgreSQL (TypeORM's postgres driver, `pg`): a pool of connections, each write
 * one SERIALIZABLE transaction — the guarantee SQLite's single writer gives — run again when
 * PostgreSQL reports a serialization failure or a deadlock, so concurrent writers (several API
 * instances) never see each other's partial work and a conflicting one is retried, not failed.
 */
export class PostgresStore implements SqlStore {
  readonly dialect: SqlDialect = POSTGRES_DIALECT;
  private readonly current = new AsyncLocalStorage<SqlRunner>();

  private constructor(private readonly source: DataSource) {}

  static async open(url: string, options: { poolSize?: number; applicationName?: string } = {}): Promise<PostgresStore> {
    const source = new DataSource({
      type: 'postgres',
      url,
      entities: [],
      synchronize: false,
      logging: false,
      applicationName: options.applicationName ?? 'chorizaurio',
      extra: { max: options.poolSize ?? 10 },
    });
    await source.initialize();
    return new PostgresStore(source);
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const joined = this.current.getStore();
    return (joined ?? runnerOf(this.source)).query(sql, params) as Promise<T[]>;
  }

  queryPrepared<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.query<T>(sql, params);
  }

  read<T>(work: (runner: SqlRunner) => Promise<T>): Promise<T> {
    return work(this.current.getStore() ?? runnerOf(this.source));
  }

  get inTransaction(): boolean {
    return this.current.getStore() !== undefined;
  }

  async write<T>(work: (runner: SqlRunner) => Promise<T>): Promise<T> {
    const joined = this.current.getStore();
    if (joined) return work(joined);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.source.transaction('SERIALIZABLE', (m) => {
          const runner = runnerOf(m);
          return this.current.run(runner, () => work(runner));
        });
      } catch (e) {
        const code = (e as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (e as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw e;
        await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
      }
    }
  }

  /**
   * The position of the write-ahead log: it moves whenever anything commits, on any connection of
   * any instance, so a cache keyed on it is never stale (it may also move without a data change,
   * which costs a cache miss, never a wrong answer).
   */
  async dataVersion(): Promise<number> {
    const [row] = (await this.source.query('SELECT pg_current_wal_insert_lsn()::text AS lsn')) as { lsn: string }[];
    const [hi, lo] = (row?.lsn ?? '0/0').split('/').map((h) => parseInt(h, 16));
    return hi! * 2 ** 32 + lo!;
  }

  /** Writes waiting: PostgreSQL queues them itself; the pool's waiting clients. */
  get writeQueueDepth(): number {
    const pool = (this.source.driver as unknown as { master?: { waitingCount?: number } }).master;
    return pool?.waitingCount ?? 0;
  }

  async close(): Promise<void> {
    if (this.source.isInitialized) await this.source.destroy();
  }
}
