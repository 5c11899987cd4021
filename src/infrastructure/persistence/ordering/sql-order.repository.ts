import type { PlacedOrder } from '../../../domain/ordering/order';
import type { IdempotencyStore, OrderHeader, OrderRepository } from '../../../application/ordering/order-repository.port';
import type { SqliteStore } from '../data-source';
import { exec, placeholders } from '../sql-helpers';

export class SqlOrderRepository implements OrderRepository {
  constructor(private readonly store: SqliteStore) {}

  add(order: PlacedOrder, fecha: string, fechaCreacion: string): Promise<number> {
    return this.store.write(async (m) => {
      // TypeORM's sqlite driver resolves an INSERT with the new rowid (one round trip fewer on the writer).
      const id = Number(
        await m.query(
          "INSERT INTO pedidos (cliente_id, fecha, pdf_generado, fecha_creacion, creado_por, notas, estado, dispositivo) VALUES (?, ?, ?, ?, ?, ?, 'pendiente', 'web')",
          [order.clientId, fecha, order.pdfGenerado ? 1 : 0, fechaCreacion, order.createdBy, order.notes],
        ),
      );
      // One multi-row INSERT for all lines (≤ 200 by the domain rule, well under SQLite's limits).
      const values = order.lines.map(() => '(?, ?, ?, ?, ?)').join(', ');
      await m.query(
        `INSERT INTO detalles_pedido (pedido_id, producto_id, cantidad, tipo, precio_unitario) VALUES ${values}`,
        order.lines.flatMap((l) => [id, l.productId, l.quantity, l.tipo, l.unitPrice]),
      );
      return id;
    });
  }

  async find(id: number): Promise<OrderHeader | null> {
    const [row] = await this.store.query<{ id: number; cliente_id: number | null; creado_por: string | null; estado: string | null; repartidor: string | null; notas: string | null; fecha: string | null; pdf_generado: number | null }>(
      'SELECT id, cliente_id, creado_por, estado, repartidor, notas, fecha, pdf_generado FROM pedidos WHERE id = ?',
      [id],
    );
    if (!row) return null;
    return { id: row.id, clienteId: row.cliente_id, creadoPor: row.creado_por, estado: row.estado, repartidor: row.repartidor, notas: row.notas, fecha: row.fecha, pdfGenerado: Number(row.pdf_generado ?? 0) };
  }

  async existing(ids: readonly number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    return (await this.store.query<{ id: number }>(`SELECT id FROM pedidos WHERE id IN (${placeholders(ids.length)})`, [...ids])).map((r) => r.id);
  }

  async update(id: number, c: { estado?: string; repartidor?: string; fechaEntrega?: string; notas?: string | null; clienteId?: number; editor?: string; editedAt?: string }): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [];
    const set = (column: string, value: unknown) => (sets.push(`${column} = ?`), params.push(value));
    if (c.estado !== undefined) set('estado', c.estado);
    if (c.repartidor !== undefined) set('repartidor', c.repartidor);
    if (c.fechaEntrega !== undefined) set('fecha_entrega', c.fechaEntrega);
    if (c.notas !== undefined) set('notas', c.notas);
    if (c.clienteId !== undefined) set('cliente_id', c.clienteId);
    if (c.editor !== undefined) set('ultimo_editor', c.editor);
    if (c.editedAt !== undefined) set('fecha_ultima_edicion', c.editedAt);
    if (sets.length === 0) return;
    await exec(this.store, `UPDATE pedidos SET ${sets.join(', ')} WHERE id = ?`, [...params, id]);
  }

  async addHistory(id: number, e: { accion: string; usuario: string; fecha: string; detalles: string | null }): Promise<void> {
    await exec(this.store, 'INSERT INTO historial_pedidos (pedido_id, accion, usuario, fecha, detalles) VALUES (?, ?, ?, ?, ?)', [id, e.accion, e.usuario, e.fecha, e.detalles]);
  }

  async findLine(orderId: number, productId: number): Promise<{ cantidad: number; tipo: string } | null> {
    const [row] = await this.store.query<{ cantidad: number; tipo: string | null }>(
      'SELECT cantidad, tipo FROM detalles_pedido WHERE pedido_id = ? AND producto_id = ? ORDER BY id LIMIT 1',
      [orderId, productId],
    );
    return row ? { cantidad: Number(row.cantidad ?? 0), tipo: row.tipo ?? 'unidad' } : null;
  }

  async addLine(orderId: number, l: { productId: number; quantity: number; tipo: string; unitPrice: number }): Promise<void> {
    await exec(this.store, 'INSERT INTO detalles_pedido (pedido_id, producto_id, cantidad, tipo, precio_unitario) VALUES (?, ?, ?, ?, ?)', [orderId, l.productId, l.quantity, l.tipo, l.unitPrice]);
  }

  async updateLine(orderId: number, productId: number, quantity: number, tipo: string): Promise<void> {
    await exec(this.store, 'UPDATE detalles_pedido SET cantidad = ?, tipo = ? WHERE pedido_id = ? AND producto_id = ?', [quantity, tipo, orderId, productId]);
  }

  async removeLine(orderId: number, productId: number): Promise<void> {
    await exec(this.store, 'DELETE FROM detalles_pedido WHERE pedido_id = ? AND producto_id = ?', [orderId, productId]);
  }

  async remove(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    const list = placeholders(ids.length);
    await this.store.write(async (m) => {
      await m.query(`DELETE FROM historial_pedidos WHERE pedido_id IN (${list})`, [...ids]);
      await m.query(`DELETE FROM detalles_pedido WHERE pedido_id IN (${list})`, [...ids]);
      await m.query(`DELETE FROM pedidos WHERE id IN (${list})`, [...ids]);
    });
  }
}

export class SqlIdempotencyStore implements IdempotencyStore {
  constructor(private readonly store: SqliteStore) {}

  async find(username: string, key: string): Promise<unknown | null> {
    const [row] = await this.store.query<{ response_json: string }>('SELECT response_json FROM idempotency_keys WHERE username = ? AND idem_key = ?', [username, key]);
    return row ? (JSON.parse(row.response_json) as unknown) : null;
  }

  async save(username: string, key: string, response: unknown, createdAt: string): Promise<void> {
    await exec(this.store, 'INSERT INTO idempotency_keys (username, idem_key, response_json, created_at) VALUES (?, ?, ?, ?)', [username, key, JSON.stringify(response), createdAt]);
  }

  async purge(before: string): Promise<number> {
    return this.store.write(async (m) => {
      await m.query('DELETE FROM idempotency_keys WHERE created_at < ?', [before]);
      return Number(((await m.query('SELECT changes() AS n')) as { n: number }[])[0]!.n);
    });
  }
}
