import { LessThan } from 'typeorm';
import type { RevokedTokenRepository } from '../../../application/auth/auth.ports';
import type { SqliteStore } from '../data-source';
import { RevokedTokenSchema } from './revoked-token.schema';

export class TypeOrmRevokedTokenRepository implements RevokedTokenRepository {
  constructor(private readonly store: SqliteStore) {}

  async isRevoked(jti: string): Promise<boolean> {
    // On every authenticated request: a kept prepared statement rather than a TypeORM query.
    return (await this.store.queryPrepared('SELECT 1 FROM revoked_tokens WHERE jti = ? LIMIT 1', [jti])).length > 0;
  }

  async revoke(entry: { jti: string; username: string; revokedAt: string; expiresAt: string }): Promise<void> {
    await this.store.write((m) =>
      m.query('INSERT OR IGNORE INTO revoked_tokens (jti, revoked_at, expires_at, username) VALUES (?, ?, ?, ?)', [
        entry.jti,
        entry.revokedAt,
        entry.expiresAt,
        entry.username,
      ]),
    );
  }

  async purgeExpired(now: string): Promise<number> {
    return this.store.write(async (m) => (await m.getRepository(RevokedTokenSchema).delete({ expires_at: LessThan(now) })).affected ?? 0);
  }
}
