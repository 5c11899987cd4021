import { shopIso } from '../../../domain/shared/shop-time';
import type { AuditEntry, AuditLog } from '../../../application/shared/shared.ports';
import type { SqliteStore } from '../data-source';
import { AuditLogSchema } from './audit-log.schema';

/** audit_log in the existing shape: Montevideo ISO timestamp, JSON before/after (non-ASCII kept). */
export class TypeOrmAuditLog implements AuditLog {
  constructor(private readonly store: SqliteStore) {}

  async record(e: AuditEntry): Promise<void> {
    await this.store.write((m) =>
      m.getRepository(AuditLogSchema).insert({
        timestamp: shopIso(e.at),
        usuario: e.actor,
        accion: e.action,
        tabla: e.table,
        registro_id: e.recordId,
        datos_antes: e.before === null || e.before === undefined ? null : JSON.stringify(e.before),
        datos_despues: e.after === null || e.after === undefined ? null : JSON.stringify(e.after),
        ip_address: e.ip,
        user_agent: e.userAgent?.slice(0, 500) ?? null,
      }),
    );
  }
}
