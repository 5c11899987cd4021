import { expect } from 'chai';
import type { DriverRepository } from '../../src/application/drivers/drivers.ports';
import type { TagRepository } from '../../src/application/tags/tags.ports';
import type { ClientRepository } from '../../src/application/clients/clients.ports';

export interface ShopListsSubject {
  readonly drivers: DriverRepository;
  readonly tags: TagRepository;
  readonly clients: ClientRepository;
  /** Two products that exist (ids), a seller (user id, username). */
  readonly products: readonly [number, number];
  readonly seller: { id: number; username: string };
  close(): Promise<void>;
}

/** Drivers, tags and clients: the in-memory fakes keep the SQL adapters' promises. */
export function shopListsContract(name: string, make: () => Promise<ShopListsSubject>): void {
  describe(`DriverRepository, TagRepository and ClientRepository contract: ${name}`, () => {
    let s: ShopListsSubject;
    beforeEach(async () => (s = await make()));
    afterEach(async () => s.close());

    it('drivers: created active, listed by name, inactive ones only when asked, found by exact name', async () => {
      const b = await s.drivers.create({ name: 'Beto', phone: null, color: '#ff0000' });
      const a = await s.drivers.create({ name: 'Ana', phone: '099', color: null });
      expect(await s.drivers.get(b)).to.deep.equal({ id: b, name: 'Beto', phone: null, color: '#ff0000', active: true });
      await s.drivers.update(b, { id: b, name: 'Beto', phone: null, color: '#ff0000', active: false });
      expect((await s.drivers.list(false)).map((d) => d.id)).to.deep.equal([a]);
      expect((await s.drivers.list(true)).map((d) => d.id)).to.deep.equal([a, b]);
      expect(await s.drivers.idByName('Ana')).to.equal(a);
      expect(await s.drivers.idByName('ana')).to.equal(null);
      expect(await s.drivers.get(a + 1000)).to.equal(null);
    });

    it('tags: created with their defaults, linked to products once, removed with their links', async () => {
      const [p1, p2] = s.products;
      const t = await s.tags.create('Oferta');
      const u = await s.tags.create('Congelado');
      const tag = (await s.tags.get(t))!;
      expect(tag).to.include({ id: t, name: 'Oferta' });
      expect([typeof tag.color, typeof tag.icon, typeof tag.kind]).to.deep.equal(['string', 'string', 'string']);
      expect((await s.tags.list()).map((x) => x.name)).to.deep.equal(['Congelado', 'Oferta']);
      expect(await s.tags.idByName('Oferta')).to.equal(t);
      expect(await s.tags.productExists(p1)).to.equal(true);
      expect(await s.tags.productExists(987654)).to.equal(false);
      await s.tags.link(p1, t);
      await s.tags.link(p1, u);
      await s.tags.link(p2, t);
      expect(await s.tags.isLinked(p1, t)).to.equal(true);
      await s.tags.unlink(p2, t);
      expect(await s.tags.isLinked(p2, t)).to.equal(false);
      const withTags = await s.tags.productsWithTags();
      expect(withTags.map((p) => [p.id, p.tags.map((x) => x.name)])).to.deep.equal([[p1, ['Congelado', 'Oferta']]]);
      await s.tags.remove(t);
      expect(await s.tags.get(t)).to.equal(null);
      expect(await s.tags.isLinked(p1, t)).to.equal(false);
    });

    it('clients: created with their seller, listed by name, replaced whole, removed; no orders yet', async () => {
      const data = { name: 'Zapata', phone: '099', address: 'Av. Italia 1', zone: 'Centro', sellerId: s.seller.id };
      const z = await s.clients.create(data);
      const a = await s.clients.create({ ...data, name: 'Almacén Ana', sellerId: null });
      expect(await s.clients.get(z)).to.deep.equal({
        id: z,
        name: 'Zapata',
        phone: '099',
        address: 'Av. Italia 1',
        zone: 'Centro',
        sellerId: s.seller.id,
        sellerName: s.seller.username,
      });
      expect((await s.clients.list()).map((c) => c.id)).to.deep.equal([a, z]);
      expect(await s.clients.existsWithName('Zapata')).to.equal(true);
      await s.clients.update(z, { ...data, phone: null, sellerId: null });
      expect(await s.clients.get(z)).to.deep.include({ phone: null, sellerId: null, sellerName: null });
      expect(await s.clients.countOrders(z)).to.equal(0);
      const exported: number[] = [];
      for await (const row of s.clients.exportRows()) exported.push(row.id);
      expect(exported).to.deep.equal([a, z]);
      await s.clients.remove(a);
      expect(await s.clients.get(a)).to.equal(null);
    });
  });
}
