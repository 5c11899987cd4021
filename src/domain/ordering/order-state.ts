/** States an order may be set to (API.md §7.5); confirmado and enviado are legacy but accepted. */
export const ORDER_STATES = ['pendiente', 'preparando', 'confirmado', 'enviado', 'entregado', 'cancelado'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const isOrderState = (value: string): value is OrderState => (ORDER_STATES as readonly string[]).includes(value);

/** States stored by older versions that still count as "not yet delivered" in the antiguos view. */
export const OPEN_STATES_FOR_AGE_REPORT = ['Pendiente', 'pendiente', 'En Preparación', 'preparando'];
