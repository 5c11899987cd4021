/** A stock change: a relative delta (wins when both are given) or an absolute value. Never below 0. */
export function nextStock(current: number | null, change: { delta?: number; stock?: number }): number {
  if (change.delta !== undefined) return Math.max(0, (current ?? 0) + change.delta);
  return Math.max(0, change.stock ?? 0);
}
