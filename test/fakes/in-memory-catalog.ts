import type {
  CategoryData,
  CategoryRepository,
  Category,
  Product,
  ProductData,
  ProductExportRow,
  ProductListQuery,
  ProductRepository,
} from '../../src/application/catalog/catalog.ports';
import { byName } from './order';

/** Products in memory, with the references the SQL adapter counts (order lines; price lists and templates). */
export class InMemoryProducts implements ProductRepository {
  private rows = new Map<number, Product>();
  private nextId = 1;
  readonly orderLines = new Map<number, number>();
  readonly otherRefs = new Map<number, number>();

  async list(q: ProductListQuery): Promise<Product[]> {
    const needle = q.q?.toLowerCase() ?? null;
    const all = [...this.rows.values()].filter((p) => needle === null || p.name.toLowerCase().includes(needle)).sort(byName((p) => p.name));
    const page = q.limit === null ? all : all.slice(q.offset, q.offset + q.limit);
    return page.map((p) => (q.lite ? { ...p, imageUrl: null } : p));
  }
  async get(id: number): Promise<Product | null> {
    return this.rows.get(id) ?? null;
  }
  async images(ids: readonly number[]): Promise<Map<number, string>> {
    return new Map(ids.flatMap((id) => (this.rows.get(id)?.imageUrl ? [[id, this.rows.get(id)!.imageUrl!] as const] : [])));
  }
  async prices(ids: readonly number[]): Promise<Map<number, number>> {
    return new Map(ids.flatMap((id) => (this.rows.has(id) ? [[id, this.rows.get(id)!.price] as const] : [])));
  }
  async existsWithName(nombre: string): Promise<boolean> {
    return [...this.rows.values()].some((p) => p.name === nombre);
  }
  private product(id: number, d: ProductData): Product {
    return {
      id,
      name: d.name,
      price: d.price,
      categoryId: d.categoryId,
      stock: d.stock,
      minStock: d.minStock,
      stockUnit: d.stockUnit,
      imageUrl: d.imageUrl,
    };
  }
  async create(d: ProductData): Promise<number> {
    const id = this.nextId++;
    this.rows.set(id, this.product(id, d));
    return id;
  }
  async update(id: number, d: ProductData): Promise<void> {
    if (this.rows.has(id)) this.rows.set(id, this.product(id, d));
  }
  async setStock(id: number, stock: number, stockTipo: string | null): Promise<void> {
    const p = this.rows.get(id);
    if (p) this.rows.set(id, { ...p, stock, stockUnit: stockTipo ?? p.stockUnit });
  }
  async remove(id: number): Promise<void> {
    this.rows.delete(id);
  }
  async references(id: number): Promise<{ orderLines: number; other: number }> {
    return { orderLines: this.orderLines.get(id) ?? 0, other: this.otherRefs.get(id) ?? 0 };
  }
  async *exportRows(): AsyncIterable<ProductExportRow> {
    for (const p of [...this.rows.values()].sort(byName((x) => x.name))) {
      yield {
        id: p.id,
        name: p.name,
        price: p.price,
        imageUrl: p.imageUrl,
        stock: p.stock,
        stockUnit: p.stockUnit,
        minStock: p.minStock,
        category: null,
      };
    }
  }
}

export class InMemoryCategories implements CategoryRepository {
  private rows = new Map<number, Category>();
  private nextId = 1;
  readonly productsIn = new Map<number, number>();
  async list(includeInactive: boolean): Promise<Category[]> {
    return [...this.rows.values()]
      .filter((c) => includeInactive || c.active === 1)
      .sort((a, b) => a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  async get(id: number): Promise<Category | null> {
    return this.rows.get(id) ?? null;
  }
  async findByNameInsensitive(nombre: string, exceptId?: number): Promise<Category | null> {
    return [...this.rows.values()].find((c) => c.name.toLowerCase() === nombre.toLowerCase() && c.id !== (exceptId ?? -1)) ?? null;
  }
  async create(d: CategoryData): Promise<number> {
    const id = this.nextId++;
    this.rows.set(id, { id, ...d, active: 1 });
    return id;
  }
  async update(id: number, d: CategoryData): Promise<void> {
    if (this.rows.has(id)) this.rows.set(id, { id, ...d, active: 1 });
  }
  async deactivate(id: number): Promise<void> {
    const c = this.rows.get(id);
    if (c) this.rows.set(id, { ...c, active: 0 });
  }
  async remove(id: number): Promise<void> {
    this.rows.delete(id);
  }
  async countProducts(id: number): Promise<number> {
    return this.productsIn.get(id) ?? 0;
  }
}
