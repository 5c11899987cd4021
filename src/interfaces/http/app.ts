import Koa from 'koa';
import type { Context, Next } from 'koa';
import Router from '@koa/router';
import cors from '@koa/cors';
import compress from 'koa-compress';
import * as zlib from 'node:zlib';
import type { Logger } from '../../application/shared/shared.ports';
import type { Authenticate } from '../../application/auth/authenticate.use-case';
import { errorHandler } from './errors';
import { JsonResponseCache, serializeJsonOnce } from './json-response-cache';
import { requestContext, type HttpMetrics } from './request-context.middleware';
import { bodyParser } from './body-parser';
import { accessOf, createGuards, type Guards, type RouteAccess } from './auth.middleware';
import { RateLimiter, type RateLimitRule, type RateLimitGroup, type SharedCounters, type SharedHits } from './rate-limit';

export interface HttpSettings {
  readonly environment: string;
  readonly isProduction: boolean;
  readonly version: string;
  readonly corsOrigins: readonly string[];
  readonly rateLimits: Readonly<Record<RateLimitGroup, RateLimitRule>>;
  /** Behind a reverse proxy: the client IP is the last X-Forwarded-For hop. */
  readonly trustProxy: boolean;
}

/** What every route group is given when the app is built. */
export interface RouteShared {
  readonly guards: Guards;
  readonly limiter: RateLimiter;
  readonly cache: JsonResponseCache;
}

/** One feature's routes (API.md §…), registered in order: the router matches in that order. */
export interface RouteGroup {
  readonly name: string;
  register(router: Router, shared: RouteShared): void;
}

export interface HttpAppDeps {
  readonly logger: Logger;
  readonly settings: HttpSettings;
  readonly authenticate: Authenticate;
  /** Changes whenever any connection commits to the database (SQLite's data_version): keys the response cache. */
  readonly dataVersion: () => Promise<number>;
  readonly routeGroups: readonly RouteGroup[];
  /** Requests counted and timed (GET /metrics shows them). */
  readonly metrics?: HttpMetrics;
  /** SLOW_REQUEST_MS: slower requests are logged as warnings. */
  readonly slowRequestMs?: number;
  /** Rate-limit counters shared by every instance (Redis), instead of this process's memory. */
  readonly sharedCounters?: SharedCounters;
  /** Rate-limit counters in PostgreSQL, when several instances share it and there is no Redis. */
  readonly sharedHits?: SharedHits;
  /** Unhandled errors, beyond the log (Sentry when SENTRY_DSN is set). */
  readonly reportError?: (error: unknown, context: { requestId: string; method: string; path: string }) => void;
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
  /**
   * Resolves once no request is being handled (at most `timeoutMs`): a handler whose connection
   * was cut still runs to its end, and the database must outlive it.
   */
  drained(timeoutMs: number): Promise<void>;
}

/** Every route the router holds, with who it lets in (read back from its guard). */
export const routesOf = (router: Router): RouteInfo[] =>
  router.stack.flatMap((layer) =>
    layer.methods.filter((m) => m !== 'HEAD').map((method) => ({ method, path: String(layer.path), access: accessOf(layer.stack) })),
  );

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
  const limiter = new RateLimiter(settings.rateLimits, deps.sharedCounters ?? null, deps.sharedHits ?? null);
  const cache = new JsonResponseCache(deps.dataVersion);
  for (const group of deps.routeGroups) group.register(router, { guards, limiter, cache });

  const allowAll = settings.corsOrigins.includes('*');
  let inFlight = 0;
  const idle: (() => void)[] = [];
  app.use(async (_ctx, next) => {
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
      if (inFlight === 0) for (const resolve of idle.splice(0)) resolve();
    }
  });
  const drained = (timeoutMs: number) =>
    inFlight === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          timer.unref();
          idle.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
  app.use(requestContext(logger, { metrics: deps.metrics, slowRequestMs: deps.slowRequestMs }));
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
      exposeHeaders: [
        'X-Request-ID',
        'X-Process-Time',
        'Content-Disposition',
        'X-Pedidos-Impresos',
        'Retry-After',
        'X-Backup-Filename',
        'X-Backup-SHA256',
      ],
      maxAge: 600,
    }),
  );
  if (settings.isProduction) app.use(securityHeaders);
  app.use(compress({ threshold: 1024, br: false, gzip: { flush: zlib.constants.Z_SYNC_FLUSH }, deflate: false }));
  app.use(serializeJsonOnce(logger));
  app.use(errorHandler({ logger, isProduction: settings.isProduction, reportError: deps.reportError }));
  app.use(bodyParser({ skipPaths: UPLOAD_PATHS }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return { app, routes: routesOf(router), close: () => limiter.close(), drained };
}
