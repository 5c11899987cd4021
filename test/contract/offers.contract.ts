import { expect } from 'chai';
import type { OfertaData } from '../../src/domain/offers/offer';
import type { OfferRepository } from '../../src/application/offers/offers.ports';

export const offerData = (productIds: readonly number[], over: Partial<OfertaData> = {}): OfertaData => ({
  titulo: '10% en asado',
  descripcion: null,
  desde: '2026-12-01',
  hasta: '2026-12-31',
  activa: true,
  tipo: 'porcentaje',
  descuentoPorcentaje: 10,
  reglas: null,
  compraCantidad: null,
  pagaCantidad: null,
  regaloProductoId: null,
  regaloCantidad: null,
  productos: productIds.map((id) => ({ producto_id: id, cantidad: 1 })),
  ...over,
});

/** Offers with their product links: the in-memory fake keeps the SQL adapter's promises. */
export function offerRepositoryContract(
  name: string,
  make: () => Promise<{ repo: OfferRepository; products: readonly [number, number]; close(): Promise<void> }>,
): void {
  describe(`OfferRepository contract: ${name}`, () => {
    let s: { repo: OfferRepository; products: readonly [number, number]; close(): Promise<void> };
    beforeEach(async () => (s = await make()));
    afterEach(async () => s.close());

    it('stores an offer with its products, lists by end date descending, replaces it whole and removes it once', async () => {
      const [p1, p2] = s.products;
      const a = await s.repo.create(offerData([p2, p1]));
      const b = await s.repo.create(offerData([p1], { titulo: 'Más tarde', hasta: '2027-01-15' }));
      const got = (await s.repo.get(a))!;
      expect(got.id).to.equal(a);
      expect(got.data).to.deep.include({
        titulo: '10% en asado',
        desde: '2026-12-01',
        hasta: '2026-12-31',
        activa: true,
        tipo: 'porcentaje',
        descuentoPorcentaje: 10,
      });
      expect(got.data.productos.map((p) => p.producto_id)).to.deep.equal([p1, p2].sort((x, y) => x - y));
      expect((await s.repo.list()).map((o) => o.id)).to.deep.equal([b, a]);
      await s.repo.update(a, offerData([p2], { activa: false, descuentoPorcentaje: 20 }));
      const updated = (await s.repo.get(a))!;
      expect([updated.data.activa, updated.data.descuentoPorcentaje, updated.data.productos.map((p) => p.producto_id)]).to.deep.equal([
        false,
        20,
        [p2],
      ]);
      expect(await s.repo.existingProducts([p1, 987654])).to.deep.equal([p1]);
      expect(await s.repo.remove(a)).to.equal(true);
      expect(await s.repo.remove(a)).to.equal(false);
      expect(await s.repo.get(a)).to.equal(null);
    });
  });
}
