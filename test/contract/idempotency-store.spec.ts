import * as path from 'node:path';
import { idempotencyStoreContract } from './idempotency-store.contract';
import { InMemoryIdempotencyStore } from '../fakes/in-memory-ordering';
import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { SqlIdempotencyStore } from '../../src/infrastructure/persistence/ordering/sql-order.repository';
import { migrateFile } from '../support/migrate';
import { tempDir } from '../support/temp';

idempotencyStoreContract('in-memory fake', async () => ({ store: new InMemoryIdempotencyStore(), close: async () => undefined }));

idempotencyStoreContract('SQL adapter on a real SQLite file', async () => {
  const file = path.join(tempDir(), 'idempotency.db');
  await migrateFile(file);
  const store = await SqliteStore.open(file);
  return { store: new SqlIdempotencyStore(store), close: () => store.close() };
});
