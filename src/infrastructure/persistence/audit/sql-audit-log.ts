import { shopIso } from '../../../domain/shared/shop-time';
import type { AuditEntry, AuditLog, AuditRecord } from '../../../application/shared/shared.ports';
import type { SqlStore } from '../sql-store';
import { exec } from '../sql-helpers';

const parsed = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // written by hand or by another tool: shown as it is
  }
};

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The stored JSON: keys in snake_case as every other column of the shop's schema (`tableCounts` →
 * `table_counts`); keys already in snake_case (table names) are unchanged.
 */
const json = (v: unknown): string | null =>
  v === null || v === undefined
    ? null
    : JSON.stringify(v, function (this: unknown, _key, value: unknown) {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
        return Object.fromEntries(Object.entries(value).map(([k, x]) => [snake(k), x]));
      });

/** audit_log in the existing shape: Montevideo ISO timestamp, JSON before/after (non-ASCII kept). */
export class SqlAuditLog implements AuditLog {
  constructor(private readonly store: SqlStore) {}

  async record(e: AuditEntry): Promise<void> {
    await exec(
      this.store,
      'INSERT INTO audit_log (timestamp, usuario, accion, tabla, registro_id, datos_antes, datos_despues, ip_address, user_agent) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [shopIso(e.at), e.actor, e.action, e.table, e.recordId, json(e.before), json(e.after), e.ip, e.userAgent?.slice(0, 500) ?? null],
    );
  }

  async recent(q: { limit: number; action?: string }): Promise<AuditRecord[]> {
    const rows = await this.store.query<{
      id: number;
      timestamp: string;
      usuario: string;
      accion: string;
      tabla: string;
      registro_id: number | null;
      datos_antes: string | null;
      datos_despues: string | null;
      ip_address: string | null;
    }>(
      'SELECT id, timestamp, usuario, accion, tabla, registro_id, datos_antes, datos_despues, ip_address FROM audit_log ' +
        (q.action ? 'WHERE accion = ? ' : '') +
        'ORDER BY id DESC LIMIT ?',
      q.action ? [q.action, q.limit] : [q.limit],
    );
    return rows.map((r) => ({
      id: r.id,
      at: String(r.timestamp),
      actor: r.usuario,
      action: r.accion,
      table: r.tabla,
      recordId: r.registro_id,
      before: parsed(r.datos_antes),
      after: parsed(r.datos_despues),
      ip: r.ip_address,
    }));
  }
}
