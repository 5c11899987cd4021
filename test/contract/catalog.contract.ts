import { expect } from 'chai';
import type { CategoryRepository, ProductRepository } from '../../src/application/catalog/catalog.ports';

export interface CatalogSubject {
  readonly products: ProductRepository;
  readonly categories: CategoryRepository;
  close(): Promise<void>;
}

const data = {
  name: 'Asado',
  price: 420,
  categoryId: null,
  imageUrl: 'data:image/png;base64,AA',
  stock: 10,
  minStock: 2,
  stockUnit: 'kg',
};

/** Products and categories: the in-memory fakes keep the SQL adapters' promises. */
export function catalogContract(name: string, make: () => Promise<CatalogSubject>): void {
  describe(`ProductRepository and CategoryRepository contract: ${name}`, () => {
    let s: CatalogSubject;
    beforeEach(async () => (s = await make()));
    afterEach(async () => s.close());

    it('products: created, found, listed by name (case-insensitive search, pages, lite without images), priced, updated, stocked, removed', async () => {
      const a = await s.products.create(data);
      const b = await s.products.create({ ...data, name: 'Bondiola', price: 300, imageUrl: null });
      expect(await s.products.get(a)).to.deep.equal({
        id: a,
        name: 'Asado',
        price: 420,
        categoryId: null,
        stock: 10,
        minStock: 2,
        stockUnit: 'kg',
        imageUrl: data.imageUrl,
      });
      expect((await s.products.list({ q: 'BOND', limit: null, offset: 0, lite: false })).map((p) => p.id)).to.deep.equal([b]);
      expect((await s.products.list({ q: null, limit: 1, offset: 1, lite: false })).map((p) => p.id)).to.deep.equal([b]);
      expect((await s.products.list({ q: null, limit: null, offset: 0, lite: true }))[0]!.imageUrl).to.equal(null);
      expect([...(await s.products.prices([a, b, 987654]))]).to.deep.equal([
        [a, 420],
        [b, 300],
      ]);
      expect([...(await s.products.images([a, b]))]).to.deep.equal([[a, data.imageUrl]]);
      expect(await s.products.existsWithName('Asado')).to.equal(true);
      await s.products.update(a, { ...data, price: 450 });
      await s.products.setStock(a, 4, null);
      expect(await s.products.get(a)).to.deep.include({ price: 450, stock: 4, stockUnit: 'kg' });
      await s.products.setStock(a, 5, 'unidad');
      expect(await s.products.get(a)).to.deep.include({ stock: 5, stockUnit: 'unidad' });
      expect(await s.products.references(a)).to.deep.equal({ orderLines: 0, other: 0 });
      const exported: string[] = [];
      for await (const row of s.products.exportRows()) exported.push(row.name);
      expect(exported).to.deep.equal(['Asado', 'Bondiola']);
      await s.products.remove(b);
      expect(await s.products.get(b)).to.equal(null);
    });

    it('categories: created active, found by name in any case (ignoring one id), listed by order, deactivated, removed', async () => {
      const x = await s.categories.create({ name: 'Carnes', description: null, color: '#ff0000', order: 2 }, '2026-12-01T12:00:00-03:00');
      const y = await s.categories.create({ name: 'Achuras', description: 'd', color: '#00ff00', order: 1 }, '2026-12-01T12:00:00-03:00');
      expect(await s.categories.get(x)).to.deep.equal({
        id: x,
        name: 'Carnes',
        description: null,
        color: '#ff0000',
        order: 2,
        active: 1,
      });
      expect((await s.categories.findByNameInsensitive('carnes'))?.id).to.equal(x);
      expect(await s.categories.findByNameInsensitive('carnes', x)).to.equal(null);
      expect((await s.categories.list(false)).map((c) => c.id)).to.deep.equal([y, x]);
      await s.categories.deactivate(x);
      expect((await s.categories.list(false)).map((c) => c.id)).to.deep.equal([y]);
      expect((await s.categories.list(true)).map((c) => c.id)).to.deep.equal([y, x]);
      await s.categories.update(x, { name: 'Carnes rojas', description: null, color: '#ff0000', order: 2 });
      expect(await s.categories.get(x)).to.deep.include({ name: 'Carnes rojas', active: 1 });
      expect(await s.categories.countProducts(x)).to.equal(0);
      await s.categories.remove(y);
      expect(await s.categories.get(y)).to.equal(null);
    });
  });
}
