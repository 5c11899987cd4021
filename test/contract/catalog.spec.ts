import { forEachEngine } from '../support/engines';
import { catalogContract } from './catalog.contract';
import { InMemoryCategories, InMemoryProducts } from '../fakes/in-memory-catalog';
import { SqlCategoryRepository, SqlProductRepository } from '../../src/infrastructure/persistence/catalog/sql-catalog.repository';

catalogContract('in-memory fakes', async () => ({
  products: new InMemoryProducts(),
  categories: new InMemoryCategories(),
  close: async () => undefined,
}));

forEachEngine((engine, open) =>
  catalogContract(`SQL adapters on ${engine}`, async () => {
    const { store, close } = await open();
    return { products: new SqlProductRepository(store), categories: new SqlCategoryRepository(store), close };
  }),
);
