/** Roles as stored in usuarios.rol. `administrador` is a legacy alias of `admin`. */
export const ADMIN_ROLES: readonly string[] = ['admin', 'administrador'];

/** Roles an admin may assign (PUT …/rol, PUT /api/usuarios/{id}). */
export const ASSIGNABLE_ROLES: readonly string[] = ['admin', 'oficina', 'vendedor'];

/** Roles POST /api/register accepts. */
export const REGISTRABLE_ROLES: readonly string[] = ['admin', 'vendedor', 'oficina', 'usuario'];

/** Roles that may create orders, from the order screen or from a template. */
export const ORDER_CREATOR_ROLES: readonly string[] = ['admin', 'administrador', 'vendedor', 'oficina'];

/** Roles that see every order and may filter and export them (API.md §7.3). */
export const STAFF_ROLES: readonly string[] = ['admin', 'administrador', 'oficina'];

export const isAdminRole = (rol: string): boolean => ADMIN_ROLES.includes(rol);
