import type { OrderWindow } from '../../../application/dashboard/dashboard.ports';
import type { ProductSales, ReportQueries } from '../../../application/reports/reports.ports';
import type { SqlStore } from '../sql-store';
import type { SqlDialect } from '../dialect/sql-dialect';
import { LINE_MONEY, LOW_STOCK, ORDERS_WITH_TOTALS, byProduct, ordersPerHour, within } from '../order-window-sql';

/** `DD/MM/YYYY HH:MM:SS` (Montevideo, §1.11) in days, UTC. Uruguay has been UTC−3 all year since 2015. */
const shopDisplayDays = (d: SqlDialect, col: string) =>
  `(${d.days(`substr(${col}, 7, 4) || '-' || substr(${col}, 4, 2) || '-' || substr(${col}, 1, 2) || ' ' || substr(${col}, 12, 8)`)} + 3.0 / 24)`;

export class SqlReportQueries implements ReportQueries {
  constructor(private readonly store: SqlStore) {}

  async totals(w: OrderWindow) {
    const c = within(w);
    const [row] = await this.store.query<{ orders: number; sales: number; lines: number; withClient: number }>(
      'SELECT COUNT(*) AS orders, COALESCE(SUM(t.monto), 0) AS sales, COALESCE(SUM(t.lineas), 0) AS lines, ' +
        `COUNT(p.cliente_id) AS "withClient" FROM ${ORDERS_WITH_TOTALS} WHERE ${c.sql}`,
      c.params,
    );
    return row!;
  }

  topProducts(w: OrderWindow, limit: number) {
    const c = within(w);
    return this.store.query<{ id: number; name: string; quantitySold: number; amountSold: number }>(
      `SELECT pr.id, pr.nombre AS name, s.cantidad_vendida AS "quantitySold", s.total_vendido AS "amountSold" FROM (${byProduct(this.store.dialect, c.sql, `SUM(d.cantidad) AS cantidad_vendida, SUM(${LINE_MONEY}) AS total_vendido`)}) s ` +
        'JOIN productos pr ON pr.id = s.producto_id ' +
        'ORDER BY s.cantidad_vendida DESC, pr.nombre LIMIT ?',
      [...c.params, limit],
    );
  }

  topClients(w: OrderWindow, limit: number) {
    const c = within(w);
    return this.store.query<{ id: number; name: string; orderCount: number; amountBought: number }>(
      `SELECT cl.id, cl.nombre AS name, s.total_pedidos AS "orderCount", s.total_compras AS "amountBought" FROM (SELECT p.cliente_id, COUNT(*) AS total_pedidos, COALESCE(SUM(t.monto), 0) AS total_compras ` +
        `FROM ${ORDERS_WITH_TOTALS} WHERE ${c.sql} GROUP BY p.cliente_id) s JOIN clientes cl ON cl.id = s.cliente_id ORDER BY s.total_compras DESC, cl.nombre LIMIT ?`,
      [...c.params, limit],
    );
  }

  async inventorySummary() {
    const [row] = await this.store.query<{ productCount: number; totalStock: number; inventoryValue: number; lowStockCount: number }>(
      'SELECT COUNT(*) AS "productCount", COALESCE(SUM(stock), 0) AS "totalStock", COALESCE(SUM(stock * precio), 0) AS "inventoryValue", ' +
        `COALESCE(SUM(CASE WHEN ${LOW_STOCK} THEN 1 ELSE 0 END), 0) AS "lowStockCount" FROM productos`,
    );
    return row!;
  }

  lowStock() {
    return this.store.query<{
      id: number;
      name: string;
      stock: number;
      minStock: number;
      stockUnit: string;
      price: number;
      shortfall: number;
    }>(
      'SELECT id, nombre AS name, stock, stock_minimo AS "minStock", COALESCE(stock_tipo, \'unidad\') AS "stockUnit", precio AS price, ' +
        `stock_minimo - stock AS shortfall FROM productos WHERE ${LOW_STOCK} ORDER BY shortfall DESC, nombre, id`,
    );
  }

  unsold(w: OrderWindow, limit: number) {
    const c = within(w);
    return this.store.query<{ id: number; name: string; stock: number; price: number }>(
      'SELECT id, nombre AS name, stock, precio AS price FROM productos WHERE stock > 0 AND id NOT IN ' +
        `(SELECT d.producto_id FROM ${this.store.dialect.joinInThisOrder('pedidos p', 'detalles_pedido d', 'd.pedido_id = p.id')} ` +
        `WHERE ${c.sql} AND d.producto_id IS NOT NULL) ORDER BY stock DESC, nombre, id LIMIT ?`,
      [...c.params, limit],
    );
  }

  products() {
    return this.store.query<{ id: number; name: string; stock: number | null; minStock: number | null; price: number }>(
      'SELECT id, nombre AS name, stock, stock_minimo AS "minStock", precio AS price FROM productos ORDER BY nombre, id',
    );
  }

  clients() {
    return this.store.query<{
      id: number;
      name: string;
      phone: string | null;
      address: string | null;
      orderCount: number;
      amountSpent: number;
      lastOrderAt: string | null;
    }>(
      'SELECT c.id, c.nombre AS name, c.telefono AS phone, c.direccion AS address, COALESCE(o.n, 0) AS "orderCount", ' +
        'COALESCE(o.monto, 0) AS "amountSpent", o.ultimo AS "lastOrderAt" FROM clientes c ' +
        `LEFT JOIN (SELECT p.cliente_id, COUNT(*) AS n, MAX(p.fecha) AS ultimo, SUM(t.monto) AS monto FROM ${ORDERS_WITH_TOTALS} WHERE p.cliente_id IS NOT NULL GROUP BY p.cliente_id) o ON o.cliente_id = c.id`,
    );
  }

  async activeClients(w: OrderWindow): Promise<number> {
    const c = within(w);
    const [row] = await this.store.query<{ n: number }>(
      `SELECT COUNT(DISTINCT p.cliente_id) AS n FROM pedidos p WHERE ${c.sql} AND p.cliente_id IS NOT NULL`,
      c.params,
    );
    return Number(row!.n);
  }

  productSales(w: OrderWindow): Promise<ProductSales[]> {
    const c = within(w);
    return this.store.query<ProductSales>(
      "SELECT pr.id, pr.nombre AS name, pr.precio AS price, pr.stock, COALESCE(cat.nombre, 'Sin Categoría') AS category, " +
        'COALESCE(s.cantidad, 0) AS quantity, COALESCE(s.monto, 0) AS amount, COALESCE(s.pedidos, 0) AS orders ' +
        'FROM productos pr LEFT JOIN categorias cat ON cat.id = pr.categoria_id LEFT JOIN ' +
        `(${byProduct(this.store.dialect, c.sql, `SUM(d.cantidad) AS cantidad, SUM(${LINE_MONEY}) AS monto, COUNT(DISTINCT p.id) AS pedidos`)}) s ON s.producto_id = pr.id ` +
        'ORDER BY quantity DESC, pr.nombre, pr.id',
      c.params,
    );
  }

  hours(w: OrderWindow) {
    return ordersPerHour(this.store, w);
  }

  byState(w: OrderWindow) {
    const c = within(w);
    return this.store.query<{ state: string | null; count: number }>(
      `SELECT p.estado AS state, COUNT(*) AS count FROM pedidos p WHERE ${c.sql} GROUP BY p.estado ORDER BY count DESC`,
      c.params,
    );
  }

  bySeller(w: OrderWindow) {
    const c = within(w);
    return this.store.query<{ user: string; ordersCreated: number; amountSold: number }>(
      `SELECT COALESCE(NULLIF(p.creado_por, ''), 'Desconocido') AS "user", COUNT(*) AS "ordersCreated", COALESCE(SUM(t.monto), 0) AS "amountSold" ` +
        `FROM ${ORDERS_WITH_TOTALS} WHERE ${c.sql} GROUP BY "user" ORDER BY "amountSold" DESC, "user"`,
      c.params,
    );
  }

  async hoursToPdf(w: OrderWindow): Promise<number | null> {
    const c = within(w);
    const d = this.store.dialect;
    const gen = shopDisplayDays(d, 'p.fecha_generacion');
    const made = d.days("replace(substr(p.fecha, 1, 19), 'T', ' ')");
    const [row] = await this.store.query<{ h: number | null }>(
      `SELECT AVG((${gen} - ${made}) * 24) AS h FROM pedidos p WHERE ${c.sql} AND p.pdf_generado = 1 ` +
        `AND ${d.isShopDisplayTimestamp('p.fecha_generacion')} AND ${gen} >= ${made}`,
      c.params,
    );
    return row?.h ?? null;
  }
}
