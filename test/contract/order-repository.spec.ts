import { forEachEngine } from '../support/engines';
import { orderRepositoryContract } from './order-repository.contract';
import { InMemoryOrderRepository } from '../fakes/in-memory-ordering';
import { SqlOrderRepository } from '../../src/infrastructure/persistence/ordering/sql-order.repository';

orderRepositoryContract('in-memory fake', async () => {
  const repo = new InMemoryOrderRepository();
  return {
    repo,
    clientId: 1,
    productIds: [1, 2],
    history: async (id) => (repo.history.get(id) ?? []).map((h) => ({ action: h.action, user: h.user, details: h.details })),
    close: async () => undefined,
  };
});

forEachEngine((engine, open) =>
  orderRepositoryContract(`SQL adapter on ${engine}`, async () => {
    const { store, close } = await open();
    await store.write(async (m) => {
      await m.query("INSERT INTO clientes (id, nombre) VALUES (7, 'Carnicería Don José')");
      await m.query("INSERT INTO productos (id, nombre, precio) VALUES (11, 'Asado', 100), (12, 'Chorizo', 55.5)");
    });
    return {
      repo: new SqlOrderRepository(store),
      clientId: 7,
      productIds: [11, 12],
      history: async (id) =>
        (
          await store.query<{ accion: string; usuario: string; detalles: string | null }>(
            'SELECT accion, usuario, detalles FROM historial_pedidos WHERE pedido_id = ? ORDER BY id',
            [id],
          )
        ).map((h) => ({ action: h.accion, user: h.usuario, details: h.detalles })),
      close,
    };
  }),
);
