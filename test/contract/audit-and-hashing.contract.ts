import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { AuditLog } from '../../src/application/shared/shared.ports';
import type { PasswordHasher } from '../../src/application/users/users.ports';

export interface AuditSubject {
  readonly audit: AuditLog;
  /** What was recorded, oldest first, as stored. */
  recorded(): Promise<{ actor: string; action: string; table: string; recordId: number | null; before: unknown; after: unknown }[]>;
  close(): Promise<void>;
}

/** The audit log keeps every entry with its before and after; the fake and the SQL adapter agree. */
export function auditLogContract(name: string, make: () => Promise<AuditSubject>): void {
  describe(`AuditLog contract: ${name}`, () => {
    let s: AuditSubject;
    beforeEach(async () => (s = await make()));
    afterEach(async () => s.close());

    it('records each entry in order, with who, what and the data before and after', async () => {
      const at = DateTime.fromISO('2026-12-01T15:30:00Z');
      await s.audit.record({
        at,
        actor: 'admin',
        action: 'ROLE_CHANGE',
        table: 'usuarios',
        recordId: 3,
        before: { rol: 'vendedor' },
        after: { rol: 'oficina' },
        ip: '10.0.0.1',
        userAgent: 'x',
      });
      await s.audit.record({
        at,
        actor: 'admin',
        action: 'DELETE',
        table: 'pedidos',
        recordId: 9,
        before: null,
        after: null,
        ip: null,
        userAgent: null,
      });
      expect(await s.recorded()).to.deep.equal([
        { actor: 'admin', action: 'ROLE_CHANGE', table: 'usuarios', recordId: 3, before: { rol: 'vendedor' }, after: { rol: 'oficina' } },
        { actor: 'admin', action: 'DELETE', table: 'pedidos', recordId: 9, before: null, after: null },
      ]);
    });

    it('reads back the newest entries first, limited, and filtered by action', async () => {
      for (let i = 1; i <= 5; i++)
        await s.audit.record({
          at: DateTime.fromISO(`2026-12-01T15:3${i}:00Z`),
          actor: `user${i}`,
          action: i % 2 ? 'BACKUP' : 'RESTORE',
          table: 'database',
          recordId: i,
          before: i === 4 ? { rol: 'vendedor' } : null,
          after: null,
          ip: '10.0.0.1',
          userAgent: null,
        });
      const newest = await s.audit.recent({ limit: 3 });
      expect(newest.map((r) => r.actor)).to.deep.equal(['user5', 'user4', 'user3']);
      expect(newest[1]).to.include({ action: 'RESTORE', table: 'database', recordId: 4, ip: '10.0.0.1' });
      expect(newest[1]!.before).to.deep.equal({ rol: 'vendedor' });
      expect(newest[0]!.id).to.be.greaterThan(newest[1]!.id);
      expect(newest[0]!.at)
        .to.be.a('string')
        .and.match(/^2026-12-01T/);
      expect((await s.audit.recent({ limit: 10, action: 'RESTORE' })).map((r) => r.actor)).to.deep.equal(['user4', 'user2']);
      expect(await s.audit.recent({ limit: 10, action: 'NOPE' })).to.deep.equal([]);
    });
  });
}

/** A password hasher verifies what it hashed, refuses anything else, and never stores the plain text. */
export function passwordHasherContract(name: string, hasher: PasswordHasher): void {
  describe(`PasswordHasher contract: ${name}`, () => {
    it('verifies the password it hashed and refuses others; the hash is not the password', async () => {
      const hash = await hasher.hash('Friosur2026');
      expect(hash).to.not.equal('Friosur2026');
      expect(await hasher.verify('Friosur2026', hash)).to.equal(true);
      expect(await hasher.verify('friosur2026', hash)).to.equal(false);
      expect(await hasher.verify('', hash)).to.equal(false);
    });
  });
}
