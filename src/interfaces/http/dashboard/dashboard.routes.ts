import type Router from '@koa/router';
import type {
  DashboardMetrics,
  OrdersPerDay,
  StockAlerts,
  UserStatistics,
  SalesStatistics,
} from '../../../application/dashboard/dashboard.use-cases';
import type { Guards } from '../auth.middleware';
import type { RateLimiter } from '../rate-limit';
import { queryInt } from '../validation';
import { metricsView, ordersPerDayView, salesStatisticsView, stockAlertsView, userStatisticsView } from './dashboard.views';

export interface DashboardRoutesDeps {
  readonly dashboardMetrics: DashboardMetrics;
  readonly ordersPerDay: OrdersPerDay;
  readonly stockAlerts: StockAlerts;
  readonly userStatistics: UserStatistics;
  readonly salesStatistics: SalesStatistics;
  readonly guards: Guards;
  readonly limiter: RateLimiter;
}

/** Dashboard and statistics (API.md §13.7, §13.8): days in Montevideo time, PEDIDOS_DESDE applied. */
export function registerDashboardRoutes(router: Router, d: DashboardRoutesDeps): void {
  const { user } = d.guards;
  const read = d.limiter.for('read', 'dashboard');
  router.get('/api/dashboard/metrics', read, user, async (ctx) => {
    ctx.body = metricsView(await d.dashboardMetrics.execute());
  });
  router.get('/api/dashboard/pedidos_por_dia', read, user, async (ctx) => {
    ctx.body = ordersPerDayView(await d.ordersPerDay.execute({ days: queryInt(ctx, 'dias', 1, 365) ?? 30 }));
  });
  router.get('/api/dashboard/alertas', read, user, async (ctx) => {
    ctx.body = stockAlertsView(await d.stockAlerts.execute());
  });
  router.get('/api/estadisticas/usuarios', read, user, async (ctx) => {
    ctx.body = userStatisticsView(await d.userStatistics.execute());
  });
  router.get('/api/estadisticas/ventas', read, user, async (ctx) => {
    ctx.body = salesStatisticsView(await d.salesStatistics.execute({ days: queryInt(ctx, 'dias', 1, 365) ?? 30 }));
  });
}
