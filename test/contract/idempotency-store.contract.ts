import { expect } from 'chai';
import type { IdempotencyStore, OrderReceipt } from '../../src/application/ordering/ordering.ports';

const receipt = (id: number): OrderReceipt => ({
  id,
  clientId: 1,
  clientName: 'Carnicería Don José',
  placedAt: '2026-12-01T15:30:00.000000',
  createdAtDisplay: '01/12/2026 12:30:00',
  notes: null,
  createdBy: 'vendedor1',
  pdfGenerated: false,
  total: 1020.5,
});

/** Order receipts kept per user and key: the fake and the SQL adapter keep the same promises. */
export function idempotencyStoreContract(name: string, make: () => Promise<{ store: IdempotencyStore; close(): Promise<void> }>): void {
  describe(`IdempotencyStore contract: ${name}`, () => {
    let s: { store: IdempotencyStore; close(): Promise<void> };
    beforeEach(async () => (s = await make()));
    afterEach(async () => s.close());

    it('a saved receipt is found again, exactly, for that user and key only', async () => {
      await s.store.save('vendedor1', 'k', receipt(1), '2026-12-01T15:30:00Z');
      expect(await s.store.find('vendedor1', 'k')).to.deep.equal(receipt(1));
      expect(await s.store.find('oficina1', 'k')).to.equal(null);
      expect(await s.store.find('vendedor1', 'other')).to.equal(null);
    });

    it('a second receipt for the same user and key is refused (the first one stands)', async () => {
      await s.store.save('vendedor1', 'k', receipt(1), '2026-12-01T15:30:00Z');
      let refused = false;
      await s.store.save('vendedor1', 'k', receipt(2), '2026-12-01T15:31:00Z').catch(() => (refused = true));
      expect(refused).to.equal(true);
      expect((await s.store.find('vendedor1', 'k'))?.id).to.equal(1);
    });

    it('purge forgets the keys created before the limit and says how many', async () => {
      await s.store.save('a', 'old', receipt(1), '2026-11-28T00:00:00Z');
      await s.store.save('a', 'new', receipt(2), '2026-12-01T00:00:00Z');
      expect(await s.store.purge('2026-11-30T00:00:00Z')).to.equal(1);
      expect(await s.store.find('a', 'old')).to.equal(null);
      expect((await s.store.find('a', 'new'))?.id).to.equal(2);
    });
  });
}
