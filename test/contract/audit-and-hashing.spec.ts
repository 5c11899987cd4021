import { forEachEngine } from '../support/engines';
import { auditLogContract, passwordHasherContract } from './audit-and-hashing.contract';
import { InMemoryAuditLog } from '../fakes/in-memory-auth';
import { FakePasswordHasher } from '../fakes/in-memory-user-repository';
import { SqlAuditLog } from '../../src/infrastructure/persistence/audit/sql-audit-log';
import { BcryptPasswordHasher } from '../../src/infrastructure/security/bcrypt-password-hasher';

auditLogContract('in-memory fake', async () => {
  const audit = new InMemoryAuditLog();
  return {
    audit,
    recorded: async () =>
      audit.entries.map((e) => ({
        actor: e.actor,
        action: e.action,
        table: e.table,
        recordId: e.recordId,
        before: e.before,
        after: e.after,
      })),
    close: async () => undefined,
  };
});

forEachEngine((engine, open) =>
  auditLogContract(`SQL adapter on ${engine}`, async () => {
    const { store, close } = await open();
    return {
      audit: new SqlAuditLog(store),
      recorded: async () =>
        (
          await store.query<{
            usuario: string;
            accion: string;
            tabla: string;
            registro_id: number | null;
            datos_antes: string | null;
            datos_despues: string | null;
          }>('SELECT usuario, accion, tabla, registro_id, datos_antes, datos_despues FROM audit_log ORDER BY id')
        ).map((r) => ({
          actor: r.usuario,
          action: r.accion,
          table: r.tabla,
          recordId: r.registro_id,
          before: r.datos_antes === null ? null : (JSON.parse(r.datos_antes) as unknown),
          after: r.datos_despues === null ? null : (JSON.parse(r.datos_despues) as unknown),
        })),
      close,
    };
  }),
);

passwordHasherContract('fake', new FakePasswordHasher());
passwordHasherContract('bcrypt adapter', new BcryptPasswordHasher());
