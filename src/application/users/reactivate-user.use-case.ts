import type { Result } from '../../domain/shared/result';
import { ok } from '../../domain/shared/result';
import type { UserNotFound } from '../../domain/users/users.errors';
import { changeUser, type UserChangeDeps, type UserChangeInput } from './user-change';
import type { UserSummary } from './user-summary';

export type ReactivateUserInput = UserChangeInput;
export type ReactivateUserError = UserNotFound;

/**
 * The runbook's "User Locked Out" fix: a deactivated user can sign in again. Reactivating an
 * active user changes nothing and writes no audit row.
 */
export class ReactivateUser {
  constructor(private readonly deps: UserChangeDeps) {}

  execute(input: ReactivateUserInput): Promise<Result<UserSummary, ReactivateUserError>> {
    return changeUser(this.deps, input, 'ACTIVATE', (user) => ok(user.reactivate()));
  }
}
