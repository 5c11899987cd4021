import { type Result, ok, err } from '../../domain/shared/result';
import { shopIso } from '../../domain/shared/shop-time';
import type { Clock } from '../shared/shared.ports';
import type { TokenService } from './auth.ports';
import type { UserRepository } from '../users/users.ports';
import type { PasswordHasher } from '../users/users.ports';
import { authErrors, type SignInError } from './auth.errors';

export interface SignInInput {
  readonly username: string;
  readonly password: string;
}

/** A signed-in session: the bearer token and who it is for. */
export interface SignInOutput {
  readonly accessToken: string;
  readonly role: string;
  readonly username: string;
}

/**
 * Verifies a password and issues a token. An unknown user costs the same bcrypt work as a wrong
 * password, so the response time does not tell whether a username exists. The password is
 * checked before the account state (a wrong password on a disabled account is still a 401).
 */
export class SignIn {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly clock: Clock,
    /** A valid bcrypt hash of a random string, compared against when the user does not exist. */
    private readonly decoyHash: string,
  ) {}

  async execute(input: SignInInput): Promise<Result<SignInOutput, SignInError>> {
    const user = await this.users.findByUsername(input.username);
    const matches = await this.hasher.verify(input.password, user?.passwordHash ?? this.decoyHash);
    if (!user || !matches) return err(authErrors.badCredentials());
    if (!user.activo) return err(authErrors.disabled());
    const issued = this.tokens.issue({ username: user.username, rol: user.rol });
    try {
      await this.users.recordLogin(user.id!, shopIso(this.clock.now()));
    } catch {
      // As the original: failing to record last_login never blocks a sign-in.
    }
    return ok({ accessToken: issued.token, role: user.rol, username: user.username });
  }
}
