import { type Result, ok, err } from '../../domain/shared/result';
import type { DomainError } from '../../domain/shared/domain-error';
import type { User } from '../../domain/users/user';
import { userNotFound, type UserNotFound } from '../../domain/users/users.errors';
import type { Actor } from '../shared/actor';
import type { AuditLog } from '../shared/shared.ports';
import type { Clock } from '../shared/shared.ports';
import type { TransactionRunner } from '../shared/shared.ports';
import type { UserRepository } from './users.ports';
import { summaryOf, type UserSummary } from './user-summary';

/** The ports every user-changing use case needs. */
export interface UserChangeDeps {
  readonly users: UserRepository;
  readonly audit: AuditLog;
  readonly tx: TransactionRunner;
  readonly clock: Clock;
}

export interface UserChangeInput {
  readonly userId: number;
  readonly actor: Actor;
}

/**
 * The shape shared by the user-administration use cases, in one transaction: load the user,
 * count the active admins, let the domain decide (`null` = nothing to change), save, and write
 * the audit row with the before/after state.
 */
export async function changeUser<E extends DomainError>(
  deps: UserChangeDeps,
  input: UserChangeInput,
  action: string,
  decide: (user: User, activeAdmins: number) => Result<User | null, E> | Promise<Result<User | null, E>>,
): Promise<Result<UserSummary, E | UserNotFound>> {
  return deps.tx.run(async () => {
    const user = await deps.users.findById(input.userId);
    if (!user) return err(userNotFound());
    const activeAdmins = (await deps.users.findAdmins()).filter((u) => u.activo).length;
    const decision = await decide(user, activeAdmins);
    if (!decision.ok) return decision;
    const changed = decision.value;
    if (!changed) return ok(summaryOf(user));
    await deps.users.update(changed);
    await deps.audit.record({
      at: deps.clock.now(),
      actor: input.actor.username,
      action,
      table: 'usuarios',
      recordId: user.id,
      before: user.snapshot(),
      after: changed.snapshot(),
      ip: input.actor.ip,
      userAgent: input.actor.userAgent,
    });
    return ok(summaryOf(changed));
  });
}
