import { forEachEngine } from '../support/engines';
import { offerRepositoryContract } from './offers.contract';
import { InMemoryOffers } from '../fakes/in-memory-offers';
import { SqlOfferRepository } from '../../src/infrastructure/persistence/offers/sql-offer.repository';

offerRepositoryContract('in-memory fake', async () => ({ repo: new InMemoryOffers(), products: [1, 2], close: async () => undefined }));

forEachEngine((engine, open) =>
  offerRepositoryContract(`SQL adapter on ${engine}`, async () => {
    const { store, close } = await open();
    await store.write((m) => m.query("INSERT INTO productos (id, nombre, precio) VALUES (11, 'Asado', 420), (12, 'Chorizo', 180.5)"));
    return { repo: new SqlOfferRepository(store), products: [11, 12], close };
  }),
);
