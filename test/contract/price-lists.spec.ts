import * as path from 'node:path';
import { priceListContract } from './price-lists.contract';
import { InMemoryPriceLists } from '../fakes/in-memory-price-lists';
import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { SqlPriceListRepository } from '../../src/infrastructure/persistence/price-lists/sql-price-list.repository';
import { migrateFile } from '../support/migrate';
import { tempDir } from '../support/temp';

priceListContract('in-memory fake', async () => ({
  repo: new InMemoryPriceLists(),
  products: [
    { id: 1, name: 'Asado', price: 420 },
    { id: 2, name: 'Chorizo', price: 180.5 },
  ],
  close: async () => undefined,
}));

priceListContract('SQL adapter on a real SQLite file', async () => {
  const file = path.join(tempDir(), 'lists.db');
  await migrateFile(file);
  const store = await SqliteStore.open(file);
  await store.write((m) => m.query("INSERT INTO productos (id, nombre, precio) VALUES (11, 'Asado', 420), (12, 'Chorizo', 180.5)"));
  return {
    repo: new SqlPriceListRepository(store),
    products: [
      { id: 11, name: 'Asado', price: 420 },
      { id: 12, name: 'Chorizo', price: 180.5 },
    ],
    close: () => store.close(),
  };
});
