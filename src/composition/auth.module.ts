import { SqlUserRepository } from '../infrastructure/persistence/users/sql-user.repository';
import { SqlRevokedTokenRepository } from '../infrastructure/persistence/auth/sql-revoked-token.repository';
import { BcryptPasswordHasher } from '../infrastructure/security/bcrypt-password-hasher';
import { JwtTokenService, DECOY_BCRYPT_HASH } from '../infrastructure/security/jwt-token-service';
import { AUDIT_LOG, CLOCK, TRANSACTION_RUNNER } from '../application/shared/shared.ports';
import { PASSWORD_HASHER, USER_REPOSITORY } from '../application/users/users.ports';
import { REVOKED_TOKEN_REPOSITORY, TOKEN_SERVICE } from '../application/auth/auth.ports';
import { Authenticate } from '../application/auth/authenticate.use-case';
import { SignIn } from '../application/auth/sign-in.use-case';
import { SignOut, RefreshToken, PurgeExpiredRevocations } from '../application/auth/session.use-cases';
import { EnsureAdminUser } from '../application/users/ensure-admin-user.use-case';
import { ReactivateUser } from '../application/users/reactivate-user.use-case';
import type { UserChangeDeps } from '../application/users/user-change';
import {
  ListUsers,
  GetUser,
  DeactivateUser,
  ChangeUserRole,
  ResetUserPassword,
  DeleteUser,
  RegisterUser,
  ChangeOwnPassword,
} from '../application/users/user-admin.use-cases';
import { registerAuthRoutes } from '../interfaces/http/auth/auth.routes';
import { registerUsersRoutes } from '../interfaces/http/users/users.routes';
import { CONFIG, SECRET_KEY, SQL_STORE } from './core.module';
import { feature } from './binder';

/** Sign-in, tokens and revocations. */
export const authModule = feature('auth', (b) => {
  b.provide(USER_REPOSITORY, [SQL_STORE], (s) => new SqlUserRepository(s));
  b.provide(REVOKED_TOKEN_REPOSITORY, [SQL_STORE], (s) => new SqlRevokedTokenRepository(s));
  b.provide(PASSWORD_HASHER, [], () => new BcryptPasswordHasher());
  b.provide(
    TOKEN_SERVICE,
    [SECRET_KEY, CONFIG, CLOCK],
    (key, config, clock) => new JwtTokenService(key, config.accessTokenExpireMinutes, clock),
  );
  b.useCase(Authenticate, [TOKEN_SERVICE, REVOKED_TOKEN_REPOSITORY, USER_REPOSITORY]);
  b.provide(SignIn, [USER_REPOSITORY, PASSWORD_HASHER, TOKEN_SERVICE, CLOCK], (u, h, t, c) => new SignIn(u, h, t, c, DECOY_BCRYPT_HASH));
  b.useCase(SignOut, [REVOKED_TOKEN_REPOSITORY, CLOCK]);
  b.useCase(RefreshToken, [TOKEN_SERVICE]);
  b.useCase(PurgeExpiredRevocations, [REVOKED_TOKEN_REPOSITORY, CLOCK]);
  b.routes(
    { signIn: SignIn, signOut: SignOut, refreshToken: RefreshToken, registerUser: RegisterUser, changeOwnPassword: ChangeOwnPassword },
    (router, d, shared) => registerAuthRoutes(router, { ...d, ...shared }),
  );
});

/** Staff accounts: the admin screens, registration, own password. */
export const usersModule = feature('users', (b) => {
  const change = b.bag<UserChangeDeps>('change', { users: USER_REPOSITORY, audit: AUDIT_LOG, tx: TRANSACTION_RUNNER, clock: CLOCK });
  b.useCase(EnsureAdminUser, [USER_REPOSITORY, PASSWORD_HASHER, TRANSACTION_RUNNER]);
  b.useCases(change, [ListUsers, GetUser, ReactivateUser, DeactivateUser, ChangeUserRole, DeleteUser]);
  for (const UseCase of [ResetUserPassword, RegisterUser, ChangeOwnPassword]) b.useCase(UseCase, [change, PASSWORD_HASHER]);
  b.routes(
    {
      listUsers: ListUsers,
      getUser: GetUser,
      reactivateUser: ReactivateUser,
      deactivateUser: DeactivateUser,
      changeUserRole: ChangeUserRole,
      resetUserPassword: ResetUserPassword,
      deleteUser: DeleteUser,
    },
    (router, d, shared) => registerUsersRoutes(router, { ...d, ...shared }),
  );
});
