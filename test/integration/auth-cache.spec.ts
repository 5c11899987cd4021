import { expect } from 'chai';
import * as path from 'node:path';
import { Client } from 'pg';
import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { SqlUserRepository } from '../../src/infrastructure/persistence/users/sql-user.repository';
import { SqlRevokedTokenRepository } from '../../src/infrastructure/persistence/auth/sql-revoked-token.repository';
import { RawSqlite } from '../../src/infrastructure/sqlite/sqlite-file';
import { forEachEngine } from '../support/engines';
import { migratedPostgres } from '../support/postgres';
import { User } from '../../src/domain/users/user';
import { migrateFile } from '../support/migrate';
import { tempDir } from '../support/temp';

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

describe('integration: the authentication checks read the database once per data version (a real SQLite file)', () => {
  it('repeated checks of the same user and token make no query until something commits', async () => {
    const file = path.join(tempDir(), 'auth-reads.db');
    await migrateFile(file);
    const real = await SqliteStore.open(file);
    try {
      const reads: string[] = [];
      // The real store, counting the reads the repositories send (the data version is not one of them).
      const store = Object.create(real) as SqliteStore;
      store.queryPrepared = <T>(sql: string, params?: unknown[]) => (reads.push(sql), real.queryPrepared<T>(sql, params));
      const users = new SqlUserRepository(store);
      const revoked = new SqlRevokedTokenRepository(store);
      await users.add(User.restore({ id: null, username: 'vendedor9', passwordHash: 'x', rol: 'vendedor', activo: true, lastLogin: null }));
      reads.length = 0;
      for (let i = 0; i < 20; i++) await Promise.all([users.findByUsername('vendedor9'), revoked.isRevoked('jti-1')]);
      expect(reads).to.have.length(2);
      await revoked.revoke({ jti: 'jti-1', username: 'vendedor9', revokedAt: '2026-01-01T00:00:00', expiresAt: '2099-01-01T00:00:00' });
      expect(await revoked.isRevoked('jti-1')).to.equal(true);
      expect((await users.findByUsername('vendedor9'))!.activo).to.equal(true);
      expect(reads).to.have.length(4);
    } finally {
      await real.close();
    }
  });
});
