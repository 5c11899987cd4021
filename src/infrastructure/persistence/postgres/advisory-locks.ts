import type { Client } from 'pg';
import type { MaintenanceLock, SchedulerLeadership, LeaderInfo } from '../../../application/backups/backups.ports';
import { InProcessMaintenanceLock } from '../../backups/in-process-maintenance';
import { LOCKS, LOCK_CLASS, advisoryLockHolder, type PostgresStore } from './postgres-store';

const MAINTENANCE_APPLICATION = 'chorizaurio maintenance: ';
const LEADER_APPLICATION = 'chorizaurio leader: ';
const POLL_MS = 200;

/**
 * One backup, restore or migration at a time across every instance: this process's own queue
 * first, then a session-level advisory lock on PostgreSQL. The session's application_name says
 * what holds it, so a busy answer on another instance can name it; if the holder dies, PostgreSQL
 * ends its session and the lock is free.
 */
export class PgMaintenanceLock implements MaintenanceLock {
  private readonly local = new InProcessMaintenanceLock();
  private remote: string | null = null;

  constructor(private readonly store: PostgresStore) {}

  async run<T>(what: string, waitMs: number, work: () => Promise<T>): Promise<{ value: T } | null> {
    const deadline = Date.now() + waitMs;
    const held = await this.local.run(what, waitMs, async () => {
      const session = await this.store.session(`${MAINTENANCE_APPLICATION}${what}`);
      try {
        for (;;) {
          const { rows } = await session.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS got', [
            LOCK_CLASS,
            LOCKS.maintenance,
          ]);
          if (rows[0]?.got) break;
          if (Date.now() >= deadline) {
            const holder = await advisoryLockHolder((sql, p) => session.query(sql, p).then((r) => r.rows), LOCKS.maintenance);
            this.remote = holder?.application.replace(MAINTENANCE_APPLICATION, '') ?? null;
            return null;
          }
          await new Promise((r) => setTimeout(r, POLL_MS));
        }
        this.remote = null;
        return { value: await work() };
      } finally {
        await session.end().catch(() => undefined);
      }
    });
    return held?.value ?? null;
  }

  holder(): string | null {
    const mine = this.local.holder();
    return mine ?? (this.remote ? `${this.remote} (another instance)` : null);
  }
}

/**
 * The scheduler's leader among the instances: whoever holds a session-level advisory lock. The
 * lock lives as long as the leader's connection; when the leader dies, PostgreSQL drops it, and
 * the next `claim()` of any other instance (at every slot, and every 5 s) takes it.
 */
export class PgSchedulerLeadership implements SchedulerLeadership {
  private session: Client | null = null;
  private claiming: Promise<boolean> | null = null;

  constructor(
    private readonly store: PostgresStore,
    readonly instance: string,
  ) {}

  claim(): Promise<boolean> {
    this.claiming ??= this.tryClaim().finally(() => (this.claiming = null));
    return this.claiming;
  }

  private async tryClaim(): Promise<boolean> {
    if (this.session) {
      // Still leading only while the session that holds the lock is alive.
      try {
        await this.session.query('SELECT 1');
        return true;
      } catch {
        await this.drop();
      }
    }
    let session: Client;
    try {
      session = await this.store.session(`${LEADER_APPLICATION}${this.instance}`);
    } catch {
      return false;
    }
    try {
      const { rows } = await session.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS got', [
        LOCK_CLASS,
        LOCKS.schedulerLeader,
      ]);
      if (rows[0]?.got) {
        this.session = session;
        session.on('error', () => void this.drop());
        return true;
      }
    } catch {
      // fall through: not leading
    }
    await session.end().catch(() => undefined);
    return false;
  }

  async current(): Promise<LeaderInfo | null> {
    const holder = await advisoryLockHolder((sql, p) => this.store.query(sql, p), LOCKS.schedulerLeader);
    if (!holder) return null;
    const instance = holder.application.replace(LEADER_APPLICATION, '');
    return { instance, self: instance === this.instance && this.session !== null, since: holder.since };
  }

  async release(): Promise<void> {
    await this.drop();
  }

  private async drop(): Promise<void> {
    const s = this.session;
    this.session = null;
    await s?.end().catch(() => undefined);
  }
}
