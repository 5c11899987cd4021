import type { DashboardQueries, LowStockProduct, OrderWindow } from '../../../application/dashboard/dashboard.ports';
import type { SqliteStore } from '../data-source';
import { placeholders } from '../sql-helpers';
import { LINE_MONEY, LOW_STOCK, byProduct, ordersPerHour, within } from '../order-window-sql';

export class SqlDashboardQueries implements DashboardQueries {
  constructor(private readonly store: SqliteStore) {}

  async counts(today: OrderWindow, month: OrderWindow, openStates: readonly string[]) {
    const t = within(today);
    const m = within(month);
    const [row] = await this.store.query<{
      clientes: number;
      productos: number;
      hoy: number;
      mes: number;
      pendientes: number;
      stockBajo: number;
    }>(
      'SELECT (SELECT COUNT(*) FROM clientes) AS clientes, (SELECT COUNT(*) FROM productos) AS productos, ' +
        `(SELECT COUNT(*) FROM pedidos p WHERE ${t.sql}) AS hoy, (SELECT COUNT(*) FROM pedidos p WHERE ${m.sql}) AS mes, ` +
        `(SELECT COUNT(*) FROM pedidos p WHERE p.estado IN (${placeholders(openStates.length)})${month.floor ? ' AND p.fecha >= ?' : ''}) AS pendientes, ` +
        `(SELECT COUNT(*) FROM productos WHERE ${LOW_STOCK}) AS stockBajo`,
      [...t.params, ...m.params, ...openStates, ...(month.floor ? [month.floor] : [])],
    );
    return row!;
  }

  topProducts(w: OrderWindow, limit: number) {
    const c = within(w);
    return this.store.query<{ id: number; nombre: string; cantidad: number }>(
      `SELECT pr.id, pr.nombre, s.cantidad FROM (${byProduct(c.sql, 'SUM(d.cantidad) AS cantidad')} HAVING SUM(d.cantidad) > 0) s ` +
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
    return this.store.query<{ vendedor: string; cantidad: number }>(
      `SELECT COALESCE(NULLIF(p.creado_por, ''), 'Desconocido') AS vendedor, COUNT(*) AS cantidad FROM pedidos p WHERE ${c.sql} GROUP BY vendedor ORDER BY cantidad DESC, vendedor LIMIT ?`,
      [...c.params, limit],
    );
  }

  byDevice(w: OrderWindow) {
    const c = within(w);
    return this.store.query<{ dispositivo: string; cantidad: number }>(
      `SELECT lower(p.dispositivo) AS dispositivo, COUNT(*) AS cantidad FROM pedidos p WHERE ${c.sql} AND p.dispositivo IS NOT NULL AND p.dispositivo <> '' GROUP BY lower(p.dispositivo) ORDER BY cantidad DESC, dispositivo`,
      c.params,
    );
  }

  productSales(w: OrderWindow, limit: number) {
    const c = within(w);
    return this.store.query<{ producto: string; cantidad: number; monto: number }>(
      `SELECT pr.nombre AS producto, s.cantidad, s.monto FROM (${byProduct(c.sql, `SUM(d.cantidad) AS cantidad, SUM(${LINE_MONEY}) AS monto`)}) s ` +
        'JOIN productos pr ON pr.id = s.producto_id ORDER BY s.cantidad DESC, pr.nombre LIMIT ?',
      [...c.params, limit],
    );
  }

  categorySales(w: OrderWindow) {
    const c = within(w);
    return this.store.query<{ categoria: string; cantidad: number }>(
      `SELECT COALESCE(cat.nombre, 'Sin Categoría') AS categoria, SUM(s.cantidad) AS cantidad FROM (${byProduct(c.sql, 'SUM(d.cantidad) AS cantidad')}) s ` +
        'JOIN productos pr ON pr.id = s.producto_id LEFT JOIN categorias cat ON cat.id = pr.categoria_id GROUP BY categoria ORDER BY cantidad DESC, categoria',
      c.params,
    );
  }
}
