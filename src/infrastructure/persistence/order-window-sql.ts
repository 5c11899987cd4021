import type { OrderWindow } from '../../application/dashboard/dashboard.ports';
import type { SqlStore } from './sql-store';
import type { SqlDialect } from './dialect/sql-dialect';

/**
 * `p.fecha` within the window and above the floor, with index-friendly comparisons on the stored
 * UTC strings. Two formats are stored: `2026-02-10T18:04:05.123000` (this backend, the original's
 * order screen) and `2026-02-10 18:04:05` (the original's templates, §1.11). A space sorts before
 * `T`, so each format is compared with bounds written in its own format.
 */
export function within(w: OrderWindow): { sql: string; params: unknown[] } {
  const branch = (sep: 'T' | ' ') => {
    const bound = (utc: string) => (sep === 'T' ? utc : utc.replace('T', ' '));
    const parts = ['p.fecha >= ?'];
    const params: unknown[] = [bound(w.fromUtc)];
    if (w.toUtc) {
      parts.push('p.fecha < ?');
      params.push(bound(w.toUtc));
    }
    parts.push(`substr(p.fecha, 11, 1) ${sep === 'T' ? '<>' : '='} ' '`);
    return { sql: parts.join(' AND '), params };
  };
  const t = branch('T');
  const legacy = branch(' ');
  const floor = w.floor ? { sql: ' AND p.fecha >= ?', params: [w.floor] } : { sql: '', params: [] };
  return { sql: `((${t.sql}) OR (${legacy.sql}))${floor.sql}`, params: [...t.params, ...legacy.params, ...floor.params] };
}

/**
 * A line `d`'s money: its price snapshot, else the product's current price (API.md §0.5). The
 * product is looked up only for lines without a snapshot (COALESCE stops at the first non-null),
 * so aggregates need no join to productos.
 */
export const LINE_MONEY = 'd.cantidad * COALESCE(d.precio_unitario, (SELECT precio FROM productos WHERE id = d.producto_id), 0)';

/**
 * The window's lines summed per product first, to be joined to productos after. CROSS JOIN makes
 * SQLite start from the window's orders: left to itself, it walks every line of every product (all
 * time, to skip a sort) and then checks each line's order date — 5× slower on 100,000 orders.
 */
export const byProduct = (d: SqlDialect, where: string, sums: string): string =>
  `SELECT d.producto_id, ${sums} FROM ${d.joinInThisOrder('pedidos p', 'detalles_pedido d', 'd.pedido_id = p.id')} WHERE ${where} GROUP BY d.producto_id`;

/**
 * Orders `p` with their totals `t` (lineas, monto; NULL for an order without lines), one row per
 * order: pedido_totales is kept by triggers (migration 014), so no query re-adds every line.
 */
export const ORDERS_WITH_TOTALS = 'pedidos p LEFT JOIN pedido_totales t ON t.pedido_id = p.id';

/** "Low stock" everywhere in reports and the dashboard (§13.6.2): a NULL stock never counts. */
export const LOW_STOCK = 'stock IS NOT NULL AND stock_minimo > 0 AND stock < stock_minimo';

/** Distinct orders and their money per UTC hour `YYYY-MM-DDTHH` of the window (legacy space-separated fechas included). */
export function ordersPerHour(store: SqlStore, w: OrderWindow): Promise<{ hour: string; orders: number; amount: number }[]> {
  const c = within(w);
  return store.query<{ hour: string; orders: number; amount: number }>(
    `SELECT replace(substr(p.fecha, 1, 13), ' ', 'T') AS hour, COUNT(*) AS orders, COALESCE(SUM(t.monto), 0) AS amount ` +
      `FROM ${ORDERS_WITH_TOTALS} WHERE ${c.sql} GROUP BY hour ORDER BY hour`,
    c.params,
  );
}
