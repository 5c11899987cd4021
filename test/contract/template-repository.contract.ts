import { expect } from 'chai';
import type { TemplateRepository } from '../../src/application/templates/templates.ports';

export interface TemplateSubject {
  readonly repo: TemplateRepository;
  /** A client and two products that exist, with their names. */
  readonly client: { id: number; name: string };
  readonly products: readonly [{ id: number; name: string }, { id: number; name: string }];
  close(): Promise<void>;
}

/** The same promises of template storage, held by the in-memory fake and the SQL adapter. */
export function templateRepositoryContract(name: string, make: () => Promise<TemplateSubject>): void {
  describe(`TemplateRepository contract: ${name}`, () => {
    let s: TemplateSubject;
    beforeEach(async () => (s = await make()));
    afterEach(async () => s.close());

    it('creates a template with its lines; the list has no lines, the detail has them with product names', async () => {
      const [a, b] = s.products;
      const lines = [
        { productId: a.id, quantity: 2, tipo: 'kg' },
        { productId: b.id, quantity: 1, tipo: 'unidad' },
      ];
      const id = await s.repo.create({ name: 'Semanal', clientId: s.client.id, frequency: 'semanal' }, lines);
      const detail = await s.repo.get(id);
      expect(detail).to.deep.include({
        id,
        name: 'Semanal',
        clientId: s.client.id,
        clientName: s.client.name,
        frequency: 'semanal',
        productCount: 2,
        lastRun: null,
      });
      expect(detail!.lines).to.deep.equal([
        { ...lines[0], productName: a.name },
        { ...lines[1], productName: b.name },
      ]);
      expect(await s.repo.lines(id)).to.deep.equal(lines);
      const [listed] = (await s.repo.list()).filter((t) => t.id === id);
      expect(listed!.lines).to.equal(null);
      expect(await s.repo.get(id + 1000)).to.equal(null);
    });

    it('update replaces the lines only when given; markRun stamps the last run; remove deletes it', async () => {
      const [a, b] = s.products;
      const id = await s.repo.create({ name: 'T', clientId: null, frequency: null }, [{ productId: a.id, quantity: 1, tipo: 'kg' }]);
      await s.repo.update(id, { name: 'T2', clientId: s.client.id, frequency: null }, null);
      expect((await s.repo.lines(id)).map((l) => l.productId)).to.deep.equal([a.id]);
      await s.repo.update(id, { name: 'T2', clientId: null, frequency: null }, [{ productId: b.id, quantity: 3, tipo: 'unidad' }]);
      expect(await s.repo.lines(id)).to.deep.equal([{ productId: b.id, quantity: 3, tipo: 'unidad' }]);
      await s.repo.markRun(id, '01/12/2026 12:30:00');
      expect((await s.repo.get(id))?.lastRun).to.equal('01/12/2026 12:30:00');
      await s.repo.remove(id);
      expect(await s.repo.get(id)).to.equal(null);
    });

    it('knows which clients and products exist', async () => {
      expect(await s.repo.clientExists(s.client.id)).to.equal(true);
      expect(await s.repo.clientExists(987654)).to.equal(false);
      expect(await s.repo.existingProducts([s.products[0].id, 987654])).to.deep.equal([s.products[0].id]);
    });
  });
}
