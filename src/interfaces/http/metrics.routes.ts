import type Router from '@koa/router';
import type { Guards } from './auth.middleware';

/** The metrics as Prometheus text. */
export interface MetricsExposition {
  readonly contentType: string;
  text(): Promise<string>;
}

/**
 * GET /metrics in Prometheus' text format: for an admin's token, or for a scraper holding
 * METRICS_TOKEN (`Authorization: Bearer <METRICS_TOKEN>`); anyone else gets 401/403.
 */
export function registerMetricsRoutes(
  router: Router,
  d: { metrics: MetricsExposition; metricsToken: string | null; guards: Guards },
): void {
  router.get('/metrics', d.guards.adminOrSecret(d.metricsToken), async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.type = d.metrics.contentType;
    ctx.body = await d.metrics.text();
  });
}
