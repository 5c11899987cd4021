/** Roles as stored in usuarios.rol. `administrador` is a legacy alias of `admin`. */
export const ADMIN_ROLES: readonly string[] = ['admin', 'administrador'];

export const isAdminRole = (rol: string): boolean => ADMIN_ROLES.includes(rol);
