import { expect } from 'chai';
import type { PriceListRepository } from '../../src/application/price-lists/price-lists.ports';

export interface PriceListSubject {
  readonly repo: PriceListRepository;
  /** Two products: id, name, current price. */
  readonly products: readonly [{ id: number; name: string; price: number }, { id: number; name: string; price: number }];
  close(): Promise<void>;
}

/** Price lists and their special prices: the in-memory fake keeps the SQL adapter's promises. */
export function priceListContract(name: string, make: () => Promise<PriceListSubject>): void {
  describe(`PriceListRepository contract: ${name}`, () => {
    let s: PriceListSubject;
    beforeEach(async () => (s = await make()));
    afterEach(async () => s.close());

    it('a list is created active with its creation date, found by name in any case, updated and listed by name', async () => {
      const b = await s.repo.create({ name: 'Mayorista', description: '', multiplier: 0.9 }, '2026-12-01T12:00:00');
      const a = await s.repo.create({ name: 'Almacenes', description: 'x', multiplier: 1 }, '2026-12-01T12:00:00');
      expect(await s.repo.get(b)).to.deep.equal({
        id: b,
        name: 'Mayorista',
        description: '',
        multiplier: 0.9,
        active: true,
        createdAt: '2026-12-01T12:00:00',
        productCount: 0,
        clientCount: 0,
      });
      expect(await s.repo.idByName('mayorista')).to.equal(b);
      await s.repo.update(b, { name: 'Mayorista 2', description: 'y', multiplier: 0.8 }, '2026-12-02T12:00:00');
      expect(await s.repo.get(b)).to.deep.include({
        name: 'Mayorista 2',
        description: 'y',
        multiplier: 0.8,
        createdAt: '2026-12-01T12:00:00',
      });
      expect((await s.repo.list()).map((l) => l.id)).to.deep.equal([a, b]);
      expect(await s.repo.get(b + 1000)).to.equal(null);
    });

    it('special prices: set (and set again), listed with the product by name, removed once; the list goes with its prices', async () => {
      const [p1, p2] = s.products;
      const id = await s.repo.create({ name: 'L', description: '', multiplier: 1 }, '2026-12-01T12:00:00');
      expect(await s.repo.productExists(p1.id)).to.equal(true);
      expect(await s.repo.productExists(987654)).to.equal(false);
      await s.repo.setSpecialPrice(id, p2.id, 100);
      await s.repo.setSpecialPrice(id, p2.id, 150);
      await s.repo.setSpecialPrice(id, p1.id, 400);
      expect(await s.repo.specialPrices(id)).to.deep.equal([
        { productId: p1.id, productName: p1.name, specialPrice: 400, basePrice: p1.price },
        { productId: p2.id, productName: p2.name, specialPrice: 150, basePrice: p2.price },
      ]);
      expect((await s.repo.get(id))?.productCount).to.equal(2);
      expect(await s.repo.removeSpecialPrice(id, p1.id)).to.equal(true);
      expect(await s.repo.removeSpecialPrice(id, p1.id)).to.equal(false);
      await s.repo.remove(id);
      expect(await s.repo.get(id)).to.equal(null);
      expect(await s.repo.specialPrices(id)).to.deep.equal([]);
    });
  });
}
