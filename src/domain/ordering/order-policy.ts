import { STAFF_ROLES, isSeller } from '../users/role';

/**
 * Whose orders a user may read and change. A vendedor, only the orders they created — on every
 * route: the list, one order, the old-orders panel, the stock preview, the orders PDF, edits.
 * Every other role sees every order; staff may also filter and export them (API.md §7.3).
 */
export interface OrderViewer {
  readonly username: string;
  readonly rol: string;
}

export const ownOrdersOnly = (viewer: OrderViewer): boolean => isSeller(viewer.rol);

/** The creator every query must be limited to for this viewer, or null for no limit. */
export const creatorScope = (viewer: OrderViewer): string | null => (ownOrdersOnly(viewer) ? viewer.username : null);

/** Staff may narrow the order list to one creator. */
export const mayFilterByCreator = (viewer: OrderViewer): boolean => STAFF_ROLES.includes(viewer.rol);

export const mayAccessOrder = (order: { readonly createdBy: string | null }, viewer: OrderViewer): boolean =>
  !ownOrdersOnly(viewer) || order.createdBy === viewer.username;
