import Koa from 'koa';
import type { Context, Next } from 'koa';
import Router from '@koa/router';
import cors from '@koa/cors';
import compress from 'koa-compress';
import * as zlib from 'node:zlib';
import type { Logger } from '../../application/shared/logger.port';
import type { Authenticate } from '../../application/auth/authenticate.use-case';
import { errorHandler } from './errors';
import { JsonResponseCache, serializeJsonOnce } from './json-response-cache';
import { requestContext } from './request-context.middleware';
import { bodyParser } from './body-parser';
import { accessOf, createGuards, RouteAccess } from './auth.middleware';
import { RateLimiter, RateLimitRule, RateLimitGroup } from './rate-limit';
import { registerHealthRoutes, HealthRoutesDeps } from './health.routes';
import { registerAuthRoutes, AuthRoutesDeps } from './auth/auth.routes';
import { registerUsersRoutes, UsersRoutesDeps } from './users/users.routes';
import { registerClientesRoutes, ClientesRoutesDeps } from './clientes/clientes.routes';
import { registerCatalogRoutes, CatalogRoutesDeps } from './catalog/catalog.routes';
import { registerPedidosRoutes, PedidosRoutesDeps } from './pedidos/pedidos.routes';
import { registerAdminRoutes, AdminRoutesDeps } from './admin/admin.routes';
import { registerOfertasRoutes, OfertasRoutesDeps } from './ofertas/ofertas.routes';
import { registerRepartidoresRoutes, RepartidoresRoutesDeps } from './repartidores/repartidores.routes';
import { registerListasPreciosRoutes, ListasPreciosRoutesDeps } from './listas-precios/listas-precios.routes';
import { registerTemplatesRoutes, TemplatesRoutesDeps } from './templates/templates.routes';
import { registerReportesRoutes, ReportesRoutesDeps } from './reportes/reportes.routes';
import { registerPrintingRoutes, PrintingRoutesDeps } from './printing/printing.routes';
import { registerTagsRoutes, TagsRoutesDeps } from './tags/tags.routes';
import { registerDashboardRoutes, DashboardRoutesDeps } from './dashboard/dashboard.routes';

export interface HttpSettings {
  readonly environment: string;
  readonly isProduction: boolean;
  readonly version: string;
  readonly corsOrigins: readonly string[];
  readonly rateLimits: Readonly<Record<RateLimitGroup, RateLimitRule>>;
  /** Behind a reverse proxy: the client IP is the last X-Forwarded-For hop. */
  readonly trustProxy: boolean;
}

export interface HttpAppDeps {
  readonly logger: Logger;
  readonly settings: HttpSettings;
  readonly authenticate: Authenticate;
  /** Changes whenever any connection commits to the database (SQLite's data_version): keys the response cache. */
  readonly dataVersion: () => Promise<number>;
  readonly health: Omit<HealthRoutesDeps, 'environment' | 'version'>;
  readonly auth: Omit<AuthRoutesDeps, 'guards' | 'limiter'>;
  readonly users: Omit<UsersRoutesDeps, 'guards'>;
  readonly clientes: Omit<ClientesRoutesDeps, 'guards' | 'limiter'>;
  readonly catalog: Omit<CatalogRoutesDeps, 'guards' | 'limiter' | 'cache'>;
  readonly pedidos: Omit<PedidosRoutesDeps, 'guards' | 'limiter' | 'cache'>;
  readonly admin: Omit<AdminRoutesDeps, 'guards' | 'limiter'>;
  readonly ofertas: Omit<OfertasRoutesDeps, 'guards' | 'limiter'>;
  readonly repartidores: Omit<RepartidoresRoutesDeps, 'guards' | 'limiter'>;
  readonly tags: Omit<TagsRoutesDeps, 'guards' | 'limiter'>;
  readonly dashboard: Omit<DashboardRoutesDeps, 'guards' | 'limiter'>;
  readonly listasPrecios: Omit<ListasPreciosRoutesDeps, 'guards' | 'limiter'>;
  readonly templates: Omit<TemplatesRoutesDeps, 'guards' | 'limiter'>;
  readonly reportes: Omit<ReportesRoutesDeps, 'guards' | 'limiter'>;
  readonly printing: Omit<PrintingRoutesDeps, 'guards' | 'limiter'>;
}

/** One registered route, as the router holds it (for the generated fuzz and authorization tests). */
export interface RouteInfo {
  readonly method: string;
  /** The router's pattern, e.g. `/api/pedidos/:id/items/:producto_id`. */
  readonly path: string;
  readonly access: RouteAccess;
}

export interface HttpApp {
  readonly app: Koa;
  readonly routes: readonly RouteInfo[];
  /** Stops the app's timers (rate-limit sweeping). */
  close(): void;
}

/** Routes that read their own (large, file) bodies. */
const UPLOAD_PATHS = ['/api/upload', '/api/admin/backups/upload'];

/** Security headers of API.md §1.10, in production. */
const securityHeaders = async (ctx: Context, next: Next): Promise<void> => {
  ctx.set({
    'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'X-XSS-Protection': '1; mode=block',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'geolocation=(), microphone=(), camera=(), payment=()',
  });
  await next();
};

/** The Koa application: cross-cutting middleware, then every route. Receives use cases, never the container. */
export function createHttpApp(deps: HttpAppDeps): HttpApp {
  const { settings, logger } = deps;
  const app = new Koa({ proxy: settings.trustProxy, maxIpsCount: settings.trustProxy ? 1 : 0 });
  app.silent = true; // errors are logged once, by errorHandler, with the request id

  const router = new Router();
  const guards = createGuards(deps.authenticate);
  const limiter = new RateLimiter(settings.rateLimits);
  const cache = new JsonResponseCache(deps.dataVersion);
  registerHealthRoutes(router, { ...deps.health, environment: settings.environment, version: settings.version });
  registerAuthRoutes(router, { ...deps.auth, guards, limiter });
  registerUsersRoutes(router, { ...deps.users, guards });
  registerClientesRoutes(router, { ...deps.clientes, guards, limiter });
  registerCatalogRoutes(router, { ...deps.catalog, guards, limiter, cache });
  registerPrintingRoutes(router, { ...deps.printing, guards, limiter });
  registerPedidosRoutes(router, { ...deps.pedidos, guards, limiter, cache });
  registerAdminRoutes(router, { ...deps.admin, guards, limiter });
  registerOfertasRoutes(router, { ...deps.ofertas, guards, limiter });
  registerRepartidoresRoutes(router, { ...deps.repartidores, guards, limiter });
  registerTagsRoutes(router, { ...deps.tags, guards, limiter });
  registerDashboardRoutes(router, { ...deps.dashboard, guards, limiter });
  registerListasPreciosRoutes(router, { ...deps.listasPrecios, guards, limiter });
  registerTemplatesRoutes(router, { ...deps.templates, guards, limiter });
  registerReportesRoutes(router, { ...deps.reportes, guards, limiter });

  const allowAll = settings.corsOrigins.includes('*');
  app.use(requestContext(logger));
  app.use(
    cors({
      // An origin not in the list gets no CORS headers at all.
      origin: (ctx) => {
        const origin = ctx.get('Origin');
        return allowAll || settings.corsOrigins.includes(origin) ? origin : '';
      },
      credentials: true,
      allowMethods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'],
      // allowHeaders unset: the preflight's requested headers are reflected, i.e. all are allowed
      // (Authorization, Content-Type, X-Idempotency-Key, X-Confirm-Delete, …) as the original's "*".
      exposeHeaders: ['X-Request-ID', 'X-Process-Time', 'Content-Disposition', 'X-Pedidos-Impresos', 'Retry-After', 'X-Backup-Filename', 'X-Backup-SHA256'],
      maxAge: 600,
    }),
  );
  if (settings.isProduction) app.use(securityHeaders);
  app.use(compress({ threshold: 1024, br: false, gzip: { flush: zlib.constants.Z_SYNC_FLUSH }, deflate: false }));
  app.use(serializeJsonOnce(logger));
  app.use(errorHandler({ logger, isProduction: settings.isProduction }));
  app.use(bodyParser({ skipPaths: UPLOAD_PATHS }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  const routes = router.stack.flatMap((layer) =>
    layer.methods.filter((m) => m !== 'HEAD').map((method) => ({ method, path: String(layer.path), access: accessOf(layer.stack) })),
  );
  return { app, routes, close: () => limiter.close() };
}
