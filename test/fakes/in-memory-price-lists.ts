import { byName } from './order';
import type { PriceList, PriceListFields, PriceListRepository, SpecialPrice } from '../../src/application/price-lists/price-lists.ports';

/** Price lists and special prices over a fixed catalog (id → name, price); clients assigned per list. */
export class InMemoryPriceLists implements PriceListRepository {
  private rows = new Map<number, PriceListFields & { createdAt: string }>();
  private prices = new Map<string, number>();
  readonly clientsOf = new Map<number, number>();
  private nextId = 1;
  constructor(
    readonly products = new Map<number, { name: string; price: number }>([
      [1, { name: 'Asado', price: 420 }],
      [2, { name: 'Chorizo', price: 180.5 }],
    ]),
  ) {}

  private view(id: number): PriceList | null {
    const r = this.rows.get(id);
    if (!r) return null;
    const productCount = [...this.prices.keys()].filter((k) => k.startsWith(`${id}:`)).length;
    return {
      id,
      name: r.name,
      description: r.description,
      multiplier: r.multiplier,
      active: true,
      createdAt: r.createdAt,
      productCount,
      clientCount: this.clientsOf.get(id) ?? 0,
    };
  }
  async list(): Promise<PriceList[]> {
    return [...this.rows.keys()].map((id) => this.view(id)!).sort(byName((x) => x.name));
  }
  async get(id: number): Promise<PriceList | null> {
    return this.view(id);
  }
  async specialPrices(listId: number): Promise<SpecialPrice[]> {
    return [...this.prices]
      .filter(([k]) => k.startsWith(`${listId}:`))
      .map(([k, specialPrice]) => {
        const productId = Number(k.split(':')[1]);
        const p = this.products.get(productId)!;
        return { productId, productName: p.name, specialPrice, basePrice: p.price };
      })
      .sort((a, b) => (a.productName < b.productName ? -1 : a.productName > b.productName ? 1 : a.productId - b.productId));
  }
  async idByName(nombre: string): Promise<number | null> {
    return [...this.rows].find(([, r]) => r.name.toLowerCase() === nombre.toLowerCase())?.[0] ?? null;
  }
  async create(fields: PriceListFields, at: string): Promise<number> {
    const id = this.nextId++;
    this.rows.set(id, { ...fields, createdAt: at });
    return id;
  }
  async update(id: number, fields: PriceListFields): Promise<void> {
    const r = this.rows.get(id);
    if (r) this.rows.set(id, { ...fields, createdAt: r.createdAt });
  }
  async remove(id: number): Promise<void> {
    this.rows.delete(id);
    this.clientsOf.delete(id);
    for (const k of [...this.prices.keys()]) if (k.startsWith(`${id}:`)) this.prices.delete(k);
  }
  async productExists(productId: number): Promise<boolean> {
    return this.products.has(productId);
  }
  async setSpecialPrice(listId: number, productId: number, precio: number): Promise<void> {
    this.prices.set(`${listId}:${productId}`, precio);
  }
  async removeSpecialPrice(listId: number, productId: number): Promise<boolean> {
    return this.prices.delete(`${listId}:${productId}`);
  }
}
