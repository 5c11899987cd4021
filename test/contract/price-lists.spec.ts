import { forEachEngine } from '../support/engines';
import { priceListContract } from './price-lists.contract';
import { InMemoryPriceLists } from '../fakes/in-memory-price-lists';
import { SqlPriceListRepository } from '../../src/infrastructure/persistence/price-lists/sql-price-list.repository';

priceListContract('in-memory fake', async () => ({
  repo: new InMemoryPriceLists(),
  products: [
    { id: 1, name: 'Asado', price: 420 },
    { id: 2, name: 'Chorizo', price: 180.5 },
  ],
  close: async () => undefined,
}));

forEachEngine((engine, open) =>
  priceListContract(`SQL adapter on ${engine}`, async () => {
    const { store, close } = await open();
    await store.write((m) => m.query("INSERT INTO productos (id, nombre, precio) VALUES (11, 'Asado', 420), (12, 'Chorizo', 180.5)"));
    return {
      repo: new SqlPriceListRepository(store),
      products: [
        { id: 11, name: 'Asado', price: 420 },
        { id: 12, name: 'Chorizo', price: 180.5 },
      ],
      close,
    };
  }),
);
