import { AsyncLocalStorage } from 'node:async_hooks';
import type { Client } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import type { SqlRunner, SqlStore } from '../sql-store';
import type { SqlDialect } from '../dialect/sql-dialect';
import { sharedFreshRead } from '../versioned-cache';
import { POSTGRES_DIALECT } from '../dialect/postgres.dialect';
import { toPostgresPlaceholders } from './placeholders';
import { PAUSED_WRITE_WAIT_MS, WritePause, WritesPausedError } from '../store/write-pause';
import type { StoreObserver } from '../data-source';

/**
 * Advisory lock keys of this application (the two-int form: class "CHOR", then the lock). One
 * PostgreSQL serves every instance, so these are what the instances agree through.
 */
export const LOCK_CLASS = 0x43484f52;
export const LOCKS = { writeGate: 1, maintenance: 2, schedulerLeader: 3 } as const;

/** Who holds one of the application's advisory locks (its connection's application_name), or null. */
export async function advisoryLockHolder(
  q: (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>,
  lock: number,
  mode: 'ExclusiveLock' | 'ShareLock' = 'ExclusiveLock',
): Promise<{ application: string; since: string | null } | null> {
  const rows = await q(
    'SELECT a.application_name AS application, a.backend_start AS since FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid ' +
      "WHERE l.locktype = 'advisory' AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 2 AND l.mode = $3 AND l.granted LIMIT 1",
    [LOCK_CLASS, lock, mode],
  );
  const row = rows[0];
  if (!row) return null;
  return { application: String(row.application ?? ''), since: row.since instanceof Date ? row.since.toISOString() : null };
}

/** Settings of every connection of the application (libpq's `options`). */
const SESSION_OPTIONS = '-c jit=off';

/** A write refused by the gate of another instance's pause: rolled back, tried again shortly. */
class GateClosed extends Error {}

/** The application_name prefix of the connection that holds the write gate shut. */
const PAUSE_APPLICATION = 'chorizaurio paused: ';

let pgModule: typeof import('pg') | null = null;
/**
 * The `pg` driver, loaded on first use: the embedded SQLite deployment never loads it. COUNT(*)
 * and SUM of integers are BIGINT, AVG and ROUND are NUMERIC: read as numbers, like SQLite's (every
 * value the shop stores is far below 2^53).
 */
export function loadPg(): typeof import('pg') {
  if (pgModule) return pgModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous, on-demand load
  const pg = require('pg') as typeof import('pg');
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
  return (pgModule = pg);
}

/** SQLSTATEs after which a whole transaction may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected
/**
 * Orders of many clients on the same products update the same stock rows: under SERIALIZABLE
 * all but one of the concurrent ones fail and run again. Enough attempts, with a growing random
 * wait, that this contention is absorbed and never reaches a client as an error.
 */
const MAX_ATTEMPTS = 25;
const retryDelayMs = (attempt: number): number => Math.random() * Math.min(250, 4 * 2 ** Math.min(attempt, 8));

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
  private observer: StoreObserver | null = null;
  /** Transactions run again after a serialization failure or a deadlock, since start. */
  retried = 0;
  private readonly pause: WritePause;

  private constructor(
    private readonly source: DataSource,
    /** The connection URL (for the client tools and the sessions of advisory locks). */
    readonly url: string,
    readonly applicationName: string,
    private readonly pausedWriteWaitMs: number,
  ) {
    this.pause = new WritePause(pausedWriteWaitMs, (reason, ms) => this.observer?.paused(reason, ms));
  }

  static async open(
    url: string,
    options: { poolSize?: number; applicationName?: string; pausedWriteWaitMs?: number } = {},
  ): Promise<PostgresStore> {
    loadPg();
    const source = new DataSource({
      type: 'postgres',
      url,
      entities: [],
      synchronize: false,
      logging: false,
      applicationName: options.applicationName ?? 'chorizaurio',
      // JIT compilation costs more than the shop's queries take: the report of a month's sales by
      // product spent 830 ms compiling to run in 100 (measured at 100,000 orders). Off per session.
      extra: { max: options.poolSize ?? 10, options: SESSION_OPTIONS },
    });
    await source.initialize();
    return new PostgresStore(source, url, options.applicationName ?? 'chorizaurio', options.pausedWriteWaitMs ?? PAUSED_WRITE_WAIT_MS);
  }

  /** A connection of its own, outside the pool: for session-level advisory locks. */
  async session(applicationName: string): Promise<Client> {
    const client = new (loadPg().Client)({
      connectionString: this.url,
      application_name: applicationName.slice(0, 63),
      options: SESSION_OPTIONS,
    });
    client.on('error', () => undefined); // a dropped session shows as a failed query; its locks are gone with it
    await client.connect();
    return client;
  }

  /** Reports each write pause (the metrics' restore pauses). */
  observe(observer: StoreObserver): void {
    this.observer = observer;
  }

  /** Why writes are paused on this instance, if they are. */
  get pausedFor(): string | null {
    return this.pause.reason;
  }

  /**
   * Runs `work` with writes paused on EVERY instance: this session takes the write gate's
   * advisory lock exclusively, which waits for the write transactions in flight (each holds it
   * shared) to commit; from then on every instance's writes are refused at their first statement,
   * wait briefly, then answer busy (WritesPausedError: 503 + Retry-After). If this process dies,
   * PostgreSQL drops its session and the gate opens by itself.
   */
  withWritesPaused<T>(reason: string, work: () => Promise<T>): Promise<T> {
    return this.pause.during(reason, async () => {
      const gate = await this.session(`${PAUSE_APPLICATION}${reason}`);
      try {
        await gate.query("SET lock_timeout = '30s'");
        await gate.query('SELECT pg_advisory_lock($1, $2)', [LOCK_CLASS, LOCKS.writeGate]);
        return await work();
      } finally {
        await gate.end().catch(() => undefined);
      }
    });
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
    await this.pause.waitForEnd();
    const gateDeadline = Date.now() + this.pausedWriteWaitMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.source.transaction('SERIALIZABLE', async (m) => {
          // The write gate (see withWritesPaused): held shared until this transaction ends.
          const [gate] = (await m.query('SELECT pg_try_advisory_xact_lock_shared($1, $2) AS open', [LOCK_CLASS, LOCKS.writeGate])) as {
            open: boolean;
          }[];
          if (!gate?.open) throw new GateClosed();
          const runner = runnerOf(m);
          return this.current.run(runner, () => work(runner));
        });
      } catch (e) {
        if (e instanceof GateClosed) {
          if (Date.now() >= gateDeadline) throw new WritesPausedError(await this.pauseReason(), 5);
          attempt--;
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        const code = (e as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (e as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw e;
        this.retried++;
        await new Promise((r) => setTimeout(r, retryDelayMs(attempt)));
      }
    }
  }

  /** What the instance holding the write gate said it is doing. */
  private async pauseReason(): Promise<string> {
    const holder = await advisoryLockHolder((sql, p) => this.source.query(sql, p), LOCKS.writeGate).catch(() => null);
    const said = holder?.application.startsWith(PAUSE_APPLICATION) ? holder.application.slice(PAUSE_APPLICATION.length) : null;
    return said ? `${said}, on another instance` : 'maintenance on another instance';
  }

  /**
   * The position of the write-ahead log: it moves whenever anything commits, on any connection of
   * any instance, so a cache keyed on it is never stale (it may also move without a data change,
   * which costs a cache miss, never a wrong answer).
   */
  readonly dataVersion: () => Promise<number> = sharedFreshRead(async () => {
    const [row] = (await this.source.query('SELECT pg_current_wal_insert_lsn()::text AS lsn')) as { lsn: string }[];
    const [hi, lo] = (row?.lsn ?? '0/0').split('/').map((h) => parseInt(h, 16));
    return hi! * 2 ** 32 + lo!;
  });

  /** Writes waiting: PostgreSQL queues them itself; the pool's waiting clients. */
  get writeQueueDepth(): number {
    const pool = (this.source.driver as unknown as { master?: { waitingCount?: number } }).master;
    return pool?.waitingCount ?? 0;
  }

  async close(): Promise<void> {
    if (this.source.isInitialized) await this.source.destroy();
  }
}
