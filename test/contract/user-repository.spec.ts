import * as path from 'node:path';
import { userRepositoryContract } from './user-repository.contract';
import { InMemoryUserRepository } from '../fakes/in-memory-user-repository';
import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { SqliteMigrationRunner } from '../../src/infrastructure/persistence/migrations/sqlite-migration-runner';
import { SqlUserRepository } from '../../src/infrastructure/persistence/users/sql-user.repository';
import { RunMigrations } from '../../src/application/maintenance/run-migrations.use-case';
import { MIGRATIONS } from '../../migrations';
import { tempDir } from '../support/temp';

userRepositoryContract('in-memory fake', async () => {
  const repo = new InMemoryUserRepository();
  return { repo, assignClients: async (id, n) => void repo.clientsOf.set(id, n), close: async () => undefined };
});

userRepositoryContract('SQL adapter on a real SQLite file', async () => {
  const store = await SqliteStore.open(path.join(tempDir(), 'users.db'));
  await new RunMigrations(new SqliteMigrationRunner(store, MIGRATIONS, 'test'), null).execute({ trigger: 'test', requestedBy: 'test' });
  return {
    repo: new SqlUserRepository(store),
    assignClients: async (id, n) => {
      for (let i = 0; i < n; i++)
        await store.write((m) => m.query('INSERT INTO clientes (nombre, vendedor_id) VALUES (?, ?)', [`Cliente ${i}`, id]));
    },
    close: () => store.close(),
  };
});
