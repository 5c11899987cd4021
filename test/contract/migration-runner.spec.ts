import * as path from 'node:path';
import { migrationRunnerContract } from './migration-runner.contract';
import { InMemoryMigrationRunner } from '../fakes/in-memory-migration-runner';
import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { SqliteMigrationRunner } from '../../src/infrastructure/persistence/migrations/sqlite-migration-runner';
import type { Migration } from '../../migrations';
import { tempDir } from '../support/temp';
import { createTestDatabase, describePostgres } from '../support/postgres';
import { PostgresStore } from '../../src/infrastructure/persistence/postgres/postgres-store';
import { PostgresMigrationRunner } from '../../src/infrastructure/persistence/migrations/postgres-migration-runner';

migrationRunnerContract('in-memory fake', async () => {
  const runner = new InMemoryMigrationRunner([
    { id: 'ok_1', description: 'one' },
    { id: 'ok_2', description: 'two' },
    {
      id: 'fails_3',
      up: () => {
        throw new Error('always fails');
      },
    },
  ]);
  return { runner, addData: async () => void (runner.data = true), close: async () => undefined };
});

const SQLITE_MIGRATIONS: Migration[] = [
  { id: 'ok_1', description: 'one', steps: [{ kind: 'createTable', table: 'cosas', columns: 'id INTEGER PRIMARY KEY, nombre TEXT' }] },
  { id: 'ok_2', description: 'two', steps: [{ kind: 'addColumn', table: 'cosas', column: 'precio', definition: 'REAL' }] },
  {
    id: 'fails_3',
    description: 'three',
    steps: [
      { kind: 'createTable', table: 'half_done', columns: 'id INTEGER PRIMARY KEY' },
      { kind: 'createTable', table: 'broken', columns: 'id INTEGER PRIMARY KEY,' },
    ],
  },
];

migrationRunnerContract('SQLite adapter', async () => {
  const store = await SqliteStore.open(path.join(tempDir(), 'contract.db'));
  const runner = new SqliteMigrationRunner(store, SQLITE_MIGRATIONS, '9.9.9');
  return {
    runner,
    addData: () => store.write(async (m) => void (await m.query("INSERT INTO cosas (nombre) VALUES ('chorizo')"))),
    close: () => store.close(),
  };
});

describePostgres('the same suite', () =>
  migrationRunnerContract('PostgreSQL adapter', async () => {
    const db = await createTestDatabase();
    const store = await PostgresStore.open(db.url);
    const runner = new PostgresMigrationRunner(store, SQLITE_MIGRATIONS, '9.9.9');
    return {
      runner,
      addData: () => store.write(async (m) => void (await m.query("INSERT INTO cosas (id, nombre) VALUES (1, 'chorizo')"))),
      close: async () => {
        await store.close();
        await db.drop();
      },
    };
  }),
);
