import * as path from 'node:path';
import { offerRepositoryContract } from './offers.contract';
import { InMemoryOffers } from '../fakes/in-memory-offers';
import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { SqlOfferRepository } from '../../src/infrastructure/persistence/offers/sql-offer.repository';
import { migrateFile } from '../support/migrate';
import { tempDir } from '../support/temp';

offerRepositoryContract('in-memory fake', async () => ({ repo: new InMemoryOffers(), products: [1, 2], close: async () => undefined }));

offerRepositoryContract('SQL adapter on a real SQLite file', async () => {
  const file = path.join(tempDir(), 'offers.db');
  await migrateFile(file);
  const store = await SqliteStore.open(file);
  await store.write((m) => m.query("INSERT INTO productos (id, nombre, precio) VALUES (11, 'Asado', 420), (12, 'Chorizo', 180.5)"));
  return { repo: new SqlOfferRepository(store), products: [11, 12], close: () => store.close() };
});
