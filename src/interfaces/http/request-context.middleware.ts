import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from '../../application/shared/shared.ports';

const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Where each answered request is counted and timed (the Prometheus adapter). */
export interface HttpMetrics {
  /** `route` is the router's pattern (`/api/pedidos/:id`), or `unmatched`: never the raw path. */
  request(method: string, route: string, status: number, seconds: number): void;
}

export interface RequestContextOptions {
  readonly metrics?: HttpMetrics;
  /** A request slower than this is logged as a warning, with its timing. */
  readonly slowRequestMs?: number;
}

/**
 * Outermost middleware: the request id (echoed from X-Request-ID when sane, else 8 random hex
 * characters), X-Process-Time, one structured log line per request (a warning when slow), and
 * the request's metrics.
 */
export function requestContext(logger: Logger, options: RequestContextOptions = {}) {
  const slowMs = options.slowRequestMs ?? Infinity;
  return async (ctx: Context, next: Next): Promise<void> => {
    const started = process.hrtime.bigint();
    const inbound = ctx.get('X-Request-ID');
    // The first 8 hex digits of a v4 UUID are random; randomUUID draws from a buffered pool instead
    // of a synchronous getrandom call per request (randomBytes).
    const requestId = VALID_REQUEST_ID.test(inbound) ? inbound : randomUUID().slice(0, 8);
    ctx.state.requestId = requestId;
    ctx.set('X-Request-ID', requestId);
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      ctx.set('X-Process-Time', `${ms.toFixed(2)}ms`);
      const line = {
        request_id: requestId,
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        duration_ms: Math.round(ms * 100) / 100,
      };
      if (ms > slowMs) logger.warn({ ...line, slow: true, threshold_ms: slowMs }, 'slow request');
      else logger.info(line, 'request');
      const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute;
      options.metrics?.request(ctx.method, typeof matched === 'string' ? matched : 'unmatched', ctx.status, ms / 1000);
    }
  };
}
