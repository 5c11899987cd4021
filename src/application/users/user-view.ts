import type { User } from '../../domain/users/user';

/** The User object of API.md §3: `activo` as a JSON boolean, `ultimo_login` from last_login. */
export interface UserView {
  readonly id: number;
  readonly username: string;
  readonly rol: string;
  readonly activo: boolean;
  readonly ultimo_login: string | null;
}

export const toUserView = (u: User): UserView => ({ id: u.id!, username: u.username, rol: u.rol, activo: u.activo, ultimo_login: u.lastLogin });
