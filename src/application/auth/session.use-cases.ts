import type { SignInOutput } from './sign-in.use-case';
import { DateTime } from 'luxon';
import { utcNaiveSeconds } from '../../domain/shared/shop-time';
import type { Clock } from '../shared/shared.ports';
import type { TokenService } from './auth.ports';
import type { RevokedTokenRepository } from './auth.ports';
import type { CurrentUser } from './authenticate.use-case';

/** POST /api/logout: the token's jti is revoked until it would have expired. */
export class SignOut {
  constructor(
    private readonly revoked: RevokedTokenRepository,
    private readonly clock: Clock,
  ) {}

  async execute(user: CurrentUser): Promise<void> {
    await this.revoked.revoke({
      jti: user.jti,
      username: user.username,
      revokedAt: utcNaiveSeconds(this.clock.now()),
      expiresAt: utcNaiveSeconds(DateTime.fromSeconds(user.exp, { zone: 'utc' })),
    });
  }
}

/** POST /api/refresh: a fresh token with the same sub and rol; the old one stays valid. */
export class RefreshToken {
  constructor(private readonly tokens: TokenService) {}

  execute(user: CurrentUser): SignInOutput {
    const issued = this.tokens.issue({ username: user.username, rol: user.rol });
    return { accessToken: issued.token, role: user.rol, username: user.username };
  }
}

/** Deletes revocation rows of tokens that have expired anyway (run periodically). */
export class PurgeExpiredRevocations {
  constructor(
    private readonly revoked: RevokedTokenRepository,
    private readonly clock: Clock,
  ) {}

  execute(): Promise<number> {
    return this.revoked.purgeExpired(utcNaiveSeconds(this.clock.now()));
  }
}
