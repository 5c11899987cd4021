import type * as SentryModule from '@sentry/node';

/** Where an unexpected error (a 500, a crash) is reported beyond the log. */
export interface ErrorReporter {
  report(error: unknown, context: { requestId?: string; method?: string; path?: string }): void;
  /** Sends what is queued (at shutdown), waiting at most `timeoutMs`. */
  flush(timeoutMs: number): Promise<void>;
}

const REDACTED = '[redacted]';
/** Keys whose values are secrets wherever they appear in an event. */
const SECRET_KEY = /authorization|cookie|pass(word|wd)?|secret|token|jwt|api[-_]?key|dsn|credential|session/i;
/** Secrets recognisable by their shape in any text: bearer credentials and JWTs. */
const SECRET_TEXT = [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g];

const scrubText = (text: string): string => SECRET_TEXT.reduce((t, pattern) => t.replace(pattern, REDACTED), text);

/**
 * A copy of `value` with every secret taken out: values under secret-looking keys (headers,
 * cookies, passwords, tokens), and bearer credentials or JWTs inside any string. Applied to every
 * event before it leaves the process.
 */
export function scrubSecrets<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return scrubText(value) as T;
  if (value === null || typeof value !== 'object' || depth > 20) return value;
  if (Array.isArray(value)) return value.map((v) => scrubSecrets(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined ? REDACTED : scrubSecrets(v, depth + 1);
  return out as T;
}

/**
 * Sentry (`SENTRY_DSN`), initialised only when a DSN is set: unhandled errors of requests, and
 * uncaught exceptions and rejections of the process. No request bodies, headers, cookies or IP
 * addresses are collected (dataCollection off, no HTTP instrumentation), and every event passes
 * through `scrubSecrets` before it is sent.
 */
export function startErrorTracking(options: { dsn: string | null; environment: string; release: string }): ErrorReporter | null {
  if (!options.dsn) return null;
  // Loaded only with a DSN: without one the server never pays for the SDK at start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous, on-demand load
  const Sentry = require('@sentry/node') as typeof SentryModule;
  Sentry.initWithoutDefaultIntegrations({
    dsn: options.dsn,
    environment: options.environment,
    release: options.release,
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [],
      urlQueryParams: false,
      databaseQueryData: false,
    },
    integrations: [
      Sentry.dedupeIntegration(),
      Sentry.functionToStringIntegration(),
      Sentry.linkedErrorsIntegration(),
      Sentry.nodeContextIntegration(),
      Sentry.onUncaughtExceptionIntegration({ exitEvenIfOtherHandlersAreRegistered: false }),
      Sentry.onUnhandledRejectionIntegration({ mode: 'warn' }),
    ],
    beforeSend: (event) => scrubSecrets(event),
    beforeBreadcrumb: (crumb) => scrubSecrets(crumb),
  });
  return {
    report(error, context) {
      Sentry.withScope((scope) => {
        if (context.requestId) scope.setTag('request_id', context.requestId);
        if (context.method || context.path) scope.setContext('request', { method: context.method, path: context.path });
        Sentry.captureException(error);
      });
    },
    async flush(timeoutMs) {
      await Sentry.flush(timeoutMs);
    },
  };
}
