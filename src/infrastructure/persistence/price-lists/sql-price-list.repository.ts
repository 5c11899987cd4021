import type { PriceList, PriceListFields, PriceListRepository, SpecialPrice } from '../../../application/price-lists/price-lists.ports';
import type { SqlStore } from '../sql-store';
import { exec, insertReturningId, rowExists } from '../sql-helpers';

// Migration 013 gives every generation both created_at and fecha_creacion (§13.2.1): either may hold the date.
const SELECT =
  'SELECT l.id, l.nombre AS name, l.descripcion AS description, COALESCE(l.multiplicador, 1.0) AS multiplier, ' +
  'COALESCE(l.activa, 1) <> 0 AS active, COALESCE(l.created_at, l.fecha_creacion) AS "createdAt", ' +
  '(SELECT count(*) FROM precios_lista pl WHERE pl.lista_id = l.id) AS "productCount", ' +
  '(SELECT count(*) FROM clientes c WHERE c.lista_precio_id = l.id) AS "clientCount" ' +
  'FROM listas_precios l';

type Row = Omit<PriceList, 'active'> & { active: number | boolean };
const toList = (r: Row): PriceList => ({ ...r, active: Number(r.active) === 1 }); // 1 on SQLite, true on PostgreSQL

export class SqlPriceListRepository implements PriceListRepository {
  constructor(private readonly store: SqlStore) {}

  async list(): Promise<PriceList[]> {
    return (await this.store.query<Row>(`${SELECT} ORDER BY l.nombre, l.id`)).map(toList);
  }

  async get(id: number): Promise<PriceList | null> {
    const [row] = await this.store.query<Row>(`${SELECT} WHERE l.id = ?`, [id]);
    return row ? toList(row) : null;
  }

  specialPrices(listId: number): Promise<SpecialPrice[]> {
    return this.store.query<SpecialPrice>(
      'SELECT pl.producto_id AS "productId", p.nombre AS "productName", pl.precio_especial AS "specialPrice", p.precio AS "basePrice" ' +
        'FROM precios_lista pl JOIN productos p ON p.id = pl.producto_id WHERE pl.lista_id = ? ORDER BY p.nombre, p.id',
      [listId],
    );
  }

  async idByName(nombre: string): Promise<number | null> {
    return (
      (await this.store.query<{ id: number }>('SELECT id FROM listas_precios WHERE lower(nombre) = lower(?) LIMIT 1', [nombre]))[0]?.id ??
      null
    );
  }

  create(f: PriceListFields, at: string): Promise<number> {
    return insertReturningId(
      this.store,
      'INSERT INTO listas_precios (nombre, descripcion, multiplicador, activa, fecha_creacion, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?)',
      [f.name, f.description, f.multiplier, at, at, at],
    );
  }

  async update(id: number, f: PriceListFields, at: string): Promise<void> {
    await exec(this.store, 'UPDATE listas_precios SET nombre = ?, descripcion = ?, multiplicador = ?, updated_at = ? WHERE id = ?', [
      f.name,
      f.description,
      f.multiplier,
      at,
      id,
    ]);
  }

  async remove(id: number): Promise<void> {
    await this.store.write(async (m) => {
      await m.query('UPDATE clientes SET lista_precio_id = NULL WHERE lista_precio_id = ?', [id]);
      await m.query('DELETE FROM precios_lista WHERE lista_id = ?', [id]);
      await m.query('DELETE FROM listas_precios WHERE id = ?', [id]);
    });
  }

  productExists(productId: number): Promise<boolean> {
    return rowExists(this.store, 'productos', productId);
  }

  async setSpecialPrice(listId: number, productId: number, precio: number): Promise<void> {
    await exec(
      this.store,
      'INSERT INTO precios_lista (lista_id, producto_id, precio_especial) VALUES (?, ?, ?) ON CONFLICT(lista_id, producto_id) DO UPDATE SET precio_especial = excluded.precio_especial',
      [listId, productId, precio],
    );
  }

  removeSpecialPrice(listId: number, productId: number): Promise<boolean> {
    return this.store.write(async (m) => {
      const found = (await m.query('SELECT 1 FROM precios_lista WHERE lista_id = ? AND producto_id = ?', [listId, productId])) as unknown[];
      if (found.length === 0) return false;
      await m.query('DELETE FROM precios_lista WHERE lista_id = ? AND producto_id = ?', [listId, productId]);
      return true;
    });
  }
}
