import type { DashboardQueries, LowStockProduct, OrderWindow } from '../../../application/dashboard/dashboard.ports';
import type { SqlStore } from '../sql-store';
import { placeholders } from '../sql-helpers';
import { LINE_MONEY, LOW_STOCK, byProduct, ordersPerHour, within } from '../order-window-sql';

export class SqlDashboardQueries implements DashboardQueries {
  constructor(private readonly store: SqlStore) {}

  async counts(today: OrderWindow, month: OrderWindow, openStates: readonly string[]) {
    const t = within(today);
    const m = within(month);
    const [row] = await this.store.query<{
      clients: number;
      products: number;
      today: number;
      month: number;
      pending: number;
      lowStock: number;
    }>(
      'SELECT (SELECT COUNT(*) FROM clientes) AS clients, (SELECT COUNT(*) FROM productos) AS products, ' +
        `(SELECT COUNT(*) FROM pedidos p WHERE ${t.sql}) AS today, (SELECT COUNT(*) FROM pedidos p WHERE ${m.sql}) AS month, ` +
        `(SELECT COUNT(*) FROM pedidos p WHERE p.estado IN (${placeholders(openStates.length)})${month.floor ? ' AND p.fecha >= ?' : ''}) AS pending, ` +
        `(SELECT COUNT(*) FROM productos WHERE ${LOW_STOCK}) AS "lowStock"`,
      [...t.params, ...m.params, ...openStates, ...(month.floor ? [month.floor] : [])],
    );
    return row!;
  }

  topProducts(w: OrderWindow, limit: number) {
    const c = within(w);
    return this.store.query<{ id: number; name: string; quantity: number }>(
      `SELECT pr.id, pr.nombre AS name, s.cantidad AS quantity FROM (${byProduct(this.store.dialect, c.sql, 'SUM(d.cantidad) AS cantidad')} HAVING SUM(d.cantidad) > 0) s ` +
        'JOIN productos pr ON pr.id = s.producto_id ORDER BY s.cantidad DESC, pr.nombre LIMIT ?',
      [...c.params, limit],
    );
  }

  ordersPerHour(w: OrderWindow) {
    return ordersPerHour(this.store, w);
  }

  async lowStock(limit: number): Promise<LowStockProduct[]> {
    const d = this.store.dialect;
    const rows = await this.store.query<
      Omit<LowStockProduct, 'stockIsReal' | 'minStockIsReal'> & { stockIsReal: number; minStockIsReal: number }
    >(
      `SELECT id, nombre AS name, stock, stock_minimo AS "minStock", ${d.storedAsReal('stock')} AS "stockIsReal", ` +
        `${d.storedAsReal('stock_minimo')} AS "minStockIsReal" FROM productos WHERE ${LOW_STOCK} ` +
        'ORDER BY CAST(stock AS REAL) / stock_minimo, id LIMIT ?',
      [limit],
    );
    return rows.map((r) => ({ ...r, stockIsReal: Boolean(r.stockIsReal), minStockIsReal: Boolean(r.minStockIsReal) }));
  }

  bySeller(w: OrderWindow, limit: number) {
    const c = within(w);
    return this.store.query<{ seller: string; orders: number }>(
      `SELECT COALESCE(NULLIF(p.creado_por, ''), 'Desconocido') AS seller, COUNT(*) AS orders FROM pedidos p WHERE ${c.sql} ` +
        'GROUP BY seller ORDER BY orders DESC, seller LIMIT ?',
      [...c.params, limit],
    );
  }

  byDevice(w: OrderWindow) {
    const c = within(w);
    return this.store.query<{ device: string; orders: number }>(
      `SELECT lower(p.dispositivo) AS device, COUNT(*) AS orders FROM pedidos p WHERE ${c.sql} AND p.dispositivo IS NOT NULL AND p.dispositivo <> '' ` +
        'GROUP BY lower(p.dispositivo) ORDER BY orders DESC, device',
      c.params,
    );
  }

  productSales(w: OrderWindow, limit: number) {
    const c = within(w);
    return this.store.query<{ product: string; quantity: number; amount: number }>(
      `SELECT pr.nombre AS product, s.cantidad AS quantity, s.monto AS amount FROM (${byProduct(this.store.dialect, c.sql, `SUM(d.cantidad) AS cantidad, SUM(${LINE_MONEY}) AS monto`)}) s ` +
        'JOIN productos pr ON pr.id = s.producto_id ORDER BY s.cantidad DESC, pr.nombre LIMIT ?',
      [...c.params, limit],
    );
  }

  categorySales(w: OrderWindow) {
    const c = within(w);
    return this.store.query<{ category: string; quantity: number }>(
      `SELECT COALESCE(cat.nombre, 'Sin Categoría') AS category, SUM(s.cantidad) AS quantity FROM (${byProduct(this.store.dialect, c.sql, 'SUM(d.cantidad) AS cantidad')}) s ` +
        'JOIN productos pr ON pr.id = s.producto_id LEFT JOIN categorias cat ON cat.id = pr.categoria_id GROUP BY category ORDER BY quantity DESC, category',
      c.params,
    );
  }
}
