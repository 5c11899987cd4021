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

/** A role that sells: sees and edits only its own orders (order-policy.ts), and is listed as a seller. */
export const SELLER_ROLE = 'vendedor';
export const isSeller = (rol: string): boolean => rol === SELLER_ROLE;

/** The role the first admin account gets, and a registration without a role. */
export const DEFAULT_ADMIN_ROLE = 'admin';
export const DEFAULT_REGISTERED_ROLE = SELLER_ROLE;

/** Only `admin` (not the legacy alias, as the original) sees inactive categories in the list. */
export const seesInactiveCategories = (rol: string | null): boolean => rol === 'admin';
