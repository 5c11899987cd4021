import { Oferta, type OfertaData } from '../../src/domain/offers/offer';
import type { OfferRepository } from '../../src/application/offers/offers.ports';

/** Offers in memory over a fixed set of product ids; links kept by product id order, as the SQL adapter reads them. */
export class InMemoryOffers implements OfferRepository {
  private rows = new Map<number, OfertaData>();
  private nextId = 1;
  constructor(readonly products = new Set([1, 2, 3])) {}
  private offer(id: number, d: OfertaData): Oferta {
    return Oferta.restore(id, { ...d, productos: [...d.productos].sort((a, b) => a.producto_id - b.producto_id) });
  }
  async list(): Promise<Oferta[]> {
    return [...this.rows]
      .sort(([ia, a], [ib, b]) => (a.hasta < b.hasta ? 1 : a.hasta > b.hasta ? -1 : ib - ia))
      .map(([id, d]) => this.offer(id, d));
  }
  async get(id: number): Promise<Oferta | null> {
    const d = this.rows.get(id);
    return d ? this.offer(id, d) : null;
  }
  async existingProducts(ids: readonly number[]): Promise<number[]> {
    return ids.filter((id) => this.products.has(id));
  }
  async create(data: OfertaData): Promise<number> {
    const id = this.nextId++;
    this.rows.set(id, data);
    return id;
  }
  async update(id: number, data: OfertaData): Promise<void> {
    if (this.rows.has(id)) this.rows.set(id, data);
  }
  async remove(id: number): Promise<boolean> {
    return this.rows.delete(id);
  }
}
