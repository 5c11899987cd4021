/** Pesos to the cent, as the shop's screens, reports and documents show and compare them. */
export const toCents = (x: number): number => Math.round(x * 100) / 100;
