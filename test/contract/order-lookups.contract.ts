import { expect } from 'chai';
import type { ClientLookup, PriceLookup } from '../../src/application/ordering/ordering.ports';

export interface LookupSubject {
  readonly clients: ClientLookup;
  readonly prices: PriceLookup;
  /** A client (id, name) and a product (id, price) that exist. */
  readonly client: { id: number; name: string };
  readonly product: { id: number; price: number };
  close(): Promise<void>;
}

/** What an order looks up about its client and products: the fake and the SQL repositories agree. */
export function orderLookupsContract(name: string, make: () => Promise<LookupSubject>): void {
  describe(`ClientLookup and PriceLookup contract: ${name}`, () => {
    let s: LookupSubject;
    beforeEach(async () => (s = await make()));
    afterEach(async () => s.close());

    it('names an existing client and answers null and false for a missing one', async () => {
      expect(await s.clients.clientName(s.client.id)).to.equal(s.client.name);
      expect(await s.clients.clientExists(s.client.id)).to.equal(true);
      expect(await s.clients.clientName(987654)).to.equal(null);
      expect(await s.clients.clientExists(987654)).to.equal(false);
    });

    it('prices only the products that exist, at their current price; no ids, no prices', async () => {
      expect([...(await s.prices.prices([s.product.id, 987654]))]).to.deep.equal([[s.product.id, s.product.price]]);
      expect((await s.prices.prices([])).size).to.equal(0);
    });
  });
}
