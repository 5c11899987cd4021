import { Container } from 'inversify';
import type { FeatureModule } from './composition/binder';
import { coreModule, type CoreValues } from './composition/core.module';
import { authModule, usersModule } from './composition/auth.module';
import { maintenanceModule, adminRoutesModule } from './composition/maintenance.module';
import { clientsModule, catalogModule } from './composition/catalog.module';
import { orderingModule } from './composition/ordering.module';
import { offersModule, driversModule, tagsModule, priceListsModule, templatesModule } from './composition/shop.module';
import { dashboardModule, reportsModule, printingModule } from './composition/insights.module';
import { operationsModule } from './composition/operations.module';
import { postgresMaintenanceModule } from './composition/postgres.module';
import { PostgresStore } from './infrastructure/persistence/postgres/postgres-store';

export { CONFIG, STORE, SECRET_KEY } from './composition/core.module';
export { LOGGER } from './application/shared/shared.ports';
export { buildHttpApp } from './composition/http-app';
export type ContainerDeps = CoreValues;

/**
 * Every feature module, in the order their routes are registered (the router matches in that
 * order: e.g. /api/pedidos/creators before /api/pedidos/:id).
 */
export const featureModules = (core: CoreValues): FeatureModule[] => {
  const onPostgres = core.store instanceof PostgresStore;
  return [
    coreModule(core),
    onPostgres ? postgresMaintenanceModule : maintenanceModule,
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
    operationsModule,
  ];
};

/** The composition root: each feature module binds its adapters, use cases and routes. */
export function createContainer(deps: ContainerDeps, modules: readonly FeatureModule[] = featureModules(deps)): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.load(...modules.map((f) => f.module));
  return c;
}
