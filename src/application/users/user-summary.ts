import type { User } from '../../domain/users/user';

/** A staff account as the admin screens list it (never its password hash). */
export interface UserSummary {
  readonly id: number;
  readonly username: string;
  readonly role: string;
  readonly active: boolean;
  readonly lastLogin: string | null;
}

export const summaryOf = (u: User): UserSummary => ({
  id: u.id!,
  username: u.username,
  role: u.rol,
  active: u.activo,
  lastLogin: u.lastLogin,
});
