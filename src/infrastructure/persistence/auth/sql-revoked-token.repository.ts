import type { RevokedTokenRepository } from '../../../application/auth/auth.ports';
import type { SqlStore } from '../sql-store';
import { changedRows, exec } from '../sql-helpers';
import { VersionedCache } from '../versioned-cache';

/** Tokens whose revocation state is kept in memory (until the next commit anywhere). */
const CACHED_TOKENS = 10_000;

export class SqlRevokedTokenRepository implements RevokedTokenRepository {
  /** On every authenticated request: answered from memory until the database changes. */
  private readonly cache: VersionedCache<boolean>;

  constructor(private readonly store: SqlStore) {
    this.cache = new VersionedCache(store, CACHED_TOKENS);
  }

  isRevoked(jti: string): Promise<boolean> {
    return this.cache.get(
      jti,
      async () => (await this.store.queryPrepared('SELECT 1 FROM revoked_tokens WHERE jti = ? LIMIT 1', [jti])).length > 0,
    );
  }

  async revoke(entry: { jti: string; username: string; revokedAt: string; expiresAt: string }): Promise<void> {
    const sql = this.store.dialect.insertIgnoringDuplicates(
      'INSERT INTO revoked_tokens (jti, revoked_at, expires_at, username)',
      'VALUES (?, ?, ?, ?)',
    );
    await exec(this.store, sql, [entry.jti, entry.revokedAt, entry.expiresAt, entry.username]);
  }

  async purgeExpired(now: string): Promise<number> {
    return changedRows(this.store, 'DELETE FROM revoked_tokens WHERE expires_at < ?', [now]);
  }
}
