import * as path from 'node:path';
import { catalogContract } from './catalog.contract';
import { InMemoryCategories, InMemoryProducts } from '../fakes/in-memory-catalog';
import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { SqlCategoryRepository, SqlProductRepository } from '../../src/infrastructure/persistence/catalog/sql-catalog.repository';
import { migrateFile } from '../support/migrate';
import { tempDir } from '../support/temp';

catalogContract('in-memory fakes', async () => ({
  products: new InMemoryProducts(),
  categories: new InMemoryCategories(),
  close: async () => undefined,
}));

catalogContract('SQL adapters on a real SQLite file', async () => {
  const file = path.join(tempDir(), 'catalog.db');
  await migrateFile(file);
  const store = await SqliteStore.open(file);
  return { products: new SqlProductRepository(store), categories: new SqlCategoryRepository(store), close: () => store.close() };
});
