/** revoked_tokens: the jti of every signed-out token until it would have expired anyway. */
export interface RevokedTokenRepository {
  isRevoked(jti: string): Promise<boolean>;
  /** Idempotent: revoking a revoked jti does nothing. */
  revoke(entry: { jti: string; username: string; revokedAt: string; expiresAt: string }): Promise<void>;
  /** Deletes the rows whose expires_at is before `now` (same format); resolves how many. */
  purgeExpired(now: string): Promise<number>;
}
export const REVOKED_TOKEN_REPOSITORY = Symbol('RevokedTokenRepository');
