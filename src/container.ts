import { Container } from 'inversify';
import { appVersion } from './infrastructure/config/app-info';
import { Authenticate } from './application/auth/authenticate.use-case';
import { LOGGER } from './application/shared/shared.ports';
import { createHttpApp, HttpApp, RouteGroup } from './interfaces/http/app';
import { ROUTE_GROUPS, FeatureModule, resolve } from './composition/binder';
import { coreModule, CoreValues, CONFIG, STORE } from './composition/core.module';
import { authModule, usersModule } from './composition/auth.module';
import { maintenanceModule, adminRoutesModule } from './composition/maintenance.module';
import { clientsModule, catalogModule } from './composition/catalog.module';
import { orderingModule } from './composition/ordering.module';
import { offersModule, driversModule, tagsModule, priceListsModule, templatesModule } from './composition/shop.module';
import { dashboardModule, reportsModule, printingModule } from './composition/insights.module';

export { CONFIG, STORE, SECRET_KEY } from './composition/core.module';
export { LOGGER } from './application/shared/shared.ports';
export type ContainerDeps = CoreValues;

/**
 * Every feature module, in the order their routes are registered (the router matches in that
 * order: e.g. /api/pedidos/creators before /api/pedidos/:id).
 */
export const featureModules = (core: CoreValues): FeatureModule[] => [
  coreModule(core),
  maintenanceModule,
  authModule,
  usersModule,
  clientsModule,
  catalogModule,
  printingModule,
  orderingModule,
  adminRoutesModule,
  offersModule,
  driversModule,
  tagsModule,
  dashboardModule,
  priceListsModule,
  templatesModule,
  reportsModule,
];

/** The composition root: each feature module binds its adapters, use cases and routes. */
export function createContainer(deps: ContainerDeps): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.load(...featureModules(deps).map((f) => f.module));
  return c;
}

/** The Koa app with every feature's routes, their use cases taken from the container. */
export function buildHttpApp(c: Container): HttpApp {
  const config = resolve(c, CONFIG);
  const store = resolve(c, STORE);
  return createHttpApp({
    logger: resolve(c, LOGGER),
    settings: {
      environment: config.environment,
      isProduction: config.isProduction,
      version: appVersion(),
      corsOrigins: config.corsOrigins,
      rateLimits: config.rateLimits,
      trustProxy: config.trustProxy,
    },
    authenticate: c.get(Authenticate),
    dataVersion: () => store.dataVersion(),
    routeGroups: c.getAll<RouteGroup>(ROUTE_GROUPS),
  });
}
