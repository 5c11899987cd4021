import { SqlProductRepository, SqlCategoryRepository } from '../infrastructure/persistence/catalog/sql-catalog.repository';
import { SqlClientRepository } from '../infrastructure/persistence/clients/sql-client.repository';
import { FsImageStore } from '../infrastructure/filesystem/fs-image-store';
import { SharpImageOptimizer } from '../infrastructure/images/sharp-image-optimizer';
import { CLOCK, TRANSACTION_RUNNER } from '../application/shared/shared.ports';
import { token } from '../application/shared/token';
import { USER_REPOSITORY } from '../application/users/users.ports';
import { CLIENT_REPOSITORY } from '../application/clients/clients.ports';
import { CLIENT_LOOKUP, PRICE_LOOKUP } from '../application/ordering/ordering.ports';
import {
  ListClients,
  GetClient,
  CreateClient,
  UpdateClient,
  DeleteClients,
  type ClientsDeps,
} from '../application/clients/clients.use-cases';
import { CATEGORY_REPOSITORY, IMAGE_OPTIMIZER, IMAGE_STORE, PRODUCT_REPOSITORY } from '../application/catalog/catalog.ports';
import {
  ListProducts,
  GetProduct,
  GetProductImages,
  CreateProduct,
  UpdateProduct,
  AdjustStock,
  DeleteProducts,
  ListCategories,
  GetCategory,
  SaveCategory,
  DeleteCategory,
  UploadImage,
  type CatalogDeps,
} from '../application/catalog/catalog.use-cases';
import { registerClientsRoutes } from '../interfaces/http/clients/clients.routes';
import { registerCatalogRoutes } from '../interfaces/http/catalog/catalog.routes';
import { CONFIG, SQL_STORE } from './core.module';
import { feature } from './binder';

const SQL_CLIENTS = token<SqlClientRepository>('SqlClientRepository', []);

/** The shop's clients (the same table answers the order's client lookups). */
export const clientsModule = feature('clients', (b) => {
  b.provide(SQL_CLIENTS, [SQL_STORE], (s) => new SqlClientRepository(s));
  b.provide(CLIENT_REPOSITORY, [SQL_CLIENTS], (r) => r);
  b.provide(CLIENT_LOOKUP, [SQL_CLIENTS], (r) => r);
  const deps = b.bag<ClientsDeps>('deps', { clients: CLIENT_REPOSITORY, users: USER_REPOSITORY, tx: TRANSACTION_RUNNER });
  b.useCases(deps, [ListClients, GetClient, CreateClient, UpdateClient, DeleteClients]);
  b.routes(
    {
      listClients: ListClients,
      getClient: GetClient,
      createClient: CreateClient,
      updateClient: UpdateClient,
      deleteClients: DeleteClients,
      clients: CLIENT_REPOSITORY,
    },
    (router, { clients, ...d }, shared) => registerClientsRoutes(router, { ...d, ...shared, exportRows: () => clients.exportRows() }),
  );
});

/** Products, categories and their images. */
export const catalogModule = feature('catalog', (b) => {
  b.provide(PRODUCT_REPOSITORY, [SQL_STORE], (s) => new SqlProductRepository(s));
  b.provide(PRICE_LOOKUP, [PRODUCT_REPOSITORY], (r) => r);
  b.provide(CATEGORY_REPOSITORY, [SQL_STORE], (s) => new SqlCategoryRepository(s));
  b.provide(IMAGE_STORE, [CONFIG], (c) => new FsImageStore(c.uploadsDir));
  b.provide(IMAGE_OPTIMIZER, [], () => new SharpImageOptimizer());
  const deps = b.bag<CatalogDeps>('deps', {
    products: PRODUCT_REPOSITORY,
    categories: CATEGORY_REPOSITORY,
    tx: TRANSACTION_RUNNER,
    clock: CLOCK,
  });
  b.useCases(deps, [
    ListProducts,
    GetProduct,
    GetProductImages,
    CreateProduct,
    UpdateProduct,
    AdjustStock,
    DeleteProducts,
    ListCategories,
    GetCategory,
    SaveCategory,
    DeleteCategory,
  ]);
  b.useCase(UploadImage, [IMAGE_OPTIMIZER, IMAGE_STORE]);
  b.routes(
    {
      listProducts: ListProducts,
      getProduct: GetProduct,
      getProductImages: GetProductImages,
      createProduct: CreateProduct,
      updateProduct: UpdateProduct,
      adjustStock: AdjustStock,
      deleteProducts: DeleteProducts,
      listCategories: ListCategories,
      getCategory: GetCategory,
      saveCategory: SaveCategory,
      deleteCategory: DeleteCategory,
      uploadImage: UploadImage,
      images: IMAGE_STORE,
      products: PRODUCT_REPOSITORY,
    },
    (router, { products, ...d }, shared) => registerCatalogRoutes(router, { ...d, ...shared, exportRows: () => products.exportRows() }),
  );
});
