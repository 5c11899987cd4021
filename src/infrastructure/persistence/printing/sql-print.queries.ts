import type { PrintLine, PrintOrder, PrintQueries } from '../../../application/printing/printing.ports';
import type { SqlStore } from '../sql-store';
import { placeholders } from '../sql-helpers';

interface HeaderRow {
  id: number;
  fecha: string | null;
  notas: string | null;
  nombre: string;
  telefono: string | null;
  direccion: string | null;
  zona: string | null;
}

const HEADER =
  'SELECT p.id, p.fecha, p.notas, c.nombre, c.telefono, c.direccion, c.zona FROM pedidos p JOIN clientes c ON c.id = p.cliente_id';

export class SqlPrintQueries implements PrintQueries {
  constructor(private readonly store: SqlStore) {}

  async ordersByIds(ids: readonly number[], creadoPor: string | null): Promise<PrintOrder[]> {
    const own = creadoPor !== null ? ' AND p.creado_por = ?' : '';
    const rows = await this.store.query<HeaderRow>(
      `${HEADER} WHERE p.id IN (${placeholders(ids.length)})${own} ORDER BY c.nombre, p.id`,
      creadoPor !== null ? [...ids, creadoPor] : [...ids],
    );
    return this.withLines(rows);
  }

  async routeOrders(
    repartidor: string,
    zona: string | null,
    closedStates: readonly string[],
    creadoPor: string | null,
  ): Promise<PrintOrder[]> {
    const rows = await this.store.query<HeaderRow>(
      `${HEADER} WHERE p.repartidor = ? AND (p.estado IS NULL OR lower(p.estado) NOT IN (${placeholders(closedStates.length)}))${zona === null ? '' : ' AND c.zona = ?'}${creadoPor === null ? '' : ' AND p.creado_por = ?'} ORDER BY p.id`,
      [repartidor, ...closedStates, ...(zona === null ? [] : [zona]), ...(creadoPor === null ? [] : [creadoPor])],
    );
    return this.withLines(rows);
  }

  async markPrinted(ids: readonly number[], at: string, by: string): Promise<void> {
    await this.store.write(async (m) => {
      for (let i = 0; i < ids.length; i += 400) {
        const chunk = ids.slice(i, i + 400);
        await m.query(
          `UPDATE pedidos SET pdf_generado = 1, fecha_generacion = ?, generado_por = ? WHERE id IN (${placeholders(chunk.length)})`,
          [at, by, ...chunk],
        );
        await m.query(
          `INSERT INTO historial_pedidos (pedido_id, accion, usuario, fecha, detalles) SELECT id, 'PDF_GENERADO', ?, ?, 'PDF generado' FROM pedidos WHERE id IN (${placeholders(chunk.length)})`,
          [by, at, ...chunk],
        );
      }
    });
  }

  /** Lines in insertion order; a NULL quantity counts as 0 rather than failing the document. */
  private async withLines(rows: HeaderRow[]): Promise<PrintOrder[]> {
    if (rows.length === 0) return [];
    const byOrder = new Map<number, PrintLine[]>();
    for (let i = 0; i < rows.length; i += 500) {
      const ids = rows.slice(i, i + 500).map((r) => r.id);
      const lines = await this.store.query<PrintLine & { pedido_id: number }>(
        'SELECT d.pedido_id, pr.nombre AS name, COALESCE(d.cantidad, 0) AS quantity, COALESCE(d.precio_unitario, pr.precio, 0) AS price, ' +
          "COALESCE(NULLIF(d.tipo, ''), 'unidad') AS tipo " +
          `FROM detalles_pedido d JOIN productos pr ON pr.id = d.producto_id WHERE d.pedido_id IN (${placeholders(ids.length)}) ORDER BY d.id`,
        ids,
      );
      for (const { pedido_id, ...l } of lines) {
        const list = byOrder.get(pedido_id) ?? [];
        list.push(l);
        byOrder.set(pedido_id, list);
      }
    }
    return rows.map((r) => ({
      id: r.id,
      placedAt: r.fecha,
      notes: r.notas,
      client: { name: r.nombre, phone: r.telefono, address: r.direccion, zone: r.zona },
      lines: byOrder.get(r.id) ?? [],
    }));
  }
}
