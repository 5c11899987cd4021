import ratelimit from 'koa-ratelimit';
import type { Context, Middleware } from 'koa';
import { HttpError } from './errors';

export interface RateLimitRule {
  readonly max: number;
  readonly windowMs: number;
  readonly label: string;
}

export type RateLimitGroup = 'auth' | 'write' | 'read' | 'admin';

/**
 * Where the counters live when several instances must share them: a Redis client (ioredis, as
 * koa-ratelimit's redis driver takes it). Absent: each process counts in its own memory.
 */
export interface SharedCounters {
  readonly client: unknown;
  /** Told when the shared counters cannot be reached: the request is let through (never refused for it). */
  onError(error: unknown): void;
}

/** Counters kept elsewhere than Redis (PostgreSQL): a fixed window per client and route. */
export interface SharedHits {
  hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }>;
  onError(error: unknown): void;
}

/**
 * Per-client-IP request budgets (API.md §1.6), counted per route as slowapi did: in memory, or in
 * Redis (REDIS_URL) so that every instance counts against the same budget.
 * Over budget: 429 with the §0.2 body, `details.limit` and a `Retry-After` header.
 */
export class RateLimiter {
  private readonly db = new Map<string, { reset: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly rules: Readonly<Record<RateLimitGroup, RateLimitRule>>,
    private readonly shared: SharedCounters | null = null,
    private readonly hits: SharedHits | null = null,
  ) {
    // Forget windows that have ended, so the table does not grow with every IP ever seen.
    this.sweeper = setInterval(() => {
      const now = Date.now() / 1000;
      for (const [key, entry] of this.db) if (entry.reset < now) this.db.delete(key);
    }, 60_000);
    this.sweeper.unref();
  }

  /** A middleware with its own counters for one route. */
  for(group: RateLimitGroup, route: string): Middleware {
    const rule = this.rules[group];
    const limited = (resetSeconds: number): HttpError =>
      new HttpError(
        429,
        `Rate limit exceeded: ${rule.label}`,
        undefined,
        { 'Retry-After': String(Math.max(1, Math.ceil(resetSeconds - Date.now() / 1000))) },
        { details: { limit: rule.label } },
      );
    const hits = this.hits;
    if (hits && !this.shared) {
      // The same budget, headers and 429 as koa-ratelimit's, counted in the shared table.
      return async (ctx, next) => {
        let counted: { count: number; resetMs: number };
        try {
          counted = await hits.hit(`${group}:${route}:${ctx.ip || 'unknown'}`, rule.windowMs);
        } catch (e) {
          hits.onError(e);
          return next();
        }
        const reset = Math.ceil(counted.resetMs / 1000);
        ctx.set('X-RateLimit-Limit', String(rule.max));
        ctx.set('X-RateLimit-Remaining', String(Math.max(0, rule.max - counted.count)));
        ctx.set('X-RateLimit-Reset', String(reset));
        if (counted.count > rule.max) throw limited(reset);
        return next();
      };
    }
    // onLimited is supported by koa-ratelimit 6 but missing from its type definitions.
    const options = {
      driver: this.shared ? 'redis' : 'memory',
      db: this.shared ? this.shared.client : (this.db as unknown as Map<unknown, unknown>),
      namespace: `${group}:${route}`,
      duration: rule.windowMs,
      max: rule.max,
      id: (ctx: Context) => ctx.ip || 'unknown',
      disableHeader: false,
      onLimited: (ctx: Context) => {
        const reset = Number(
          (ctx.state.rateLimit as { headers?: Record<string, number> } | undefined)?.headers?.['X-RateLimit-Reset'] ?? 0,
        );
        throw limited(reset);
      },
    };
    const limiter = ratelimit(options as Parameters<typeof ratelimit>[0]);
    const shared = this.shared;
    if (!shared) return limiter;
    // A shared store that cannot be reached lets the request through (ordering never stops for a
    // rate-limit counter), and says so; errors from the route itself are not touched.
    return async (ctx, next) => {
      let passed = false;
      try {
        await limiter(ctx, () => {
          passed = true;
          return next();
        });
      } catch (e) {
        if (passed || e instanceof HttpError) throw e;
        shared.onError(e);
        await next();
      }
    };
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
