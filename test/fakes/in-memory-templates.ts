import { byName } from './order';
import type { Template, TemplateFields, TemplateLine, TemplateRepository } from '../../src/application/templates/templates.ports';

/** Templates in memory, over a fixed set of clients and products (as the foreign keys would allow). */
export class InMemoryTemplates implements TemplateRepository {
  private rows = new Map<number, { fields: TemplateFields; lines: TemplateLine[]; lastRun: string | null }>();
  private nextId = 1;

  constructor(
    readonly clients = new Map<number, string>([[1, 'Carnicería Don José']]),
    readonly products = new Map<number, string>([
      [1, 'Asado'],
      [2, 'Chorizo'],
    ]),
  ) {}

  private view(id: number, withLines: boolean): Template | null {
    const r = this.rows.get(id);
    if (!r) return null;
    return {
      id,
      name: r.fields.name,
      clientId: r.fields.clientId,
      clientName: r.fields.clientId === null ? null : (this.clients.get(r.fields.clientId) ?? null),
      frequency: r.fields.frequency,
      productCount: r.lines.length,
      lastRun: r.lastRun,
      lines: withLines ? r.lines.map((l) => ({ ...l, productName: this.products.get(l.productId)! })) : null,
    };
  }

  async list(): Promise<Template[]> {
    return [...this.rows.keys()].map((id) => this.view(id, false)!).sort(byName((x) => x.name));
  }
  async get(id: number): Promise<Template | null> {
    return this.view(id, true);
  }
  async lines(id: number): Promise<TemplateLine[]> {
    return [...(this.rows.get(id)?.lines ?? [])];
  }
  async create(fields: TemplateFields, lines: readonly TemplateLine[]): Promise<number> {
    const id = this.nextId++;
    this.rows.set(id, { fields, lines: [...lines], lastRun: null });
    return id;
  }
  async update(id: number, fields: TemplateFields, lines: readonly TemplateLine[] | null): Promise<void> {
    const r = this.rows.get(id);
    if (r) this.rows.set(id, { ...r, fields, lines: lines === null ? r.lines : [...lines] });
  }
  async remove(id: number): Promise<void> {
    this.rows.delete(id);
  }
  async markRun(id: number, at: string): Promise<void> {
    const r = this.rows.get(id);
    if (r) r.lastRun = at;
  }
  async clientExists(id: number): Promise<boolean> {
    return this.clients.has(id);
  }
  async existingProducts(ids: readonly number[]): Promise<number[]> {
    return ids.filter((id) => this.products.has(id));
  }
}
