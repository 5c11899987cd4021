import type { OrderWindow } from '../../../application/dashboard/dashboard.ports';
import type { ProductSales, ReportQueries } from '../../../application/reports/reports.ports';
import type { SqliteStore } from '../data-source';
import { LINE_MONEY, LOW_STOCK, ORDERS_WITH_TOTALS, byProduct, ordersPerHour, within } from '../order-window-sql';

/** `DD/MM/YYYY HH:MM:SS` (Montevideo, §1.11) as a julian day in UTC. Uruguay has been UTC−3 all year since 2015. */
const SHOP_DISPLAY_JULIAN = (col: string) =>
  `(julianday(substr(${col}, 7, 4) || '-' || substr(${col}, 4, 2) || '-' || substr(${col}, 1, 2) || ' ' || substr(${col}, 12, 8)) + 3.0 / 24)`;

export class SqlReportQueries implements ReportQueries {
  constructor(private readonly store: SqliteStore) {}

  async totals(w: OrderWindow) {
    const c = within(w);
    const [row] = await this.store.query<{ pedidos: number; ventas: number; lineas: number; con_cliente: number }>(
      'SELECT COUNT(*) AS pedidos, COALESCE(SUM(t.monto), 0) AS ventas, COALESCE(SUM(t.lineas), 0) AS lineas, ' +
        `COUNT(p.cliente_id) AS con_cliente FROM ${ORDERS_WITH_TOTALS} WHERE ${c.sql}`,
      c.params,
    );
    return row!;
  }

  topProducts(w: OrderWindow, limit: number) {
    const c = within(w);
    return this.store.query<{ id: number; nombre: string; cantidad_vendida: number; total_vendido: number }>(
      `SELECT pr.id, pr.nombre, s.cantidad_vendida, s.total_vendido FROM (${byProduct(c.sql, `SUM(d.cantidad) AS cantidad_vendida, SUM(${LINE_MONEY}) AS total_vendido`)}) s ` +
        'JOIN productos pr ON pr.id = s.producto_id ' +
        'ORDER BY s.cantidad_vendida DESC, pr.nombre LIMIT ?',
      [...c.params, limit],
    );
  }

  topClients(w: OrderWindow, limit: number) {
    const c = within(w);
    return this.store.query<{ id: number; nombre: string; total_pedidos: number; total_compras: number }>(
      `SELECT cl.id, cl.nombre, s.total_pedidos, s.total_compras FROM (SELECT p.cliente_id, COUNT(*) AS total_pedidos, COALESCE(SUM(t.monto), 0) AS total_compras ` +
        `FROM ${ORDERS_WITH_TOTALS} WHERE ${c.sql} GROUP BY p.cliente_id) s JOIN clientes cl ON cl.id = s.cliente_id ORDER BY s.total_compras DESC, cl.nombre LIMIT ?`,
      [...c.params, limit],
    );
  }

  async inventorySummary() {
    const [row] = await this.store.query<{ total_productos: number; stock_total: number; valor_inventario: number; productos_bajo_stock: number }>(
      'SELECT COUNT(*) AS total_productos, COALESCE(SUM(stock), 0) AS stock_total, COALESCE(SUM(stock * precio), 0) AS valor_inventario, ' +
        `COALESCE(SUM(CASE WHEN ${LOW_STOCK} THEN 1 ELSE 0 END), 0) AS productos_bajo_stock FROM productos`,
    );
    return row!;
  }

  lowStock() {
    return this.store.query<{ id: number; nombre: string; stock: number; stock_minimo: number; stock_tipo: string; precio: number; faltante: number }>(
      "SELECT id, nombre, stock, stock_minimo, COALESCE(stock_tipo, 'unidad') AS stock_tipo, precio, stock_minimo - stock AS faltante " +
        `FROM productos WHERE ${LOW_STOCK} ORDER BY faltante DESC, nombre, id`,
    );
  }

  unsold(w: OrderWindow, limit: number) {
    const c = within(w);
    return this.store.query<{ id: number; nombre: string; stock: number; precio: number }>(
      'SELECT id, nombre, stock, precio FROM productos WHERE stock > 0 AND id NOT IN ' +
        `(SELECT d.producto_id FROM pedidos p CROSS JOIN detalles_pedido d ON d.pedido_id = p.id WHERE ${c.sql} AND d.producto_id IS NOT NULL) ORDER BY stock DESC, nombre, id LIMIT ?`,
      [...c.params, limit],
    );
  }

  products() {
    return this.store.query<{ id: number; nombre: string; stock: number | null; stock_minimo: number | null; precio: number }>(
      'SELECT id, nombre, stock, stock_minimo, precio FROM productos ORDER BY nombre, id',
    );
  }

  clients() {
    return this.store.query<{ id: number; nombre: string; telefono: string | null; direccion: string | null; total_pedidos: number; total_gastado: number; ultimo_fecha: string | null }>(
      'SELECT c.id, c.nombre, c.telefono, c.direccion, COALESCE(o.n, 0) AS total_pedidos, COALESCE(o.monto, 0) AS total_gastado, o.ultimo AS ultimo_fecha FROM clientes c ' +
        `LEFT JOIN (SELECT p.cliente_id, COUNT(*) AS n, MAX(p.fecha) AS ultimo, SUM(t.monto) AS monto FROM ${ORDERS_WITH_TOTALS} WHERE p.cliente_id IS NOT NULL GROUP BY p.cliente_id) o ON o.cliente_id = c.id`,
    );
  }

  async activeClients(w: OrderWindow): Promise<number> {
    const c = within(w);
    const [row] = await this.store.query<{ n: number }>(`SELECT COUNT(DISTINCT p.cliente_id) AS n FROM pedidos p WHERE ${c.sql} AND p.cliente_id IS NOT NULL`, c.params);
    return Number(row!.n);
  }

  productSales(w: OrderWindow): Promise<ProductSales[]> {
    const c = within(w);
    return this.store.query<ProductSales>(
      "SELECT pr.id, pr.nombre, pr.precio, pr.stock, COALESCE(cat.nombre, 'Sin Categoría') AS categoria, " +
        'COALESCE(s.cantidad, 0) AS cantidad, COALESCE(s.monto, 0) AS monto, COALESCE(s.pedidos, 0) AS pedidos ' +
        'FROM productos pr LEFT JOIN categorias cat ON cat.id = pr.categoria_id LEFT JOIN ' +
        `(${byProduct(c.sql, `SUM(d.cantidad) AS cantidad, SUM(${LINE_MONEY}) AS monto, COUNT(DISTINCT p.id) AS pedidos`)}) s ON s.producto_id = pr.id ` +
        'ORDER BY cantidad DESC, pr.nombre, pr.id',
      c.params,
    );
  }

  hours(w: OrderWindow) {
    return ordersPerHour(this.store, w);
  }

  byState(w: OrderWindow) {
    const c = within(w);
    return this.store.query<{ estado: string | null; cantidad: number }>(`SELECT p.estado, COUNT(*) AS cantidad FROM pedidos p WHERE ${c.sql} GROUP BY p.estado ORDER BY cantidad DESC`, c.params);
  }

  bySeller(w: OrderWindow) {
    const c = within(w);
    return this.store.query<{ usuario: string; pedidos_creados: number; total_vendido: number }>(
      `SELECT COALESCE(NULLIF(p.creado_por, ''), 'Desconocido') AS usuario, COUNT(*) AS pedidos_creados, COALESCE(SUM(t.monto), 0) AS total_vendido ` +
        `FROM ${ORDERS_WITH_TOTALS} WHERE ${c.sql} GROUP BY usuario ORDER BY total_vendido DESC, usuario`,
      c.params,
    );
  }

  async hoursToPdf(w: OrderWindow): Promise<number | null> {
    const c = within(w);
    const gen = SHOP_DISPLAY_JULIAN('p.fecha_generacion');
    const made = "julianday(replace(substr(p.fecha, 1, 19), 'T', ' '))";
    const [row] = await this.store.query<{ h: number | null }>(
      `SELECT AVG((${gen} - ${made}) * 24) AS h FROM pedidos p WHERE ${c.sql} AND p.pdf_generado = 1 ` +
        `AND p.fecha_generacion GLOB '[0-3][0-9]/[01][0-9]/[12][0-9][0-9][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]' AND ${gen} >= ${made}`,
      c.params,
    );
    return row?.h ?? null;
  }
}
