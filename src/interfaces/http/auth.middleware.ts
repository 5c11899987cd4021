import type { Context, Middleware, Next } from 'koa';
import type { Authenticate, CurrentUser } from '../../application/auth/authenticate.use-case';
import type { Actor } from '../../application/shared/actor';
import { isAdminRole } from '../../domain/users/role';
import { HttpError, httpErrorFor } from './errors';

/** Route guards: `user` (any signed-in, active user), `admin` (admin or administrador), `roles(…)`. */
export interface Guards {
  readonly user: Middleware;
  readonly admin: Middleware;
  roles(...allowed: string[]): Middleware;
}

export function createGuards(authenticate: Authenticate): Guards {
  const identify = async (ctx: Context): Promise<CurrentUser> => {
    const result = await authenticate.execute({ authorization: ctx.get('Authorization') || null });
    if (!result.ok) throw withBearerChallenge(httpErrorFor(result.error));
    ctx.state.user = result.value;
    return result.value;
  };
  return {
    user: async (ctx: Context, next: Next) => {
      await identify(ctx);
      await next();
    },
    admin: async (ctx: Context, next: Next) => {
      const user = await identify(ctx);
      if (!isAdminRole(user.rol)) throw new HttpError(403, 'Acceso denegado. Solo administradores.');
      await next();
    },
    roles: (...allowed: string[]) => async (ctx: Context, next: Next) => {
      const user = await identify(ctx);
      if (!allowed.includes(user.rol)) throw new HttpError(403, 'No tienes permiso para realizar esta acción');
      await next();
    },
  };
}

const withBearerChallenge = (e: HttpError): HttpError =>
  e.status === 401 ? new HttpError(401, e.message, undefined, { 'WWW-Authenticate': 'Bearer' }) : e;

export const currentUser = (ctx: Context): CurrentUser => ctx.state.user as CurrentUser;

/** Who is acting, for the audit log: the signed-in user, the client IP and user agent. */
export const actorOf = (ctx: Context): Actor => ({
  username: currentUser(ctx).username,
  ip: ctx.ip || null,
  userAgent: ctx.get('User-Agent') || null,
});
