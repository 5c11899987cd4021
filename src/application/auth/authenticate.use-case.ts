import { type Result, ok, err } from '../../domain/shared/result';
import type { TokenService } from './auth.ports';
import type { RevokedTokenRepository } from './auth.ports';
import type { UserRepository } from '../users/users.ports';
import { authErrors, type AuthenticationError } from './auth.errors';

export interface CurrentUser {
  readonly username: string;
  /** From the token, not the database: a role change applies at the next sign-in (as the original). */
  readonly rol: string;
  readonly jti: string;
  readonly exp: number;
}

/**
 * Checks a request's credentials, in the order of API.md §1.4: header, signature/expiry/algorithm,
 * claims, revocation, then that the user still exists and is active — so a deactivated user's
 * tokens stop working on the next request.
 */
export class Authenticate {
  constructor(
    private readonly tokens: TokenService,
    private readonly revoked: RevokedTokenRepository,
    private readonly users: UserRepository,
  ) {}

  async execute(input: { authorization: string | null }): Promise<Result<CurrentUser, AuthenticationError>> {
    const match = /^bearer\s+(\S+)\s*$/i.exec(input.authorization ?? '');
    if (!match) return err(authErrors.notAuthenticated());
    const check = this.tokens.verify(match[1]!);
    if (!check.ok) return err(check.reason === 'claims' ? authErrors.invalidClaims() : authErrors.invalidToken());
    const { sub, rol, jti, exp } = check.claims;
    // Both asked at once (one wait); the answer keeps §1.4's order: revoked before inactive.
    const [revoked, user] = await Promise.all([this.revoked.isRevoked(jti), this.users.findByUsername(sub)]);
    if (revoked) return err(authErrors.revoked());
    if (!user || !user.activo) return err(authErrors.inactive());
    return ok({ username: sub, rol, jti, exp });
  }
}
