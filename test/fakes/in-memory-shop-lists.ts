import { byName } from './order';
import type { Driver, DriverRepository } from '../../src/application/drivers/drivers.ports';
import type { Tag, TagRepository } from '../../src/application/tags/tags.ports';
import type { Client, ClientData, ClientRepository } from '../../src/application/clients/clients.ports';

export class InMemoryDrivers implements DriverRepository {
  private rows = new Map<number, Driver>();
  private nextId = 1;
  async list(includeInactive: boolean): Promise<Driver[]> {
    return [...this.rows.values()].filter((d) => includeInactive || d.active).sort(byName((d) => d.name));
  }
  async get(id: number): Promise<Driver | null> {
    return this.rows.get(id) ?? null;
  }
  async idByName(nombre: string): Promise<number | null> {
    return [...this.rows.values()].find((d) => d.name === nombre)?.id ?? null;
  }
  async create(d: { name: string; phone: string | null; color: string | null }): Promise<number> {
    const id = this.nextId++;
    this.rows.set(id, { id, ...d, active: true });
    return id;
  }
  async update(id: number, d: Driver): Promise<void> {
    if (this.rows.has(id)) this.rows.set(id, { ...d, id });
  }
}

/** Tags over a fixed set of products (id → name). */
export class InMemoryTags implements TagRepository {
  private rows = new Map<number, Tag>();
  private links: { productId: number; tagId: number }[] = [];
  private nextId = 1;
  constructor(
    readonly products = new Map<number, string>([
      [1, 'Asado'],
      [2, 'Chorizo'],
    ]),
  ) {}
  async list(): Promise<Tag[]> {
    return [...this.rows.values()].sort(byName((t) => t.name));
  }
  async get(id: number): Promise<Tag | null> {
    return this.rows.get(id) ?? null;
  }
  async idByName(nombre: string): Promise<number | null> {
    return [...this.rows.values()].find((t) => t.name === nombre)?.id ?? null;
  }
  async create(nombre: string): Promise<number> {
    const id = this.nextId++;
    // The schema's defaults for a tag created with a name only.
    this.rows.set(id, { id, name: nombre, color: '#6366f1', icon: '🏷️', kind: 'general' });
    return id;
  }
  async remove(id: number): Promise<void> {
    this.rows.delete(id);
    this.links = this.links.filter((l) => l.tagId !== id);
  }
  async productExists(productId: number): Promise<boolean> {
    return this.products.has(productId);
  }
  async isLinked(productId: number, tagId: number): Promise<boolean> {
    return this.links.some((l) => l.productId === productId && l.tagId === tagId);
  }
  async link(productId: number, tagId: number): Promise<void> {
    if (!(await this.isLinked(productId, tagId))) this.links.push({ productId, tagId });
  }
  async unlink(productId: number, tagId: number): Promise<void> {
    this.links = this.links.filter((l) => !(l.productId === productId && l.tagId === tagId));
  }
  async productsWithTags(): Promise<{ id: number; name: string; tags: Tag[] }[]> {
    const ids = [...new Set(this.links.map((l) => l.productId))];
    return ids
      .map((id) => ({
        id,
        name: this.products.get(id)!,
        tags: this.links
          .filter((l) => l.productId === id)
          .map((l) => this.rows.get(l.tagId)!)
          .sort(byName((t) => t.name)),
      }))
      .sort(byName((p) => p.name));
  }
}

/** Clients with the sellers they are assigned to (user id → username), and how many orders each has. */
export class InMemoryClients implements ClientRepository {
  private rows = new Map<number, ClientData>();
  private nextId = 1;
  readonly orders = new Map<number, number>();
  constructor(readonly sellers = new Map<number, string>()) {}
  private view(id: number, c: ClientData): Client {
    const sellerName = c.sellerId === null ? null : (this.sellers.get(c.sellerId) ?? null);
    return { id, ...c, sellerName };
  }
  async list(): Promise<Client[]> {
    return [...this.rows].map(([id, c]) => this.view(id, c)).sort(byName((c) => c.name));
  }
  async get(id: number): Promise<Client | null> {
    const c = this.rows.get(id);
    return c ? this.view(id, c) : null;
  }
  async existsWithName(nombre: string): Promise<boolean> {
    return [...this.rows.values()].some((c) => c.name === nombre);
  }
  async create(data: ClientData): Promise<number> {
    const id = this.nextId++;
    this.rows.set(id, data);
    return id;
  }
  async update(id: number, data: ClientData): Promise<void> {
    if (this.rows.has(id)) this.rows.set(id, data);
  }
  async remove(id: number): Promise<void> {
    this.rows.delete(id);
  }
  async countOrders(id: number): Promise<number> {
    return this.orders.get(id) ?? 0;
  }
  async *exportRows() {
    for (const c of await this.list()) yield { id: c.id, name: c.name, phone: c.phone, address: c.address, zone: c.zone };
  }
}
