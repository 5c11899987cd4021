import { User } from '../../domain/users/user';
import type { UserRepository } from './users.ports';
import type { PasswordHasher } from './users.ports';
import type { TransactionRunner } from '../shared/shared.ports';
import { DEFAULT_ADMIN_ROLE } from '../../domain/users/role';

export interface EnsureAdminUserInput {
  readonly password: string;
}

export type EnsureAdminUserOutcome =
  /** No admin existed; `admin` was created with the given password. */
  | 'created'
  /** An admin exists; nothing changed (a restart never overwrites a password). */
  | 'existing-admin'
  /** No admin exists but the username `admin` is taken by a non-admin; nothing changed. */
  | 'username-taken';

export const DEFAULT_ADMIN_USERNAME = 'admin';

/** Makes a fresh database usable: the user `admin` exists when no admin does. */
export class EnsureAdminUser {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly tx: TransactionRunner,
  ) {}

  async execute(input: EnsureAdminUserInput): Promise<EnsureAdminUserOutcome> {
    if ((await this.users.findAdmins()).length > 0) return 'existing-admin';
    const hash = await this.hasher.hash(input.password);
    return this.tx.run(async () => {
      if ((await this.users.findAdmins()).length > 0) return 'existing-admin';
      if (await this.users.findByUsername(DEFAULT_ADMIN_USERNAME)) return 'username-taken';
      await this.users.add(User.create(DEFAULT_ADMIN_USERNAME, hash, DEFAULT_ADMIN_ROLE));
      return 'created';
    });
  }
}
