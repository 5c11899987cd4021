import type { Container } from 'inversify';
import { appVersion } from '../infrastructure/config/app-info';
import { Authenticate } from '../application/auth/authenticate.use-case';
import { LOGGER } from '../application/shared/shared.ports';
import { createHttpApp, type HttpApp, type HttpAppDeps, type RouteGroup } from '../interfaces/http/app';
import { ROUTE_GROUPS, resolve } from './binder';
import { CONFIG, SQL_STORE } from './core.module';
import { PROMETHEUS } from './operations.module';
import { openRedisCounters } from '../infrastructure/redis/redis-counters';
import { PostgresStore } from '../infrastructure/persistence/postgres/postgres-store';
import { PostgresHitCounter } from '../infrastructure/persistence/postgres/postgres-counters';

/** The Koa app with every feature's routes, their use cases taken from the container. */
export function buildHttpApp(c: Container, extras: Pick<HttpAppDeps, 'reportError'> = {}): HttpApp {
  const config = resolve(c, CONFIG);
  const store = resolve(c, SQL_STORE);
  const logger = resolve(c, LOGGER);
  const redis = config.redisUrl ? openRedisCounters(config.redisUrl, logger) : null;
  // Several instances on PostgreSQL share its counters when there is no Redis.
  const hits = !redis && store instanceof PostgresStore ? new PostgresHitCounter(store, logger) : null;
  const http = createHttpApp({
    logger,
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
    metrics: resolve(c, PROMETHEUS),
    slowRequestMs: config.slowRequestMs,
    reportError: extras.reportError,
    sharedCounters: redis ?? undefined,
    sharedHits: hits ?? undefined,
  });
  return {
    ...http,
    close: () => {
      http.close();
      redis?.close();
      hits?.close();
    },
  };
}
