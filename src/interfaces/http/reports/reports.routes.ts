import type Router from '@koa/router';
import type {
  SalesReport,
  InventoryReport,
  ClientsReport,
  ProductsReport,
  PerformanceReport,
  ComparisonReport,
} from '../../../application/reports/reports.use-cases';
import type { Guards } from '../auth.middleware';
import type { RateLimiter } from '../rate-limit';
import { unwrap } from '../errors';
import { queryString } from '../validation';
import {
  clientsReportView,
  comparisonReportView,
  inventoryReportView,
  performanceReportView,
  productsReportView,
  salesReportView,
} from './reports.views';

export interface ReportsRoutesDeps {
  readonly salesReport: SalesReport;
  readonly inventoryReport: InventoryReport;
  readonly clientsReport: ClientsReport;
  readonly productsReport: ProductsReport;
  readonly performanceReport: PerformanceReport;
  readonly comparisonReport: ComparisonReport;
  readonly guards: Guards;
  readonly limiter: RateLimiter;
}

/** Reports, admin only (API.md §13.6 with the fixes of §13.13): days are the shop's (Montevideo) days. */
export function registerReportsRoutes(router: Router, d: ReportsRoutesDeps): void {
  const { admin } = d.guards;
  const read = d.limiter.for('read', 'reportes');
  const range = (ctx: Parameters<typeof queryString>[0]) => ({
    desde: queryString(ctx, 'desde', 40),
    hasta: queryString(ctx, 'hasta', 40),
  });
  router.get('/api/reportes/ventas', read, admin, async (ctx) => {
    ctx.body = salesReportView(unwrap(await d.salesReport.execute(range(ctx))));
  });
  router.get('/api/reportes/inventario', read, admin, async (ctx) => {
    ctx.body = inventoryReportView(await d.inventoryReport.execute());
  });
  router.get('/api/reportes/clientes', read, admin, async (ctx) => {
    ctx.body = clientsReportView(await d.clientsReport.execute());
  });
  router.get('/api/reportes/productos', read, admin, async (ctx) => {
    ctx.body = productsReportView(unwrap(await d.productsReport.execute(range(ctx))));
  });
  router.get('/api/reportes/rendimiento', read, admin, async (ctx) => {
    ctx.body = performanceReportView(await d.performanceReport.execute());
  });
  router.get('/api/reportes/comparativo', read, admin, async (ctx) => {
    ctx.body = comparisonReportView(await d.comparisonReport.execute());
  });
}
