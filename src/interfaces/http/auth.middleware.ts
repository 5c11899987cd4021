import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Middleware, Next } from 'koa';
import type { Authenticate, CurrentUser } from '../../application/auth/authenticate.use-case';
import type { Actor } from '../../application/shared/actor';
import { ADMIN_ROLES, isAdminRole } from '../../domain/users/role';
import { HttpError, httpErrorFor } from './errors';

/** Route guards: `user` (any signed-in, active user), `admin` (admin or administrador), `roles(…)`. */
export interface Guards {
  readonly user: Middleware;
  readonly admin: Middleware;
  /** Signed-in users of these roles; others get a 403 with `message`. */
  roles(allowed: readonly string[], message?: string): Middleware;
  /** `admin`, or a request bearing exactly `secret` (a scraper's METRICS_TOKEN); admin only when null. */
  adminOrSecret(secret: string | null): Middleware;
}

/**
 * Who a route lets in, read back from its guard (`routeAccess`): the authorization matrix test
 * derives every route's expected answers from it, so a new route cannot be left out.
 */
export type RouteAccess =
  { readonly kind: 'public' } | { readonly kind: 'user' } | { readonly kind: 'roles'; readonly roles: readonly string[] };
const ACCESS = Symbol('routeAccess');
const tagged = (mw: Middleware, access: RouteAccess): Middleware => Object.assign(mw, { [ACCESS]: access });
export const accessOf = (middleware: readonly unknown[]): RouteAccess =>
  (middleware.map((m) => (m as { [ACCESS]?: RouteAccess })[ACCESS]).find(Boolean) as RouteAccess | undefined) ?? { kind: 'public' };

export function createGuards(authenticate: Authenticate): Guards {
  const identify = async (ctx: Context): Promise<CurrentUser> => {
    const result = await authenticate.execute({ authorization: ctx.get('Authorization') || null });
    if (!result.ok) throw withBearerChallenge(httpErrorFor(result.error));
    ctx.state.user = result.value;
    return result.value;
  };
  const admin = tagged(
    async (ctx: Context, next: Next) => {
      const user = await identify(ctx);
      if (!isAdminRole(user.rol)) throw new HttpError(403, 'Acceso denegado. Solo administradores.');
      await next();
    },
    { kind: 'roles', roles: ADMIN_ROLES },
  );
  return {
    user: tagged(
      async (ctx: Context, next: Next) => {
        await identify(ctx);
        await next();
      },
      { kind: 'user' },
    ),
    admin,
    adminOrSecret: (secret) => {
      const expected = secret === null ? null : createHash('sha256').update(`Bearer ${secret}`).digest();
      return tagged(
        async (ctx: Context, next: Next) => {
          const given = createHash('sha256').update(ctx.get('Authorization')).digest();
          if (expected && timingSafeEqual(given, expected)) return next();
          return admin(ctx, next);
        },
        { kind: 'roles', roles: ADMIN_ROLES },
      );
    },
    roles: (allowed, message = 'No tienes permiso para realizar esta acción') =>
      tagged(
        async (ctx: Context, next: Next) => {
          const user = await identify(ctx);
          if (!allowed.includes(user.rol)) throw new HttpError(403, message);
          await next();
        },
        { kind: 'roles', roles: allowed },
      ),
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
