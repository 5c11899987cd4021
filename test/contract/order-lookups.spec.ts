import { forEachEngine } from '../support/engines';
import { orderLookupsContract } from './order-lookups.contract';
import { InMemoryShop } from '../fakes/in-memory-ordering';
import { SqlClientRepository } from '../../src/infrastructure/persistence/clients/sql-client.repository';
import { SqlProductRepository } from '../../src/infrastructure/persistence/catalog/sql-catalog.repository';

orderLookupsContract('in-memory fake', async () => {
  const shop = new InMemoryShop();
  return {
    clients: shop,
    prices: shop,
    client: { id: 1, name: 'Carnicería Don José' },
    product: { id: 2, price: 180.5 },
    close: async () => undefined,
  };
});

forEachEngine((engine, open) =>
  orderLookupsContract(`SQL repositories on ${engine}`, async () => {
    const { store, close } = await open();
    await store.write(async (m) => {
      await m.query("INSERT INTO clientes (id, nombre) VALUES (7, 'Carnicería Don José')");
      await m.query("INSERT INTO productos (id, nombre, precio) VALUES (12, 'Chorizo', 180.5)");
    });
    return {
      clients: new SqlClientRepository(store),
      prices: new SqlProductRepository(store),
      client: { id: 7, name: 'Carnicería Don José' },
      product: { id: 12, price: 180.5 },
      close,
    };
  }),
);
