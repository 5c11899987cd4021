import type {
  OrderExportRow,
  OrderHeaderRow,
  OrderLineRow,
  OrderListFilter,
  OrderListRow,
  OrderQueries,
  StockNeed,
} from '../../../application/ordering/ordering.ports';
import type { SqlStore } from '../sql-store';
import { keysetPages, placeholders } from '../sql-helpers';

const HEADER =
  'SELECT p.id, p.cliente_id, p.fecha, p.estado, p.notas, p.creado_por, c.nombre AS cliente_nombre, COALESCE(p.pdf_generado, 0) AS pdf_generado, ' +
  'p.repartidor, p.fecha_creacion, p.fecha_generacion, p.generado_por, p.ultimo_editor, p.fecha_ultima_edicion, p.dispositivo, p.fecha_entrega ' +
  'FROM pedidos p LEFT JOIN clientes c ON c.id = p.cliente_id';

interface HeaderRow {
  id: number;
  cliente_id: number;
  fecha: string | null;
  estado: string | null;
  notas: string | null;
  creado_por: string | null;
  cliente_nombre: string;
  pdf_generado: number;
  repartidor: string | null;
  fecha_creacion: string | null;
  fecha_generacion: string | null;
  generado_por: string | null;
  ultimo_editor: string | null;
  fecha_ultima_edicion: string | null;
  dispositivo: string | null;
  fecha_entrega: string | null;
}

const header = (h: HeaderRow): OrderHeaderRow => ({
  id: h.id,
  clientId: h.cliente_id,
  placedAt: h.fecha,
  state: h.estado,
  notes: h.notas,
  createdBy: h.creado_por,
  clientName: h.cliente_nombre,
  pdfGenerated: h.pdf_generado,
  driver: h.repartidor,
  createdAtDisplay: h.fecha_creacion,
  deliveredAt: h.fecha_entrega,
  pdfGeneratedAt: h.fecha_generacion,
  pdfGeneratedBy: h.generado_por,
  lastEditor: h.ultimo_editor,
  lastEditedAt: h.fecha_ultima_edicion,
  device: h.dispositivo,
});

/**
 * Order read models. The list is two queries whatever its size: the headers (one indexed,
 * filtered, limited scan) and then every line of those orders with its product in one IN query.
 */
export class SqlOrderQueries implements OrderQueries {
  constructor(private readonly store: SqlStore) {}

  async list(f: OrderListFilter): Promise<OrderListRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (cond: string, value: unknown) => (where.push(cond), params.push(value));
    if (f.clientId !== null) add('p.cliente_id = ?', f.clientId);
    if (f.from) add('p.fecha >= ?', f.from);
    if (f.to) add('p.fecha <= ?', f.to);
    if (f.state) add('p.estado = ?', f.state);
    if (f.createdBy) add('p.creado_por = ?', f.createdBy);
    if (f.floor) add('p.fecha >= ?', f.floor);
    const headers = await this.store.query<HeaderRow>(
      `${HEADER}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY p.fecha DESC, p.id DESC LIMIT ?`,
      [...params, f.limit],
    );
    const lines = await this.linesOf(headers.map((h) => h.id));
    return headers.map((h) => ({ ...header(h), lines: lines.get(h.id) ?? [] }));
  }

  private async linesOf(ids: number[]): Promise<Map<number, OrderLineRow[]>> {
    const byOrder = new Map<number, OrderLineRow[]>();
    if (ids.length === 0) return byOrder;
    const rows = await this.store.query<{
      pedido_id: number;
      producto_id: number;
      nombre: string;
      precio: number;
      cantidad: number;
      tipo: string;
    }>(
      "SELECT d.pedido_id, d.producto_id, COALESCE(pr.nombre, '(producto eliminado)') AS nombre, " +
        "COALESCE(d.precio_unitario, pr.precio, 0) AS precio, COALESCE(d.cantidad, 0) AS cantidad, COALESCE(d.tipo, 'unidad') AS tipo " +
        `FROM detalles_pedido d LEFT JOIN productos pr ON pr.id = d.producto_id WHERE d.pedido_id IN (${placeholders(ids.length)}) ORDER BY d.pedido_id, d.id`,
      ids,
    );
    for (const r of rows) {
      const list = byOrder.get(r.pedido_id) ?? [];
      list.push({ productId: r.producto_id, productName: r.nombre, price: r.precio, quantity: r.cantidad, tipo: r.tipo });
      byOrder.set(r.pedido_id, list);
    }
    return byOrder;
  }

  async detail(id: number): Promise<OrderListRow | null> {
    const [h] = await this.store.query<HeaderRow>(`${HEADER} WHERE p.id = ?`, [id]);
    if (!h) return null;
    return { ...header(h), lines: (await this.linesOf([id])).get(id) ?? [] };
  }

  async old(
    states: readonly string[],
    before: string,
    desde: string | null,
    limit: number,
    creadoPor: string | null,
  ): Promise<OrderHeaderRow[]> {
    const rows = await this.store.query<HeaderRow>(
      `${HEADER} WHERE p.estado IN (${placeholders(states.length)}) AND p.fecha < ?${desde ? ' AND p.fecha >= ?' : ''}${creadoPor !== null ? ' AND p.creado_por = ?' : ''} ORDER BY p.fecha ASC, p.id ASC LIMIT ?`,
      [...states, before, ...(desde ? [desde] : []), ...(creadoPor !== null ? [creadoPor] : []), limit],
    );
    return rows.map(header);
  }

  async creators(): Promise<string[]> {
    return (
      await this.store.query<{ creado_por: string }>(
        "SELECT DISTINCT creado_por FROM pedidos WHERE creado_por IS NOT NULL AND creado_por <> '' ORDER BY creado_por",
      )
    ).map((r) => r.creado_por);
  }

  async stockNeeds(orderIds: readonly number[], creadoPor: string | null): Promise<StockNeed[]> {
    const ids = [...new Set(orderIds)];
    const own = creadoPor !== null ? ' AND d.pedido_id IN (SELECT id FROM pedidos WHERE creado_por = ?)' : '';
    const rows = await this.store.query<{
      id: number;
      nombre: string;
      stock: number;
      stock_tipo: string | null;
      needed: number;
      tipo: string | null;
    }>(
      'SELECT pr.id, pr.nombre, COALESCE(pr.stock, 0) AS stock, pr.stock_tipo, SUM(COALESCE(d.cantidad, 0)) AS needed, MAX(d.tipo) AS tipo ' +
        `FROM detalles_pedido d JOIN productos pr ON pr.id = d.producto_id WHERE d.pedido_id IN (${placeholders(ids.length)})${own} GROUP BY pr.id ORDER BY pr.nombre`,
      creadoPor !== null ? [...ids, creadoPor] : ids,
    );
    return rows.map((r) => ({
      productId: r.id,
      name: r.nombre,
      stock: r.stock,
      stockUnit: r.stock_tipo,
      needed: r.needed,
      orderedUnit: r.tipo,
    }));
  }

  async *exportRows(desde: string | null, hasta: string | null): AsyncIterable<OrderExportRow> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (desde) {
      where.push('fecha >= ?');
      params.push(desde);
    }
    if (hasta) {
      where.push('fecha <= ?');
      params.push(hasta);
    }
    const pages = keysetPages<{
      id: number;
      sort_key: string | null;
      cliente: string;
      fecha: string | null;
      estado: string | null;
      notas: string | null;
      creado_por: string | null;
    }>(
      this.store,
      "SELECT * FROM (SELECT p.id, p.fecha AS sort_key, COALESCE(c.nombre, '') AS cliente, p.fecha, p.estado, p.notas, p.creado_por " +
        `FROM pedidos p LEFT JOIN clientes c ON c.id = p.cliente_id) page WHERE 1 = 1${where.map((w) => ` AND ${w}`).join('')}{{after}}`,
      params,
      { column: 'sort_key', direction: 'DESC' },
    );
    for await (const r of pages)
      yield { id: r.id, clientName: r.cliente, placedAt: r.fecha, state: r.estado, notes: r.notas, createdBy: r.creado_por };
  }
}
