import type { Migration, MigrationStep } from './migration';

/** A line's money: its price snapshot, else the product's current price (API.md §0.5). */
const LINE_MONEY = 'd.cantidad * COALESCE(d.precio_unitario, (SELECT precio FROM productos WHERE id = d.producto_id), 0)';

/** Rewrites the totals of the orders selected by `orders` (an SQL expression yielding pedido ids) from their lines. */
const recompute = (orders: string): string =>
  `DELETE FROM pedido_totales WHERE pedido_id IN (${orders}); ` +
  `INSERT INTO pedido_totales (pedido_id, lineas, monto) SELECT d.pedido_id, COUNT(*), COALESCE(SUM(${LINE_MONEY}), 0) ` +
  `FROM detalles_pedido d WHERE d.pedido_id IN (${orders}) GROUP BY d.pedido_id;`;

/** Orders with a line of product `p` that has no price snapshot (their money follows the product's price). */
const unsnapshotted = (p: string) => `SELECT pedido_id FROM detalles_pedido WHERE producto_id = ${p} AND precio_unitario IS NULL`;

const trigger = (name: string, table: string, body: string): MigrationStep => ({ kind: 'createTrigger', name, table, body });

/**
 * pedido_totales: per order, its number of lines and its money, kept by triggers on every write
 * to detalles_pedido, productos.precio and pedidos (whichever program writes: this backend, the
 * CLI, the original backend after a rollback, or sqlite3 by hand). Reports and the dashboard read
 * one row per order instead of every line, which keeps them fast on 100,000 orders. Orders without
 * lines have no row (their totals are 0).
 */
export const m014OrderTotals: Migration = {
  id: '014_order_totals',
  description: 'pedido_totales (lines and money per order) filled from the order lines and kept by triggers',
  steps: [
    {
      kind: 'createTable',
      table: 'pedido_totales',
      columns: 'pedido_id INTEGER PRIMARY KEY, lineas INTEGER NOT NULL, monto REAL NOT NULL',
    },
    trigger('pedido_totales_linea_insertada', 'detalles_pedido', `AFTER INSERT ON detalles_pedido BEGIN ${recompute('NEW.pedido_id')} END`),
    trigger('pedido_totales_linea_borrada', 'detalles_pedido', `AFTER DELETE ON detalles_pedido BEGIN ${recompute('OLD.pedido_id')} END`),
    trigger(
      'pedido_totales_linea_cambiada',
      'detalles_pedido',
      `AFTER UPDATE OF pedido_id, producto_id, cantidad, precio_unitario ON detalles_pedido BEGIN ${recompute('OLD.pedido_id, NEW.pedido_id')} END`,
    ),
    trigger(
      'pedido_totales_precio_cambiado',
      'productos',
      `AFTER UPDATE OF precio ON productos WHEN OLD.precio IS NOT NEW.precio BEGIN ${recompute(unsnapshotted('NEW.id'))} END`,
    ),
    trigger('pedido_totales_producto_borrado', 'productos', `AFTER DELETE ON productos BEGIN ${recompute(unsnapshotted('OLD.id'))} END`),
    trigger(
      'pedido_totales_pedido_borrado',
      'pedidos',
      'AFTER DELETE ON pedidos BEGIN DELETE FROM pedido_totales WHERE pedido_id = OLD.id; END',
    ),
    {
      kind: 'backfill',
      table: 'pedido_totales',
      sql:
        `INSERT OR REPLACE INTO pedido_totales (pedido_id, lineas, monto) SELECT d.pedido_id, COUNT(*), COALESCE(SUM(${LINE_MONEY}), 0) ` +
        'FROM detalles_pedido d WHERE d.pedido_id IS NOT NULL GROUP BY d.pedido_id',
    },
  ],
};
