import type { Tag, TagRepository } from '../../../application/tags/tags.ports';
import type { SqlStore } from '../sql-store';
import { exec, insertReturningId, rowExists } from '../sql-helpers';

const COLUMNS =
  "t.id, t.nombre AS name, COALESCE(t.color, '#6366f1') AS color, COALESCE(t.icono, '🏷️') AS icon, COALESCE(t.tipo, 'tipo') AS kind";

export class SqlTagRepository implements TagRepository {
  constructor(private readonly store: SqlStore) {}

  list(): Promise<Tag[]> {
    return this.store.query<Tag>(`SELECT ${COLUMNS} FROM tags t ORDER BY t.nombre, t.id`);
  }

  async get(id: number): Promise<Tag | null> {
    return (await this.store.query<Tag>(`SELECT ${COLUMNS} FROM tags t WHERE t.id = ?`, [id]))[0] ?? null;
  }

  async idByName(nombre: string): Promise<number | null> {
    return (await this.store.query<{ id: number }>('SELECT id FROM tags WHERE nombre = ? LIMIT 1', [nombre]))[0]?.id ?? null;
  }

  create(nombre: string): Promise<number> {
    return insertReturningId(this.store, 'INSERT INTO tags (nombre) VALUES (?)', [nombre]);
  }

  async remove(id: number): Promise<void> {
    await this.store.write(async (m) => {
      await m.query('DELETE FROM productos_tags WHERE tag_id = ?', [id]);
      await m.query('DELETE FROM tags WHERE id = ?', [id]);
    });
  }

  productExists(productId: number): Promise<boolean> {
    return rowExists(this.store, 'productos', productId);
  }

  async isLinked(productId: number, tagId: number): Promise<boolean> {
    return (await this.store.query('SELECT 1 FROM productos_tags WHERE producto_id = ? AND tag_id = ?', [productId, tagId])).length > 0;
  }

  async link(productId: number, tagId: number): Promise<void> {
    await exec(this.store, 'INSERT INTO productos_tags (producto_id, tag_id) VALUES (?, ?)', [productId, tagId]);
  }

  async unlink(productId: number, tagId: number): Promise<void> {
    await exec(this.store, 'DELETE FROM productos_tags WHERE producto_id = ? AND tag_id = ?', [productId, tagId]);
  }

  async productsWithTags(): Promise<{ id: number; name: string; tags: Tag[] }[]> {
    const rows = await this.store.query<Tag & { productId: number; productName: string }>(
      `SELECT p.id AS "productId", p.nombre AS "productName", ${COLUMNS} FROM productos_tags pt JOIN productos p ON p.id = pt.producto_id JOIN tags t ON t.id = pt.tag_id ORDER BY p.nombre, p.id, t.nombre, t.id`,
    );
    const out: { id: number; name: string; tags: Tag[] }[] = [];
    for (const { productId, productName, ...tag } of rows) {
      if (out.at(-1)?.id !== productId) out.push({ id: productId, name: productName, tags: [] });
      out.at(-1)!.tags.push(tag);
    }
    return out;
  }
}
