import type Router from '@koa/router';
import type { Context } from 'koa';
import type { ReactivateUser } from '../../../application/users/reactivate-user.use-case';
import type {
  ListUsers,
  GetUser,
  DeactivateUser,
  ChangeUserRole,
  ResetUserPassword,
  DeleteUser,
} from '../../../application/users/user-admin.use-cases';
import type { UserSummary } from '../../../application/users/user-summary';
import { userView } from './users.views';
import type { Guards } from '../auth.middleware';
import { actorOf } from '../auth.middleware';
import { httpErrorFor, unwrap } from '../errors';
import { formBody, jsonBody, laxBoolean, pathId, validated, validationError } from '../validation';
import { UpdateUserBody, RoleBody, NewPasswordForm } from './users.body';

export interface UsersRoutesDeps {
  readonly listUsers: ListUsers;
  readonly getUser: GetUser;
  readonly reactivateUser: ReactivateUser;
  readonly deactivateUser: DeactivateUser;
  readonly changeUserRole: ChangeUserRole;
  readonly resetUserPassword: ResetUserPassword;
  readonly deleteUser: DeleteUser;
  readonly guards: Guards;
}

/** Users admin (API.md §3 amended by §0.4) and the legacy /api/users routes (§2.6). */
export function registerUsersRoutes(router: Router, d: UsersRoutesDeps): void {
  const { admin, user } = d.guards;
  const target = (ctx: Context) => ({ userId: pathId(ctx), actor: actorOf(ctx) });
  const setActive = async (ctx: Context, active: boolean): Promise<UserSummary> =>
    unwrap(active ? await d.reactivateUser.execute(target(ctx)) : await d.deactivateUser.execute(target(ctx)));

  router.get('/api/usuarios', admin, async (ctx) => {
    ctx.body = (await d.listUsers.execute()).map(userView);
  });

  // The runbook's "User Locked Out → reactivate": PUT /api/usuarios/{id} {"activo": true}.
  router.put('/api/usuarios/:id', admin, async (ctx) => {
    const raw = jsonBody(ctx);
    const body = await validated(UpdateUserBody, { ...raw, ...('activo' in raw ? { activo: laxBoolean(raw.activo) } : {}) });
    if (body.activo === undefined && body.rol === undefined) {
      throw validationError([{ field: 'body', message: 'Indique "activo" y/o "rol"', value: raw }]);
    }
    pathId(ctx);
    let view: UserSummary | null = null;
    // Role first: a demotion and a deactivation each check the last-admin rule on the state they leave.
    if (body.rol !== undefined) view = unwrap(await d.changeUserRole.execute({ ...target(ctx), rol: body.rol }));
    if (body.activo !== undefined) view = await setActive(ctx, body.activo);
    ctx.body = view && userView(view);
  });

  router.put('/api/usuarios/:id/activar', admin, async (ctx) => {
    ctx.body = userView(await setActive(ctx, true));
  });

  router.put('/api/usuarios/:id/desactivar', admin, async (ctx) => {
    ctx.body = userView(await setActive(ctx, false));
  });

  router.put('/api/usuarios/:id/rol', admin, async (ctx) => {
    const form = await validated(RoleBody, formBody(ctx));
    ctx.body = userView(unwrap(await d.changeUserRole.execute({ ...target(ctx), rol: form.rol })));
  });

  const resetPassword = async (ctx: Context): Promise<UserSummary> => {
    const form = await validated(NewPasswordForm, formBody(ctx));
    return unwrap(await d.resetUserPassword.execute({ ...target(ctx), newPassword: form.new_password }));
  };
  router.put('/api/usuarios/:id/password', admin, async (ctx) => {
    const view = await resetPassword(ctx);
    ctx.body = { msg: 'Contraseña actualizada exitosamente', message: `Contraseña de ${view.username} reseteada exitosamente` };
  });
  router.put('/api/usuarios/:id/reset-password', admin, async (ctx) => {
    const view = await resetPassword(ctx);
    ctx.body = { msg: 'Contraseña actualizada exitosamente', message: `Contraseña de ${view.username} reseteada exitosamente` };
  });

  router.delete('/api/usuarios/:id', admin, async (ctx) => {
    const result = await d.deleteUser.execute(target(ctx));
    if (!result.ok) throw httpErrorFor(result.error);
    ctx.body = { msg: 'Usuario eliminado exitosamente' };
  });

  // Legacy routes, still called by older screens and scripts.
  router.get('/api/users', admin, async (ctx) => {
    ctx.body = (await d.listUsers.execute()).map(userView);
  });
  router.put('/api/users/:id/rol', admin, async (ctx) => {
    const body = await validated(RoleBody, jsonBody(ctx));
    ctx.body = userView(unwrap(await d.changeUserRole.execute({ ...target(ctx), rol: body.rol })));
  });
  router.put('/api/users/:id/toggle_active', admin, async (ctx) => {
    const current = unwrap(await d.getUser.execute({ userId: pathId(ctx) }));
    ctx.body = userView(await setActive(ctx, !current.active));
  });
  router.get('/api/vendedores', user, async (ctx) => {
    ctx.body = (await d.listUsers.execute({ onlyActiveSellers: true })).map(userView);
  });
}
