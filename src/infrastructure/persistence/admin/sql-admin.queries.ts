import type { AdminQueries } from '../../../application/admin/admin.ports';
import type { SqlStore } from '../sql-store';
import { SqliteStore } from '../data-source';

const ACTIVE = "estado IS NULL OR estado NOT IN ('completado', 'entregado', 'cancelado')";

export class SqlAdminQueries implements AdminQueries {
  constructor(private readonly store: SqlStore) {}

  async systemInfo() {
    // PostgreSQL: its write-ahead log, and foreign keys always enforced.
    const pragma = this.store instanceof SqliteStore ? await this.store.pragma('journal_mode') : { reader: 'wal (postgresql)' };
    const fk = this.store instanceof SqliteStore ? await this.store.pragma('foreign_keys') : { reader: 1 };
    const tableCounts: Record<string, number | 'error'> = {};
    for (const table of ['usuarios', 'clientes', 'productos', 'pedidos', 'categorias']) {
      try {
        tableCounts[table] = Number((await this.store.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
      } catch {
        tableCounts[table] = 'error';
      }
    }
    return { journalMode: String(pragma.reader), foreignKeysEnabled: Number(fk.reader) === 1, tableCounts };
  }

  async productImpact(id: number) {
    const [p] = await this.store.query<{ nombre: string }>('SELECT nombre FROM productos WHERE id = ?', [id]);
    if (!p) return null;
    const [c] = await this.store.query<{ total: number; active: number }>(
      `SELECT count(DISTINCT d.pedido_id) AS total, count(DISTINCT CASE WHEN ${ACTIVE.replace(/estado/g, 'p.estado')} THEN d.pedido_id END) AS active ` +
        'FROM detalles_pedido d JOIN pedidos p ON p.id = d.pedido_id WHERE d.producto_id = ?',
      [id],
    );
    return { name: p.nombre, total: Number(c!.total), active: Number(c!.active) };
  }

  async clientImpact(id: number) {
    const [cl] = await this.store.query<{ nombre: string }>('SELECT nombre FROM clientes WHERE id = ?', [id]);
    if (!cl) return null;
    const [c] = await this.store.query<{ total: number; active: number }>(
      `SELECT count(*) AS total, sum(CASE WHEN ${ACTIVE} THEN 1 ELSE 0 END) AS active FROM pedidos WHERE cliente_id = ?`,
      [id],
    );
    return { name: cl.nombre, total: Number(c!.total), active: Number(c!.active ?? 0) };
  }

  async categoryImpact(id: number) {
    const [cat] = await this.store.query<{ nombre: string }>('SELECT nombre FROM categorias WHERE id = ?', [id]);
    if (!cat) return null;
    const [c] = await this.store.query<{ n: number }>('SELECT count(*) AS n FROM productos WHERE categoria_id = ?', [id]);
    return { name: cat.nombre, products: Number(c!.n) };
  }
}
