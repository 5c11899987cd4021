import { forEachEngine } from '../support/engines';
import { shopListsContract } from './shop-lists.contract';
import { InMemoryClients, InMemoryDrivers, InMemoryTags } from '../fakes/in-memory-shop-lists';
import { SqlDriverRepository } from '../../src/infrastructure/persistence/drivers/sql-driver.repository';
import { SqlTagRepository } from '../../src/infrastructure/persistence/tags/sql-tag.repository';
import { SqlClientRepository } from '../../src/infrastructure/persistence/clients/sql-client.repository';

shopListsContract('in-memory fakes', async () => ({
  drivers: new InMemoryDrivers(),
  tags: new InMemoryTags(),
  clients: new InMemoryClients(new Map([[5, 'vendedor1']])),
  products: [1, 2],
  seller: { id: 5, username: 'vendedor1' },
  close: async () => undefined,
}));

forEachEngine((engine, open) =>
  shopListsContract(`SQL adapters on ${engine}`, async () => {
    const { store, close } = await open();
    await store.write(async (m) => {
      await m.query("INSERT INTO productos (id, nombre, precio) VALUES (11, 'Asado', 100), (12, 'Chorizo', 55.5)");
      await m.query("INSERT INTO usuarios (id, username, password_hash, rol, activo) VALUES (5, 'vendedor1', 'x', 'vendedor', 1)");
    });
    return {
      drivers: new SqlDriverRepository(store),
      tags: new SqlTagRepository(store),
      clients: new SqlClientRepository(store),
      products: [11, 12],
      seller: { id: 5, username: 'vendedor1' },
      close,
    };
  }),
);
