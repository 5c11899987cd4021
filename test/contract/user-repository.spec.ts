import { forEachEngine } from '../support/engines';
import { userRepositoryContract } from './user-repository.contract';
import { InMemoryUserRepository } from '../fakes/in-memory-user-repository';
import { SqlUserRepository } from '../../src/infrastructure/persistence/users/sql-user.repository';

userRepositoryContract('in-memory fake', async () => {
  const repo = new InMemoryUserRepository();
  return { repo, assignClients: async (id, n) => void repo.clientsOf.set(id, n), close: async () => undefined };
});

forEachEngine((engine, open) =>
  userRepositoryContract(`SQL adapter on ${engine}`, async () => {
    const { store, close } = await open();
    return {
      repo: new SqlUserRepository(store),
      assignClients: async (id, n) => {
        for (let i = 0; i < n; i++)
          await store.write((m) => m.query('INSERT INTO clientes (nombre, vendedor_id) VALUES (?, ?)', [`Cliente ${i}`, id]));
      },
      close,
    };
  }),
);
