/**
 * Bounds on the shop's numbers. Far above anything Frío Sur sells or stocks, far below where
 * sums stop being exact (2^53) or overflow to Infinity — a `cantidad` of 1e308 would make every
 * money figure of a report that includes it `null`. One place, used by the domain rules and the
 * HTTP validation classes alike.
 */
export const MAX_QUANTITY = 100_000;
/** Pesos per unit (a product's price, a special price). */
export const MAX_PRICE = 100_000_000;
/** Units in stock, and the most one stock change may move. */
export const MAX_STOCK = 1_000_000_000;
export const MAX_STOCK_DELTA = 10_000_000;

export const isQuantity = (q: unknown): q is number => typeof q === 'number' && Number.isFinite(q) && q > 0 && q <= MAX_QUANTITY;
