import { randomBytes } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from '../../application/shared/shared.ports';

const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Outermost middleware: the request id (echoed from X-Request-ID when sane, else 8 random hex
 * characters), X-Process-Time, and one structured log line per request.
 */
export function requestContext(logger: Logger) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const started = process.hrtime.bigint();
    const inbound = ctx.get('X-Request-ID');
    const requestId = VALID_REQUEST_ID.test(inbound) ? inbound : randomBytes(4).toString('hex');
    ctx.state.requestId = requestId;
    ctx.set('X-Request-ID', requestId);
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      ctx.set('X-Process-Time', `${ms.toFixed(2)}ms`);
      logger.info(
        { request_id: requestId, method: ctx.method, path: ctx.path, status: ctx.status, duration_ms: Math.round(ms * 100) / 100 },
        'request',
      );
    }
  };
}
