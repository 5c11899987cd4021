import type { Context, Next } from 'koa';
import type { Logger } from '../../application/shared/shared.ports';
import { safeDetails } from './input-hygiene';
import { HttpError } from './http-error';

/** The error codes of API.md §0.2. */
export type ErrorCode =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'VALIDATION_ERROR'
  | 'HTTP_ERROR'
  | 'INTERNAL_ERROR'
  | 'SERVICE_UNAVAILABLE';

export { HttpError } from './http-error';
export type { ValidationDetail } from './http-error';

export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'UNAUTHORIZED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 422:
      return 'VALIDATION_ERROR';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'SERVICE_UNAVAILABLE';
    default:
      return status >= 500 ? 'INTERNAL_ERROR' : 'HTTP_ERROR';
  }
}

/** `{detail, error, code, timestamp}` (+ `details` for 422): `detail` for the frontend, `error` for the original's clients. */
export function errorBody(status: number, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    detail: message,
    error: message,
    code: codeForStatus(status),
    timestamp: new Date().toISOString().replace('Z', '+00:00'),
    ...extra,
  };
}

/**
 * Use-case error codes → HTTP status: the one place this mapping lives. A code missing here is a
 * bug, answered as 400 with its message (never a 500).
 */
export const USE_CASE_ERROR_STATUS: Readonly<Record<string, number>> = {
  NOT_AUTHENTICATED: 401,
  INVALID_TOKEN: 401,
  INVALID_TOKEN_CLAIMS: 401,
  TOKEN_REVOKED: 401,
  USER_INACTIVE: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_DISABLED: 403,
  USER_NOT_FOUND: 404,
  LAST_ACTIVE_ADMIN: 400,
  INVALID_ROLE: 400,
  WEAK_PASSWORD: 400,
  CANNOT_DELETE_SELF: 400,
  USER_HAS_CLIENTS: 400,
  USERNAME_TAKEN: 400,
  INVALID_USERNAME: 400,
  WRONG_CURRENT_PASSWORD: 400,
  SAME_PASSWORD: 400,
  DATABASE_BUSY: 503,
  // Ordering
  CLIENT_REQUIRED: 400,
  UNKNOWN_CLIENT: 400,
  EMPTY_ORDER: 400,
  TOO_MANY_LINES: 400,
  INVALID_QUANTITY: 400,
  PRODUCT_REQUIRED: 400,
  UNKNOWN_PRODUCT: 400,
  INVALID_STATE: 400,
  ORDER_NOT_FOUND: 404,
  ORDERS_NOT_FOUND: 404,
  ORDER_FORBIDDEN: 403,
  ITEM_NOT_FOUND: 404,
  INVALID_IDS: 400,
  // Clients and catalog
  CLIENT_NOT_FOUND: 404,
  CLIENT_EXISTS: 400,
  VENDEDOR_NOT_FOUND: 400,
  CLIENT_HAS_ORDERS: 400,
  PRODUCT_NOT_FOUND: 404,
  STOCK_OUT_OF_RANGE: 400,
  PRODUCT_EXISTS: 400,
  PRODUCT_IN_ORDERS: 400,
  PRODUCT_REFERENCED: 400,
  UNKNOWN_CATEGORY: 400,
  CATEGORY_NOT_FOUND: 404,
  CATEGORY_NAME_REQUIRED: 400,
  CATEGORY_EXISTS: 400,
  UPLOAD_INVALID: 400,
  // Backups and maintenance
  MAINTENANCE_BUSY: 503,
  INSUFFICIENT_SPACE: 503,
  BACKUP_FAILED: 503,
  BACKUP_NOT_FOUND: 404,
  MIGRATION_CHECKSUM_MISMATCH: 409,
  UNKNOWN_APPLIED_MIGRATION: 409,
  DUPLICATE_MIGRATION_ID: 500,
  MIGRATION_FAILED: 500,
  PRE_MIGRATION_BACKUP_FAILED: 503,
  UNKNOWN_MIGRATION: 404,
  ALREADY_APPLIED: 409,
  REASON_REQUIRED: 400,
  AUDIT_QUERY_INVALID: 400,
  // Restore and uploads
  CONFIRMATION_MISMATCH: 400,
  BACKUP_NOT_SQLITE: 400,
  BACKUP_TRUNCATED: 400,
  BACKUP_CORRUPT: 400,
  BACKUP_FROM_NEWER_VERSION: 409,
  BACKUP_INCOMPATIBLE: 409,
  // The live database was left as it was (or put back); the message says which step failed and why.
  RESTORE_FAILED: 409,
  DRY_RUN_FAILED: 409,
  // Offers, price lists, drivers, tags
  OFFER_NOT_FOUND: 404,
  OFFER_RULES: 400,
  OFFER_UNKNOWN_PRODUCTS: 409,
  DRIVER_NOT_FOUND: 404,
  DRIVER_EXISTS: 400,
  TAG_NOT_FOUND: 404,
  TAG_EXISTS: 400,
  TAG_LINK_EXISTS: 400,
  TAG_LINK_NOT_FOUND: 404,
  PRICE_LIST_NOT_FOUND: 404,
  PRICE_LIST_INVALID: 400,
  PRICE_LIST_EXISTS: 400,
  SPECIAL_PRICE_NOT_FOUND: 404,
  TEMPLATE_NOT_FOUND: 404,
  TEMPLATE_INVALID: 400,
  REPORT_BAD_RANGE: 400,
  PRINT_INVALID: 400,
  PRINT_NOT_FOUND: 404,
};

export function httpErrorFor(error: { code: string; message: string }): HttpError {
  const status = USE_CASE_ERROR_STATUS[error.code] ?? 400;
  // A busy or unavailable service says when to come back.
  return new HttpError(status, error.message, undefined, status === 503 ? { 'Retry-After': '30' } : {});
}

/** A use case's Result as the response value, or its error as the mapped HttpError. */
export function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw httpErrorFor(r.error);
  return r.value;
}

/**
 * Turns every failure into the §0.2 body: HttpErrors as they are, Koa's own (body parsing,
 * size limits) by their status, anything else as a 500 that carries the request id and, outside
 * production, the cause.
 */
export function errorHandler(options: {
  logger: Logger;
  isProduction: boolean;
  /** Error tracking (Sentry): told of every unhandled error, with the request id. */
  reportError?: (error: unknown, context: { requestId: string; method: string; path: string }) => void;
}) {
  return async (ctx: Context, next: Next): Promise<void> => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body == null) {
        ctx.status = 404;
        ctx.body = errorBody(404, 'Not Found');
      } else if (ctx.status === 405 && ctx.body == null) {
        ctx.status = 405;
        ctx.body = errorBody(405, 'Method Not Allowed');
      }
    } catch (e) {
      const requestId = String(ctx.state.requestId ?? '');
      if (e instanceof HttpError) {
        ctx.status = e.status;
        for (const [k, v] of Object.entries(e.headers)) ctx.set(k, v);
        ctx.body = errorBody(e.status, e.message, { ...e.extra, ...(e.details ? { details: safeDetails(e.details) } : {}) });
        return;
      }
      const status = (e as { status?: unknown; expose?: unknown }).status;
      if (typeof status === 'number' && status >= 400 && status < 500 && (e as { expose?: boolean }).expose !== false) {
        ctx.status = status;
        ctx.body = errorBody(status, (e as Error).message || 'Bad Request');
        return;
      }
      if ((e as { code?: unknown }).code === 'WRITES_PAUSED') {
        // A restore is replacing the database: nothing of this request was written.
        ctx.status = 503;
        ctx.set('Retry-After', String((e as { retryAfterSeconds?: number }).retryAfterSeconds ?? 5));
        ctx.body = errorBody(
          503,
          `Guardado en pausa por una restauración de la base de datos; no se guardó nada, intente nuevamente en unos segundos (${(e as Error).message})`,
        );
        return;
      }
      if ((e as { code?: unknown }).code === 'DATABASE_BUSY' || /SQLITE_BUSY|database is locked/.test(String(e))) {
        options.logger.warn({ request_id: requestId, err: e }, 'database busy');
        ctx.status = 503;
        ctx.set('Retry-After', '5');
        ctx.body = errorBody(503, 'Base de datos ocupada, intente nuevamente en unos segundos');
        return;
      }
      const disk = /SQLITE_(READONLY|FULL|IOERR|CANTOPEN)|disk I\/O error|database or disk is full|readonly database/.exec(String(e));
      if (disk) {
        // The disk under the database refused the write (read-only, full, failing): nothing of this
        // request was saved, and it is the operator's to fix — a 503, logged as an error.
        options.logger.error(
          { request_id: requestId, err: e, method: ctx.method, path: ctx.path },
          `the database could not write to its disk (${disk[0]})`,
        );
        ctx.status = 503;
        ctx.set('Retry-After', '30');
        ctx.body = errorBody(
          503,
          `La base de datos no puede escribir en el disco (${disk[0]}); no se guardó nada. Avise al administrador del sistema.`,
          { request_id: requestId },
        );
        return;
      }
      options.logger.error({ request_id: requestId, err: e, method: ctx.method, path: ctx.path }, 'unhandled error');
      options.reportError?.(e, { requestId, method: ctx.method, path: ctx.path });
      ctx.status = 500;
      ctx.body = errorBody(500, 'Internal server error', {
        request_id: requestId,
        details: options.isProduction ? null : { message: e instanceof Error ? e.message : String(e) },
      });
    }
  };
}
