import { type Result, ok, err } from '../../domain/shared/result';
import { type DomainError, domainError } from '../../domain/shared/domain-error';
import { User } from '../../domain/users/user';
import { passwordProblem } from '../../domain/users/password-policy';
import { REGISTRABLE_ROLES } from '../../domain/users/role';
import {
  type InvalidRole,
  type LastActiveAdmin,
  type UserNotFound,
  type WeakPassword,
  invalidRole,
  userNotFound,
  weakPassword,
} from '../../domain/users/users.errors';
import type { Actor } from '../shared/actor';
import type { PasswordHasher } from './users.ports';
import { changeUser, type UserChangeDeps, type UserChangeInput } from './user-change';
import { summaryOf, type UserSummary } from './user-summary';
import { isSeller } from '../../domain/users/role';

/** Every user, ordered by id; or only the active vendedores (GET /api/vendedores). */
export class ListUsers {
  constructor(private readonly deps: Pick<UserChangeDeps, 'users'>) {}

  async execute(input: { onlyActiveSellers?: boolean } = {}): Promise<UserSummary[]> {
    const all = await this.deps.users.list();
    return (input.onlyActiveSellers ? all.filter((u) => u.activo && isSeller(u.rol)) : all).map(summaryOf);
  }
}

export class GetUser {
  constructor(private readonly deps: Pick<UserChangeDeps, 'users'>) {}

  async execute(input: { userId: number }): Promise<Result<UserSummary, UserNotFound>> {
    const user = await this.deps.users.findById(input.userId);
    return user ? ok(summaryOf(user)) : err(userNotFound());
  }
}

/** The last active admin cannot be deactivated (not even by themselves). */
export class DeactivateUser {
  constructor(private readonly deps: UserChangeDeps) {}

  execute(input: UserChangeInput): Promise<Result<UserSummary, UserNotFound | LastActiveAdmin>> {
    return changeUser(this.deps, input, 'DEACTIVATE', (user, admins) => user.deactivate(admins));
  }
}

export class ChangeUserRole {
  constructor(private readonly deps: UserChangeDeps) {}

  execute(input: UserChangeInput & { rol: string }): Promise<Result<UserSummary, UserNotFound | InvalidRole | LastActiveAdmin>> {
    return changeUser(this.deps, input, 'ROLE_CHANGE', (user, admins) => user.changeRole(input.rol, admins));
  }
}

/** An admin sets another user's password (PUT …/password and …/reset-password). */
export class ResetUserPassword {
  constructor(
    private readonly deps: UserChangeDeps,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(input: UserChangeInput & { newPassword: string }): Promise<Result<UserSummary, UserNotFound | WeakPassword>> {
    const problem = passwordProblem(input.newPassword);
    if (problem) return err(weakPassword(problem));
    const hash = await this.hasher.hash(input.newPassword);
    return changeUser(this.deps, input, 'PASSWORD_RESET', (user) => ok(user.withPasswordHash(hash)));
  }
}

export type DeleteUserError = UserNotFound | LastActiveAdmin | DomainError<'CANNOT_DELETE_SELF'> | DomainError<'USER_HAS_CLIENTS'>;

export class DeleteUser {
  constructor(private readonly deps: UserChangeDeps) {}

  async execute(input: UserChangeInput): Promise<Result<{ deleted: string }, DeleteUserError>> {
    const { users, audit, tx, clock } = this.deps;
    return tx.run(async () => {
      const user = await users.findById(input.userId);
      if (!user) return err(userNotFound());
      if (user.username === input.actor.username) return err(domainError('CANNOT_DELETE_SELF', 'No puedes eliminarte a ti mismo'));
      const activeAdmins = (await users.findAdmins()).filter((u) => u.activo).length;
      const deletable = user.assertDeletable(activeAdmins);
      if (!deletable.ok) return deletable;
      const clients = await users.countClientsAssignedTo(input.userId);
      if (clients > 0) {
        return err(
          domainError(
            'USER_HAS_CLIENTS',
            `No se puede eliminar: ${user.username} es el vendedor asignado de ${clients} cliente${clients === 1 ? '' : 's'}. ` +
              'Reasigna esos clientes o desactiva el usuario.',
          ),
        );
      }
      await users.remove(input.userId);
      await audit.record({
        at: clock.now(),
        actor: input.actor.username,
        action: 'DELETE',
        table: 'usuarios',
        recordId: user.id,
        before: user.snapshot(),
        after: null,
        ip: input.actor.ip,
        userAgent: input.actor.userAgent,
      });
      return ok({ deleted: user.username });
    });
  }
}

export type RegisterUserError = WeakPassword | InvalidRole | DomainError<'USERNAME_TAKEN'> | DomainError<'INVALID_USERNAME'>;

/** POST /api/register (admin): a new active account. */
export class RegisterUser {
  constructor(
    private readonly deps: UserChangeDeps,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(input: { username: string; password: string; rol: string; actor: Actor }): Promise<Result<UserSummary, RegisterUserError>> {
    const username = input.username.trim();
    if (username.length < 1 || username.length > 100) {
      return err(domainError('INVALID_USERNAME', 'El nombre de usuario debe tener entre 1 y 100 caracteres'));
    }
    const problem = passwordProblem(input.password);
    if (problem) return err(weakPassword(problem));
    if (!REGISTRABLE_ROLES.includes(input.rol)) return err(invalidRole('Rol no válido'));
    const hash = await this.hasher.hash(input.password);
    const { users, audit, tx, clock } = this.deps;
    return tx.run(async () => {
      if (await users.findByUsername(username)) return err(domainError('USERNAME_TAKEN', 'El nombre de usuario ya existe'));
      const created = await users.add(User.create(username, hash, input.rol));
      await audit.record({
        at: clock.now(),
        actor: input.actor.username,
        action: 'REGISTER',
        table: 'usuarios',
        recordId: created.id,
        before: null,
        after: created.snapshot(),
        ip: input.actor.ip,
        userAgent: input.actor.userAgent,
      });
      return ok(summaryOf(created));
    });
  }
}

export type ChangeOwnPasswordError = WeakPassword | UserNotFound | DomainError<'WRONG_CURRENT_PASSWORD'> | DomainError<'SAME_PASSWORD'>;

/** POST /api/cambiar-password: any signed-in user, knowing the current password. */
export class ChangeOwnPassword {
  constructor(
    private readonly deps: UserChangeDeps,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(input: { actor: Actor; currentPassword: string; newPassword: string }): Promise<Result<void, ChangeOwnPasswordError>> {
    const user = await this.deps.users.findByUsername(input.actor.username);
    if (!user) return err(userNotFound());
    if (!(await this.hasher.verify(input.currentPassword, user.passwordHash))) {
      return err(domainError('WRONG_CURRENT_PASSWORD', 'La contraseña actual es incorrecta'));
    }
    const problem = passwordProblem(input.newPassword);
    if (problem) return err(weakPassword(problem));
    if (input.newPassword === input.currentPassword) {
      return err(domainError('SAME_PASSWORD', 'La nueva contraseña debe ser diferente a la actual'));
    }
    const hash = await this.hasher.hash(input.newPassword);
    const result = await changeUser(this.deps, { userId: user.id!, actor: input.actor }, 'PASSWORD_CHANGE', (u) =>
      ok(u.withPasswordHash(hash)),
    );
    return result.ok ? ok(undefined) : result;
  }
}
