import type Router from '@koa/router';
import type { SignIn } from '../../../application/auth/sign-in.use-case';
import type { SignOut, RefreshToken } from '../../../application/auth/session.use-cases';
import type { RegisterUser, ChangeOwnPassword } from '../../../application/users/user-admin.use-cases';
import type { Guards } from '../auth.middleware';
import { actorOf, currentUser } from '../auth.middleware';
import type { RateLimiter } from '../rate-limit';
import { httpErrorFor } from '../errors';
import { formBody, validated } from '../validation';
import { LoginForm, RegisterForm, ChangePasswordForm } from './auth.body';
import { DEFAULT_REGISTERED_ROLE } from '../../../domain/users/role';
import { tokenView } from './auth.views';

export interface AuthRoutesDeps {
  readonly signIn: SignIn;
  readonly signOut: SignOut;
  readonly refreshToken: RefreshToken;
  readonly registerUser: RegisterUser;
  readonly changeOwnPassword: ChangeOwnPassword;
  readonly guards: Guards;
  readonly limiter: RateLimiter;
}

/** Sign-in and the current user (API.md §2, §0.3, §10.4). */
export function registerAuthRoutes(router: Router, d: AuthRoutesDeps): void {
  router.post('/api/login', d.limiter.for('auth', 'login'), async (ctx) => {
    const form = await validated(LoginForm, formBody(ctx));
    const result = await d.signIn.execute({ username: form.username, password: form.password });
    if (!result.ok) throw httpErrorFor(result.error);
    ctx.body = tokenView(result.value);
  });

  router.post('/api/logout', d.guards.user, async (ctx) => {
    await d.signOut.execute(currentUser(ctx));
    ctx.body = { msg: 'Sesión cerrada exitosamente' };
  });

  router.post('/api/refresh', d.limiter.for('auth', 'refresh'), d.guards.user, (ctx) => {
    ctx.body = tokenView(d.refreshToken.execute(currentUser(ctx)));
  });

  router.get('/api/users/me', d.guards.user, (ctx) => {
    const user = currentUser(ctx);
    ctx.body = { username: user.username, rol: user.rol };
  });

  router.post('/api/register', d.limiter.for('auth', 'register'), d.guards.admin, async (ctx) => {
    const form = await validated(RegisterForm, formBody(ctx));
    const result = await d.registerUser.execute({
      username: form.username,
      password: form.password,
      rol: form.rol ?? DEFAULT_REGISTERED_ROLE,
      actor: actorOf(ctx),
    });
    if (!result.ok) throw httpErrorFor(result.error);
    ctx.body = { msg: 'Usuario registrado exitosamente', id: result.value.id };
  });

  router.post('/api/cambiar-password', d.guards.user, async (ctx) => {
    const form = await validated(ChangePasswordForm, formBody(ctx));
    const result = await d.changeOwnPassword.execute({
      actor: actorOf(ctx),
      currentPassword: form.password_actual,
      newPassword: form.password_nuevo,
    });
    if (!result.ok) throw httpErrorFor(result.error);
    ctx.body = { message: 'Contraseña actualizada correctamente' };
  });
}
