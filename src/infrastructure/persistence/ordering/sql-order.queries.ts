import type { OrderDetail, OrderListFilter, OrderListItem, OrderLineView, OrderQueries, StockNeed } from '../../../application/ordering/order-queries.port';
import type { SqliteStore } from '../data-source';
import { keysetPages, placeholders } from '../sql-helpers';

const HEADER =
  'SELECT p.id, p.cliente_id, p.fecha, p.estado, p.notas, p.creado_por, c.nombre AS cliente_nombre, COALESCE(p.pdf_generado, 0) AS pdf_generado, ' +
  'p.repartidor, p.fecha_creacion, p.fecha_generacion, p.generado_por, p.ultimo_editor, p.fecha_ultima_edicion, p.dispositivo, p.fecha_entrega ' +
  'FROM pedidos p LEFT JOIN clientes c ON c.id = p.cliente_id';

type Header = Omit<OrderListItem, 'productos'>;

/**
 * Order read models. The list is two queries whatever its size: the headers (one indexed,
 * filtered, limited scan) and then every line of those orders with its product in one IN query.
 */
export class SqlOrderQueries implements OrderQueries {
  constructor(private readonly store: SqliteStore) {}

  async list(f: OrderListFilter): Promise<OrderListItem[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (cond: string, value: unknown) => (where.push(cond), params.push(value));
    if (f.clienteId !== null) add('p.cliente_id = ?', f.clienteId);
    if (f.fechaInicio) add('p.fecha >= ?', f.fechaInicio);
    if (f.fechaFin) add('p.fecha <= ?', f.fechaFin);
    if (f.estado) add('p.estado = ?', f.estado);
    if (f.creadoPor) add('p.creado_por = ?', f.creadoPor);
    if (f.desde) add('p.fecha >= ?', f.desde);
    const headers = await this.store.query<Header>(
      `${HEADER}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY p.fecha DESC, p.id DESC LIMIT ?`,
      [...params, f.limit],
    );
    const lines = await this.linesOf(headers.map((h) => h.id));
    return headers.map((h) => ({ ...h, productos: lines.get(h.id) ?? [] }));
  }

  private async linesOf(ids: number[]): Promise<Map<number, OrderLineView[]>> {
    const byOrder = new Map<number, OrderLineView[]>();
    if (ids.length === 0) return byOrder;
    const rows = await this.store.query<OrderLineView & { pedido_id: number }>(
      'SELECT d.pedido_id, d.producto_id AS id, d.producto_id, COALESCE(pr.nombre, \'(producto eliminado)\') AS nombre, ' +
        "COALESCE(d.precio_unitario, pr.precio, 0) AS precio, COALESCE(d.cantidad, 0) AS cantidad, COALESCE(d.tipo, 'unidad') AS tipo " +
        `FROM detalles_pedido d LEFT JOIN productos pr ON pr.id = d.producto_id WHERE d.pedido_id IN (${placeholders(ids.length)}) ORDER BY d.pedido_id, d.id`,
      ids,
    );
    for (const { pedido_id, ...line } of rows) {
      const list = byOrder.get(pedido_id) ?? [];
      list.push(line);
      byOrder.set(pedido_id, list);
    }
    return byOrder;
  }

  async detail(id: number): Promise<OrderDetail | null> {
    const [h] = await this.store.query<Header>(`${HEADER} WHERE p.id = ?`, [id]);
    if (!h) return null;
    const lines = (await this.linesOf([id])).get(id) ?? [];
    return {
      id: h.id,
      cliente_id: h.cliente_id,
      fecha: h.fecha,
      estado: h.estado,
      notas: h.notas,
      creado_por: h.creado_por,
      cliente_nombre: h.cliente_nombre,
      pdf_generado: h.pdf_generado,
      repartidor: h.repartidor,
      fecha_creacion: h.fecha_creacion,
      fecha_entrega: h.fecha_entrega,
      items: lines.map((l) => ({ producto_id: l.producto_id, producto_nombre: l.nombre, cantidad: l.cantidad, precio_unitario: l.precio, tipo: l.tipo })),
    };
  }

  old(states: readonly string[], before: string, desde: string | null, limit: number, creadoPor: string | null): Promise<Header[]> {
    return this.store.query<Header>(
      `${HEADER} WHERE p.estado IN (${placeholders(states.length)}) AND p.fecha < ?${desde ? ' AND p.fecha >= ?' : ''}${creadoPor !== null ? ' AND p.creado_por = ?' : ''} ORDER BY p.fecha ASC, p.id ASC LIMIT ?`,
      [...states, before, ...(desde ? [desde] : []), ...(creadoPor !== null ? [creadoPor] : []), limit],
    );
  }

  async creators(): Promise<string[]> {
    return (await this.store.query<{ creado_por: string }>("SELECT DISTINCT creado_por FROM pedidos WHERE creado_por IS NOT NULL AND creado_por <> '' ORDER BY creado_por")).map((r) => r.creado_por);
  }

  async stockNeeds(orderIds: readonly number[], creadoPor: string | null): Promise<StockNeed[]> {
    const ids = [...new Set(orderIds)];
    const own = creadoPor !== null ? ' AND d.pedido_id IN (SELECT id FROM pedidos WHERE creado_por = ?)' : '';
    return this.store.query<StockNeed>(
      'SELECT pr.id, pr.nombre, COALESCE(pr.stock, 0) AS stock_actual, pr.stock_tipo, SUM(COALESCE(d.cantidad, 0)) AS cantidad_necesaria, MAX(d.tipo) AS tipo_pedido ' +
        `FROM detalles_pedido d JOIN productos pr ON pr.id = d.producto_id WHERE d.pedido_id IN (${placeholders(ids.length)})${own} GROUP BY pr.id ORDER BY pr.nombre`,
      creadoPor !== null ? [...ids, creadoPor] : ids,
    );
  }

  exportRows(desde: string | null, hasta: string | null) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (desde) (where.push('fecha >= ?'), params.push(desde));
    if (hasta) (where.push('fecha <= ?'), params.push(hasta));
    return keysetPages<{ id: number; sort_key: string | null; cliente: string; fecha: string | null; estado: string | null; notas: string | null; creado_por: string | null }>(
      this.store,
      'SELECT * FROM (SELECT p.id, p.fecha AS sort_key, COALESCE(c.nombre, \'\') AS cliente, p.fecha, p.estado, p.notas, p.creado_por ' +
        `FROM pedidos p LEFT JOIN clientes c ON c.id = p.cliente_id) WHERE 1 = 1${where.map((w) => ` AND ${w}`).join('')}{{after}}`,
      params,
      { column: 'sort_key', direction: 'DESC' },
    );
  }
}
