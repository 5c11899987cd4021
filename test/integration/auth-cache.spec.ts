import { expect } from 'chai';
import { Client } from 'pg';
import { type SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { SqlUserRepository } from '../../src/infrastructure/persistence/users/sql-user.repository';
import { SqlRevokedTokenRepository } from '../../src/infrastructure/persistence/auth/sql-revoked-token.repository';
import { RawSqlite } from '../../src/infrastructure/sqlite/sqlite-file';
import { forEachEngine } from '../support/engines';
import { migratedPostgres } from '../support/postgres';
import { User } from '../../src/domain/users/user';

/**
 * The user and revocation state every authenticated request checks is answered from memory, and
 * must still change the moment anything commits — here a write by another program on the same
 * database (the sqlite3 CLI, another instance), which this process hears of only through the
 * data version.
 */
forEachEngine((engine, open) =>
  describe(`integration: the authentication cache sees other programs' commits at once (${engine})`, () => {
    it('a user deactivated, and a token revoked, from outside this process stop working on the next check', async () => {
      let external: { exec(sql: string): Promise<void>; close(): Promise<void> };
      let handle: { store: import('../../src/infrastructure/persistence/sql-store').SqlStore; close(): Promise<void> };
      if (engine === 'PostgreSQL') {
        const pg = await migratedPostgres();
        handle = pg;
        const client = new Client({ connectionString: pg.url });
        await client.connect();
        external = { exec: async (sql) => void (await client.query(sql)), close: () => client.end() };
      } else {
        handle = await open();
        const file = (handle.store as SqliteStore).path;
        const raw = await RawSqlite.open(file, 'readwrite');
        external = { exec: (sql) => raw.exec(sql), close: () => raw.close() };
      }
      try {
        const users = new SqlUserRepository(handle.store);
        const revoked = new SqlRevokedTokenRepository(handle.store);
        await users.add(
          User.restore({ id: null, username: 'vendedor9', passwordHash: 'x', rol: 'vendedor', activo: true, lastLogin: null }),
        );
        for (let i = 0; i < 3; i++) {
          expect((await users.findByUsername('vendedor9'))!.activo).to.equal(true);
          expect(await revoked.isRevoked('jti-1')).to.equal(false);
        }
        await external.exec("UPDATE usuarios SET activo = 0 WHERE username = 'vendedor9'");
        expect((await users.findByUsername('vendedor9'))!.activo).to.equal(false);
        await external.exec(
          "INSERT INTO revoked_tokens (jti, revoked_at, expires_at, username) VALUES ('jti-1', '2026-01-01T00:00:00', '2099-01-01T00:00:00', 'vendedor9')",
        );
        expect(await revoked.isRevoked('jti-1')).to.equal(true);
        await external.exec("DELETE FROM usuarios WHERE username = 'vendedor9'");
        expect(await users.findByUsername('vendedor9')).to.equal(null);
      } finally {
        await external.close();
        await handle.close();
      }
    });
  }),
);
