import { EntitySchema } from 'typeorm';

export interface AuditLogRecord {
  id: number;
  timestamp: string;
  usuario: string;
  accion: string;
  tabla: string;
  registro_id: number | null;
  datos_antes: string | null;
  datos_despues: string | null;
  ip_address: string | null;
  user_agent: string | null;
}

export const AuditLogSchema = new EntitySchema<AuditLogRecord>({
  name: 'AuditLogRecord',
  tableName: 'audit_log',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    timestamp: { type: 'text' },
    usuario: { type: 'text' },
    accion: { type: 'text' },
    tabla: { type: 'text' },
    registro_id: { type: 'integer', nullable: true },
    datos_antes: { type: 'text', nullable: true },
    datos_despues: { type: 'text', nullable: true },
    ip_address: { type: 'text', nullable: true },
    user_agent: { type: 'text', nullable: true },
  },
});
