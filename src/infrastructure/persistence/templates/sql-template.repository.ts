import type { TemplateFields, TemplateLine, TemplateRepository, Template } from '../../../application/templates/templates.ports';
import type { SqlStore } from '../sql-store';
import { exec, existingIds, insertReturningId, rowExists } from '../sql-helpers';

const SELECT =
  'SELECT t.id, t.nombre AS name, t.cliente_id AS "clientId", c.nombre AS "clientName", t.frecuencia AS frequency, ' +
  't.ultima_ejecucion AS "lastRun", (SELECT count(*) FROM template_productos tp WHERE tp.template_id = t.id) AS "productCount" ' +
  'FROM templates t LEFT JOIN clientes c ON c.id = t.cliente_id';

type Row = Omit<Template, 'lines'>;

export class SqlTemplateRepository implements TemplateRepository {
  constructor(private readonly store: SqlStore) {}

  async list(): Promise<Template[]> {
    return (await this.store.query<Row>(`${SELECT} ORDER BY t.nombre, t.id`)).map((r) => ({ ...r, lines: null }));
  }

  async get(id: number): Promise<Template | null> {
    const [row] = await this.store.query<Row>(`${SELECT} WHERE t.id = ?`, [id]);
    if (!row) return null;
    const lines = await this.store.query<TemplateLine & { productName: string }>(
      'SELECT tp.producto_id AS "productId", p.nombre AS "productName", tp.cantidad AS quantity, COALESCE(tp.tipo, \'unidad\') AS tipo ' +
        'FROM template_productos tp JOIN productos p ON p.id = tp.producto_id WHERE tp.template_id = ? ORDER BY tp.id',
      [id],
    );
    return { ...row, lines };
  }

  lines(id: number): Promise<TemplateLine[]> {
    return this.store.query<TemplateLine>(
      'SELECT producto_id AS "productId", cantidad AS quantity, COALESCE(tipo, \'unidad\') AS tipo FROM template_productos WHERE template_id = ? ORDER BY id',
      [id],
    );
  }

  create(f: TemplateFields, lines: readonly TemplateLine[]): Promise<number> {
    return this.store.write(async () => {
      const id = await insertReturningId(this.store, 'INSERT INTO templates (nombre, cliente_id, frecuencia) VALUES (?, ?, ?)', [
        f.name,
        f.clientId,
        f.frequency,
      ]);
      await this.insertLines(id, lines);
      return id;
    });
  }

  async update(id: number, f: TemplateFields, lines: readonly TemplateLine[] | null): Promise<void> {
    await this.store.write(async (m) => {
      await m.query('UPDATE templates SET nombre = ?, cliente_id = ?, frecuencia = ? WHERE id = ?', [f.name, f.clientId, f.frequency, id]);
      if (lines === null) return;
      await m.query('DELETE FROM template_productos WHERE template_id = ?', [id]);
      await this.insertLines(id, lines);
    });
  }

  async remove(id: number): Promise<void> {
    await this.store.write(async (m) => {
      await m.query('DELETE FROM template_productos WHERE template_id = ?', [id]);
      await m.query('DELETE FROM templates WHERE id = ?', [id]);
    });
  }

  async markRun(id: number, at: string): Promise<void> {
    await exec(this.store, 'UPDATE templates SET ultima_ejecucion = ? WHERE id = ?', [at, id]);
  }

  clientExists(id: number): Promise<boolean> {
    return rowExists(this.store, 'clientes', id);
  }

  existingProducts(ids: readonly number[]): Promise<number[]> {
    return existingIds(this.store, 'productos', ids);
  }

  private async insertLines(templateId: number, lines: readonly TemplateLine[]): Promise<void> {
    for (const l of lines) {
      await exec(this.store, 'INSERT INTO template_productos (template_id, producto_id, cantidad, tipo) VALUES (?, ?, ?, ?)', [
        templateId,
        l.productId,
        l.quantity,
        l.tipo,
      ]);
    }
  }
}
