import type {
  CategoryData,
  CategoryRepository,
  Category,
  ProductData,
  ProductExportRow,
  ProductListQuery,
  ProductRepository,
  Product,
} from '../../../application/catalog/catalog.ports';
import type { SqlStore } from '../sql-store';
import { exec, insertReturningId, keysetPages, placeholders } from '../sql-helpers';

/** productos as a Product (quoted aliases: portable, case kept). */
const PRODUCT_COLUMNS =
  'id, nombre AS name, precio AS price, categoria_id AS "categoryId", stock, stock_minimo AS "minStock", stock_tipo AS "stockUnit"';

export class SqlProductRepository implements ProductRepository {
  constructor(private readonly store: SqlStore) {}

  list(q: ProductListQuery): Promise<Product[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.q) {
      // Case-insensitive substring; % and _ are matched literally.
      where.push("lower(nombre) LIKE ? ESCAPE '\\'");
      params.push(`%${q.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    const image = q.lite ? 'NULL AS "imageUrl"' : 'imagen_url AS "imageUrl"';
    let sql = `SELECT ${PRODUCT_COLUMNS}, ${image} FROM productos${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY nombre, id`;
    if (q.limit !== null) {
      sql += ' LIMIT ? OFFSET ?';
      params.push(q.limit, q.offset);
    }
    return this.store.query<Product>(sql, params);
  }

  async get(id: number): Promise<Product | null> {
    return (
      (await this.store.query<Product>(`SELECT ${PRODUCT_COLUMNS}, imagen_url AS "imageUrl" FROM productos WHERE id = ?`, [id]))[0] ?? null
    );
  }

  async images(ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.store.query<{ id: number; imagen_url: string }>(
      `SELECT id, imagen_url FROM productos WHERE id IN (${placeholders(ids.length)}) AND imagen_url IS NOT NULL AND imagen_url <> ''`,
      [...ids],
    );
    return new Map(rows.map((r) => [r.id, r.imagen_url]));
  }

  async prices(ids: readonly number[]): Promise<Map<number, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.store.query<{ id: number; precio: number }>(
      `SELECT id, precio FROM productos WHERE id IN (${placeholders(ids.length)})`,
      [...ids],
    );
    return new Map(rows.map((r) => [r.id, Number(r.precio)]));
  }

  async existsWithName(nombre: string): Promise<boolean> {
    return (await this.store.query('SELECT 1 FROM productos WHERE nombre = ? LIMIT 1', [nombre])).length > 0;
  }

  create(d: ProductData): Promise<number> {
    return insertReturningId(
      this.store,
      'INSERT INTO productos (nombre, precio, categoria_id, imagen_url, stock, stock_minimo, stock_tipo) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [d.name, d.price, d.categoryId, d.imageUrl, d.stock, d.minStock, d.stockUnit],
    );
  }

  async update(id: number, d: ProductData): Promise<void> {
    await exec(
      this.store,
      'UPDATE productos SET nombre = ?, precio = ?, categoria_id = ?, imagen_url = ?, stock = ?, stock_minimo = ?, stock_tipo = ? WHERE id = ?',
      [d.name, d.price, d.categoryId, d.imageUrl, d.stock, d.minStock, d.stockUnit, id],
    );
  }

  async setStock(id: number, stock: number, stockTipo: string | null): Promise<void> {
    await exec(this.store, 'UPDATE productos SET stock = ?, stock_tipo = COALESCE(?, stock_tipo) WHERE id = ?', [stock, stockTipo, id]);
  }

  async remove(id: number): Promise<void> {
    await exec(this.store, 'DELETE FROM productos WHERE id = ?', [id]);
  }

  async references(id: number): Promise<{ orderLines: number; other: number }> {
    const [row] = await this.store.query<{ lines: number; other: number }>(
      'SELECT (SELECT count(*) FROM detalles_pedido WHERE producto_id = ?) AS lines, ' +
        '(SELECT count(*) FROM precios_lista WHERE producto_id = ?) + (SELECT count(*) FROM detalles_template WHERE producto_id = ?) + ' +
        '(SELECT count(*) FROM template_productos WHERE producto_id = ?) AS other',
      [id, id, id, id],
    );
    return { orderLines: Number(row!.lines), other: Number(row!.other) };
  }

  exportRows(): AsyncIterable<ProductExportRow> {
    return keysetPages<ProductExportRow & { sort_key: string }>(
      this.store,
      'SELECT * FROM (SELECT p.id, p.nombre AS sort_key, p.nombre AS name, p.precio AS price, p.imagen_url AS "imageUrl", p.stock, ' +
        'p.stock_tipo AS "stockUnit", p.stock_minimo AS "minStock", c.nombre AS category ' +
        'FROM productos p LEFT JOIN categorias c ON c.id = p.categoria_id) page WHERE 1 = 1{{after}}',
      [],
      { column: 'sort_key', direction: 'ASC' },
    );
  }
}

const CATEGORY_COLUMNS =
  'id, nombre AS name, descripcion AS description, COALESCE(color, \'#6366f1\') AS color, COALESCE(orden, 0) AS "order", COALESCE(activa, 1) AS active';

export class SqlCategoryRepository implements CategoryRepository {
  constructor(private readonly store: SqlStore) {}

  list(includeInactive: boolean): Promise<Category[]> {
    return this.store.query<Category>(
      `SELECT ${CATEGORY_COLUMNS} FROM categorias${includeInactive ? '' : ' WHERE activa = 1'} ORDER BY COALESCE(orden, 0), nombre`,
    );
  }

  async get(id: number): Promise<Category | null> {
    return (await this.store.query<Category>(`SELECT ${CATEGORY_COLUMNS} FROM categorias WHERE id = ?`, [id]))[0] ?? null;
  }

  async findByNameInsensitive(nombre: string, exceptId?: number): Promise<Category | null> {
    const rows = await this.store.query<Category>(`SELECT ${CATEGORY_COLUMNS} FROM categorias WHERE lower(nombre) = lower(?) AND id <> ?`, [
      nombre,
      exceptId ?? -1,
    ]);
    return rows[0] ?? null;
  }

  create(d: CategoryData, fechaCreacion: string): Promise<number> {
    return insertReturningId(
      this.store,
      'INSERT INTO categorias (nombre, descripcion, color, orden, activa, fecha_creacion) VALUES (?, ?, ?, ?, 1, ?)',
      [d.name, d.description, d.color, d.order, fechaCreacion],
    );
  }

  async update(id: number, d: CategoryData): Promise<void> {
    await exec(this.store, 'UPDATE categorias SET nombre = ?, descripcion = ?, color = ?, orden = ?, activa = 1 WHERE id = ?', [
      d.name,
      d.description,
      d.color,
      d.order,
      id,
    ]);
  }

  async deactivate(id: number): Promise<void> {
    await exec(this.store, 'UPDATE categorias SET activa = 0 WHERE id = ?', [id]);
  }

  async remove(id: number): Promise<void> {
    await exec(this.store, 'DELETE FROM categorias WHERE id = ?', [id]);
  }

  async countProducts(id: number): Promise<number> {
    return Number((await this.store.query<{ n: number }>('SELECT count(*) AS n FROM productos WHERE categoria_id = ?', [id]))[0]!.n);
  }
}
