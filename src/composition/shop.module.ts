import { SqlOfferRepository } from '../infrastructure/persistence/offers/sql-offer.repository';
import { SqlDriverRepository } from '../infrastructure/persistence/drivers/sql-driver.repository';
import { SqlTagRepository } from '../infrastructure/persistence/tags/sql-tag.repository';
import { SqlPriceListRepository } from '../infrastructure/persistence/price-lists/sql-price-list.repository';
import { SqlTemplateRepository } from '../infrastructure/persistence/templates/sql-template.repository';
import { CLOCK, TRANSACTION_RUNNER } from '../application/shared/shared.ports';
import { OFFER_REPOSITORY } from '../application/offers/offers.ports';
import {
  ListOffers,
  ListActiveOffers,
  GetOffer,
  CreateOffer,
  UpdateOffer,
  DeleteOffer,
  ToggleOffer,
  type OffersDeps,
} from '../application/offers/offers.use-cases';
import { DRIVER_REPOSITORY } from '../application/drivers/drivers.ports';
import {
  ListDrivers,
  GetDriver,
  CreateDriver,
  UpdateDriver,
  DeactivateDriver,
  type DriversDeps,
} from '../application/drivers/drivers.use-cases';
import { TAG_REPOSITORY } from '../application/tags/tags.ports';
import {
  ListTags,
  ListProductsWithTags,
  CreateTag,
  DeleteTag,
  TagProduct,
  UntagProduct,
  type TagsDeps,
} from '../application/tags/tags.use-cases';
import { PRICE_LIST_REPOSITORY } from '../application/price-lists/price-lists.ports';
import {
  ListPriceLists,
  GetPriceList,
  CreatePriceList,
  UpdatePriceList,
  DeletePriceList,
  SetSpecialPrice,
  RemoveSpecialPrice,
  type PriceListsDeps,
} from '../application/price-lists/price-lists.use-cases';
import { TEMPLATE_REPOSITORY } from '../application/templates/templates.ports';
import {
  ListTemplates,
  GetTemplate,
  CreateTemplate,
  UpdateTemplate,
  DeleteTemplate,
  RunTemplate,
  type TemplatesDeps,
} from '../application/templates/templates.use-cases';
import { registerOffersRoutes } from '../interfaces/http/offers/offers.routes';
import { registerDriversRoutes } from '../interfaces/http/drivers/drivers.routes';
import { registerTagsRoutes } from '../interfaces/http/tags/tags.routes';
import { registerPriceListsRoutes } from '../interfaces/http/price-lists/price-lists.routes';
import { registerTemplatesRoutes } from '../interfaces/http/templates/templates.routes';
import { ORDER_PLACEMENT } from './ordering.module';
import { SQL_STORE } from './core.module';
import { feature } from './binder';

export const offersModule = feature('offers', (b) => {
  b.provide(OFFER_REPOSITORY, [SQL_STORE], (s) => new SqlOfferRepository(s));
  const deps = b.bag<OffersDeps>('deps', { offers: OFFER_REPOSITORY, tx: TRANSACTION_RUNNER, clock: CLOCK });
  b.useCases(deps, [ListOffers, ListActiveOffers, GetOffer, CreateOffer, UpdateOffer, DeleteOffer, ToggleOffer]);
  b.routes(
    {
      listOffers: ListOffers,
      listActiveOffers: ListActiveOffers,
      getOffer: GetOffer,
      createOffer: CreateOffer,
      updateOffer: UpdateOffer,
      deleteOffer: DeleteOffer,
      toggleOffer: ToggleOffer,
    },
    (router, d, shared) => registerOffersRoutes(router, { ...d, ...shared }),
  );
});

/** Repartidores. */
export const driversModule = feature('drivers', (b) => {
  b.provide(DRIVER_REPOSITORY, [SQL_STORE], (s) => new SqlDriverRepository(s));
  const deps = b.bag<DriversDeps>('deps', { drivers: DRIVER_REPOSITORY, tx: TRANSACTION_RUNNER });
  b.useCases(deps, [ListDrivers, GetDriver, CreateDriver, UpdateDriver, DeactivateDriver]);
  b.routes(
    {
      listDrivers: ListDrivers,
      getDriver: GetDriver,
      createDriver: CreateDriver,
      updateDriver: UpdateDriver,
      deactivateDriver: DeactivateDriver,
    },
    (router, d, shared) => registerDriversRoutes(router, { ...d, ...shared }),
  );
});

export const tagsModule = feature('tags', (b) => {
  b.provide(TAG_REPOSITORY, [SQL_STORE], (s) => new SqlTagRepository(s));
  const deps = b.bag<TagsDeps>('deps', { tags: TAG_REPOSITORY, tx: TRANSACTION_RUNNER });
  b.useCases(deps, [ListTags, ListProductsWithTags, CreateTag, DeleteTag, TagProduct, UntagProduct]);
  b.routes(
    {
      listTags: ListTags,
      listProductsWithTags: ListProductsWithTags,
      createTag: CreateTag,
      deleteTag: DeleteTag,
      tagProduct: TagProduct,
      untagProduct: UntagProduct,
    },
    (router, d, shared) => registerTagsRoutes(router, { ...d, ...shared }),
  );
});

/** Listas de precios and their special prices. */
export const priceListsModule = feature('price-lists', (b) => {
  b.provide(PRICE_LIST_REPOSITORY, [SQL_STORE], (s) => new SqlPriceListRepository(s));
  const deps = b.bag<PriceListsDeps>('deps', { lists: PRICE_LIST_REPOSITORY, tx: TRANSACTION_RUNNER, clock: CLOCK });
  b.useCases(deps, [ListPriceLists, GetPriceList, CreatePriceList, UpdatePriceList, DeletePriceList, SetSpecialPrice, RemoveSpecialPrice]);
  b.routes(
    {
      listPriceLists: ListPriceLists,
      getPriceList: GetPriceList,
      createPriceList: CreatePriceList,
      updatePriceList: UpdatePriceList,
      deletePriceList: DeletePriceList,
      setSpecialPrice: SetSpecialPrice,
      removeSpecialPrice: RemoveSpecialPrice,
    },
    (router, d, shared) => registerPriceListsRoutes(router, { ...d, ...shared }),
  );
});

/** Recurring-order templates; running one places an order through the ordering ports. */
export const templatesModule = feature('templates', (b) => {
  b.provide(TEMPLATE_REPOSITORY, [SQL_STORE], (s) => new SqlTemplateRepository(s));
  const deps = b.bag<TemplatesDeps>('deps', { templates: TEMPLATE_REPOSITORY, tx: TRANSACTION_RUNNER, clock: CLOCK });
  b.useCases(deps, [ListTemplates, GetTemplate, CreateTemplate, UpdateTemplate, DeleteTemplate]);
  b.useCase(RunTemplate, [deps, ORDER_PLACEMENT]);
  b.routes(
    {
      listTemplates: ListTemplates,
      getTemplate: GetTemplate,
      createTemplate: CreateTemplate,
      updateTemplate: UpdateTemplate,
      deleteTemplate: DeleteTemplate,
      runTemplate: RunTemplate,
    },
    (router, d, shared) => registerTemplatesRoutes(router, { ...d, ...shared }),
  );
});
