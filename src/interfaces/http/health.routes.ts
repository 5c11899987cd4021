import type Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import type { CheckHealth } from '../../application/health/check-health.use-case';

export interface HealthRoutesDeps {
  readonly checkHealth: CheckHealth;
  readonly environment: string;
  readonly version: string;
  /** `sqlite` (the original's value) or `postgresql`. */
  readonly databaseType?: 'sqlite' | 'postgresql';
}

/** GET /api/health and GET /health (API.md §9.1): always 200; `degraded` tells a monitor what's wrong. */
export function registerHealthRoutes(router: Router, deps: HealthRoutesDeps): void {
  const handler = async (ctx: RouterContext): Promise<void> => {
    const health = await deps.checkHealth.execute();
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      status: health.status,
      database: health.database,
      backups: health.backups,
      database_type: deps.databaseType ?? 'sqlite',
      environment: deps.environment,
      version: deps.version,
      request_id: ctx.state.requestId,
      timestamp: new Date().toISOString().replace('Z', '+00:00'),
    };
  };
  router.get('/api/health', handler);
  router.get('/health', handler);
  router.get('/', (ctx) => {
    ctx.body = { message: 'Chorizaurio API is running', version: deps.version };
  });
}
