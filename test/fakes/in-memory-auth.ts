import { DateTime } from 'luxon';
import type { Clock } from '../../src/application/shared/shared.ports';
import type { AuditEntry, AuditLog, AuditRecord, OperationsMetrics } from '../../src/application/shared/shared.ports';
import type { RevokedTokenRepository } from '../../src/application/auth/auth.ports';

export class FixedClock implements Clock {
  constructor(public current: DateTime = DateTime.fromISO('2026-02-10T18:04:05.123Z', { zone: 'utc' })) {}
  now(): DateTime {
    return this.current;
  }
  advance(duration: { milliseconds?: number; seconds?: number; minutes?: number; hours?: number; days?: number }): void {
    this.current = this.current.plus(duration);
  }
}

export class InMemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async record(entry: AuditEntry): Promise<void> {
    this.entries.push(entry);
  }
  async recent(q: { limit: number; action?: string }): Promise<AuditRecord[]> {
    return this.entries
      .map((e, i) => ({
        id: i + 1,
        at: e.at.toISO()!,
        actor: e.actor,
        action: e.action,
        table: e.table,
        recordId: e.recordId,
        before: e.before ?? null,
        after: e.after ?? null,
        ip: e.ip,
      }))
      .filter((r) => !q.action || r.action === q.action)
      .reverse()
      .slice(0, q.limit);
  }
}

export class InMemoryRevokedTokens implements RevokedTokenRepository {
  readonly rows = new Map<string, { username: string; revokedAt: string; expiresAt: string }>();
  async isRevoked(jti: string): Promise<boolean> {
    return this.rows.has(jti);
  }
  async revoke(e: { jti: string; username: string; revokedAt: string; expiresAt: string }): Promise<void> {
    if (!this.rows.has(e.jti)) this.rows.set(e.jti, e);
  }
  async purgeExpired(now: string): Promise<number> {
    let n = 0;
    for (const [jti, row] of this.rows) if (row.expiresAt < now) (this.rows.delete(jti), n++);
    return n;
  }
}

/** The operator's metrics as a list of what was reported. */
export class RecordingMetrics implements OperationsMetrics {
  readonly placed: ('order' | 'template')[] = [];
  orderPlaced(origin: 'order' | 'template'): void {
    this.placed.push(origin);
  }
}
