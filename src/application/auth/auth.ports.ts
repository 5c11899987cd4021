import { token } from '../shared/token';
/** revoked_tokens: the jti of every signed-out token until it would have expired anyway. */
export interface RevokedTokenRepository {
  isRevoked(jti: string): Promise<boolean>;
  /** Idempotent: revoking a revoked jti does nothing. */
  revoke(entry: { jti: string; username: string; revokedAt: string; expiresAt: string }): Promise<void>;
  /** Deletes the rows whose expires_at is before `now` (same format); resolves how many. */
  purgeExpired(now: string): Promise<number>;
}
export const REVOKED_TOKEN_REPOSITORY = token<RevokedTokenRepository>('RevokedTokenRepository', ['isRevoked', 'revoke', 'purgeExpired']);

/** The claims this system puts in, and requires of, an access token. */
export interface TokenClaims {
  readonly sub: string;
  readonly rol: string;
  readonly jti: string;
  /** Unix seconds. */
  readonly exp: number;
}

export type TokenCheck =
  | { readonly ok: true; readonly claims: TokenClaims }
  /** `invalid`: bad signature, algorithm, format, or expired/absent exp. `claims`: sub or rol missing. */
  | { readonly ok: false; readonly reason: 'invalid' | 'claims' };

/** Issues and verifies signed access tokens (HS256 JWT). */
export interface TokenService {
  issue(subject: { username: string; rol: string }): { token: string; jti: string; exp: number };
  verify(token: string): TokenCheck;
}
export const TOKEN_SERVICE = token<TokenService>('TokenService', ['issue', 'verify']);
