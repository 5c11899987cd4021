import { Order, type OrderLine } from '../../../domain/ordering/order';
import type { IdempotencyStore, OrderReceipt, OrderRepository } from '../../../application/ordering/ordering.ports';
import type { SqlRunner, SqlStore } from '../sql-store';
import { changedRows, exec, placeholders } from '../sql-helpers';
import { settledAll } from '../../promises';

interface OrderRow {
  id: number;
  cliente_id: number | null;
  creado_por: string | null;
  estado: string | null;
  repartidor: string | null;
  notas: string | null;
  fecha: string | null;
  fecha_creacion: string | null;
  fecha_entrega: string | null;
  pdf_generado: number | null;
}

/** Header columns an order change may write, by the aggregate's field names. */
const COLUMNS = {
  state: 'estado',
  driver: 'repartidor',
  deliveredAt: 'fecha_entrega',
  notes: 'notas',
  clientId: 'cliente_id',
  lastEditor: 'ultimo_editor',
  lastEditedAt: 'fecha_ultima_edicion',
} as const;

/**
 * The order aggregate in pedidos, detalles_pedido and historial_pedidos. A new order is one INSERT
 * for the header and one multi-row INSERT for its lines; a change writes only the columns and
 * lines it touched. Everything a save writes commits together (one write transaction).
 */
export class SqlOrderRepository implements OrderRepository {
  constructor(private readonly store: SqlStore) {}

  async find(id: number): Promise<Order | null> {
    const [row] = await this.store.query<OrderRow>(
      'SELECT id, cliente_id, creado_por, estado, repartidor, notas, fecha, fecha_creacion, fecha_entrega, pdf_generado FROM pedidos WHERE id = ?',
      [id],
    );
    if (!row) return null;
    const lines = await this.store.query<{
      producto_id: number;
      cantidad: number | null;
      tipo: string | null;
      precio_unitario: number | null;
    }>('SELECT producto_id, cantidad, tipo, precio_unitario FROM detalles_pedido WHERE pedido_id = ? ORDER BY id', [id]);
    return Order.restore({
      id: row.id,
      clientId: row.cliente_id,
      createdBy: row.creado_por,
      state: row.estado,
      driver: row.repartidor,
      notes: row.notas,
      placedAt: row.fecha,
      createdAtDisplay: row.fecha_creacion,
      deliveredAt: row.fecha_entrega,
      pdfGenerated: Number(row.pdf_generado ?? 0) !== 0,
      lines: lines.map((l) => ({
        productId: l.producto_id,
        quantity: Number(l.cantidad ?? 0),
        tipo: l.tipo ?? 'unidad',
        unitPrice: l.precio_unitario,
      })),
    });
  }

  save(order: Order): Promise<number> {
    return this.store.write(async (m) => {
      const { header, lines, history } = order.pending();
      const isNew = order.id === null;
      const id = order.id ?? (await this.insertHeader(m, order));
      // A new order's lines and its history row only need its id: sent together (one trip to the
      // database instead of two; the order's writes are on the group commit's critical path).
      const writes: Promise<unknown>[] = isNew ? [this.insertLines(id, order.snapshot.lines)] : [];
      if (!isNew) {
        const sets = Object.entries(header).filter(([, v]) => v !== undefined);
        if (sets.length > 0) {
          await m.query(`UPDATE pedidos SET ${sets.map(([k]) => `${COLUMNS[k as keyof typeof COLUMNS]} = ?`).join(', ')} WHERE id = ?`, [
            ...sets.map(([, v]) => v),
            id,
          ]);
        }
        for (const change of lines) {
          if (change.kind === 'added') await this.insertLines(id, [change.line]);
          else if (change.kind === 'updated')
            await m.query('UPDATE detalles_pedido SET cantidad = ?, tipo = ? WHERE pedido_id = ? AND producto_id = ?', [
              change.quantity,
              change.tipo,
              id,
              change.productId,
            ]);
          else await m.query('DELETE FROM detalles_pedido WHERE pedido_id = ? AND producto_id = ?', [id, change.productId]);
        }
      }
      for (const h of history) {
        writes.push(
          m.query('INSERT INTO historial_pedidos (pedido_id, accion, usuario, fecha, detalles) VALUES (?, ?, ?, ?, ?)', [
            id,
            h.action,
            h.user,
            h.at,
            h.details,
          ]),
        );
      }
      // Every write finished before a failure is passed on: none still runs when the order rolls back.
      await settledAll(writes);
      order.saved(id);
      return id;
    });
  }

  /** A new order's header; its lines (≤ 200 by the domain rule) go in one multi-row INSERT. */
  private insertHeader(m: SqlRunner, order: Order): Promise<number> {
    const s = order.snapshot;
    return this.store.dialect.insertReturningId(
      m,
      "INSERT INTO pedidos (cliente_id, fecha, pdf_generado, fecha_creacion, creado_por, notas, estado, dispositivo) VALUES (?, ?, ?, ?, ?, ?, ?, 'web')",
      [s.clientId, s.placedAt, s.pdfGenerated ? 1 : 0, s.createdAtDisplay, s.createdBy, s.notes, s.state],
    );
  }

  private async insertLines(id: number, lines: readonly OrderLine[]): Promise<void> {
    await exec(
      this.store,
      `INSERT INTO detalles_pedido (pedido_id, producto_id, cantidad, tipo, precio_unitario) VALUES ${lines.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      lines.flatMap((l) => [id, l.productId, l.quantity, l.tipo, l.unitPrice]),
    );
  }

  async existing(ids: readonly number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    return (await this.store.query<{ id: number }>(`SELECT id FROM pedidos WHERE id IN (${placeholders(ids.length)})`, [...ids])).map(
      (r) => r.id,
    );
  }

  async delete(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    const list = placeholders(ids.length);
    await this.store.write(async (m) => {
      await m.query(`DELETE FROM historial_pedidos WHERE pedido_id IN (${list})`, [...ids]);
      await m.query(`DELETE FROM detalles_pedido WHERE pedido_id IN (${list})`, [...ids]);
      await m.query(`DELETE FROM pedidos WHERE id IN (${list})`, [...ids]);
    });
  }
}

/** A receipt stored by version 2.0 (the wire shape of API.md §7.1), read back as a receipt. */
const legacyReceipt = (r: Record<string, unknown>): OrderReceipt => ({
  id: Number(r.id),
  clientId: Number(r.cliente_id),
  clientName: (r.cliente_nombre as string | null) ?? null,
  placedAt: String(r.fecha),
  createdAtDisplay: String(r.fecha_creacion),
  notes: (r.notas as string | null) ?? null,
  createdBy: String(r.creado_por),
  pdfGenerated: Number(r.pdf_generado) === 1,
  total: Number(r.total),
});

export class SqlIdempotencyStore implements IdempotencyStore {
  constructor(private readonly store: SqlStore) {}

  async find(username: string, key: string): Promise<OrderReceipt | null> {
    const [row] = await this.store.query<{ response_json: string }>(
      'SELECT response_json FROM idempotency_keys WHERE username = ? AND idem_key = ?',
      [username, key],
    );
    if (!row) return null;
    const stored = JSON.parse(row.response_json) as Record<string, unknown>;
    return 'cliente_id' in stored ? legacyReceipt(stored) : (stored as unknown as OrderReceipt);
  }

  async save(username: string, key: string, receipt: OrderReceipt, createdAt: string): Promise<void> {
    await exec(this.store, 'INSERT INTO idempotency_keys (username, idem_key, response_json, created_at) VALUES (?, ?, ?, ?)', [
      username,
      key,
      JSON.stringify(receipt),
      createdAt,
    ]);
  }

  async purge(before: string): Promise<number> {
    return changedRows(this.store, 'DELETE FROM idempotency_keys WHERE created_at < ?', [before]);
  }
}
