import type { UserSummary } from '../../../application/users/user-summary';

/** The User object of API.md §3: `activo` as a JSON boolean, `ultimo_login` from last_login. */
export const userView = (u: UserSummary) => ({ id: u.id, username: u.username, rol: u.role, activo: u.active, ultimo_login: u.lastLogin });
