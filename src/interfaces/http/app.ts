import Koa from 'koa';
import Router from '@koa/router';
import type { Logger } from '../../application/shared/logger.port';
import type { CheckHealth } from '../../application/health/check-health.use-case';
import { errorHandler } from './errors';
import { requestContext } from './request-context.middleware';
import { registerHealthRoutes } from './health.routes';

export interface HttpAppDeps {
  readonly logger: Logger;
  readonly environment: string;
  readonly isProduction: boolean;
  readonly version: string;
  readonly checkHealth: CheckHealth;
}

/** The Koa application: cross-cutting middleware, then every route. Receives use cases, never the container. */
export function createHttpApp(deps: HttpAppDeps): Koa {
  const app = new Koa({ proxy: false });
  app.silent = true; // errors are logged once, by errorHandler, with the request id
  const router = new Router();
  registerHealthRoutes(router, deps);

  app.use(requestContext(deps.logger));
  app.use(errorHandler({ logger: deps.logger, isProduction: deps.isProduction }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
