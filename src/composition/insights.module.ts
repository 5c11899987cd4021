import { SqlDashboardQueries } from '../infrastructure/persistence/dashboard/sql-dashboard.queries';
import { SqlReportQueries } from '../infrastructure/persistence/reports/sql-report.queries';
import { SqlPrintQueries } from '../infrastructure/persistence/printing/sql-print.queries';
import { PdfKitRenderer } from '../infrastructure/pdf/pdfkit-renderer';
import { CLOCK, TRANSACTION_RUNNER } from '../application/shared/shared.ports';
import { DASHBOARD_QUERIES } from '../application/dashboard/dashboard.ports';
import {
  DashboardMetrics,
  OrdersPerDay,
  StockAlerts,
  UserStatistics,
  SalesStatistics,
  type DashboardDeps,
} from '../application/dashboard/dashboard.use-cases';
import { REPORT_QUERIES } from '../application/reports/reports.ports';
import {
  SalesReport,
  InventoryReport,
  ClientsReport,
  ProductsReport,
  PerformanceReport,
  ComparisonReport,
  type ReportsDeps,
} from '../application/reports/reports.use-cases';
import { PDF_RENDERER, PRINT_QUERIES } from '../application/printing/printing.ports';
import { GenerateOrdersPdf, GenerateRouteSheet, type PrintingDeps } from '../application/printing/printing.use-cases';
import { registerDashboardRoutes } from '../interfaces/http/dashboard/dashboard.routes';
import { registerReportsRoutes } from '../interfaces/http/reports/reports.routes';
import { registerPrintingRoutes } from '../interfaces/http/printing/printing.routes';
import { token } from '../application/shared/token';
import { CONFIG, SQL_STORE } from './core.module';
import { feature } from './binder';

const ORDERS_FROM = token<string | null>('OrdersFrom', []);

export const dashboardModule = feature('dashboard', (b) => {
  b.provide(DASHBOARD_QUERIES, [SQL_STORE], (s) => new SqlDashboardQueries(s));
  b.provide(ORDERS_FROM, [CONFIG], (c) => c.ordersFrom);
  const deps = b.bag<DashboardDeps>('deps', { queries: DASHBOARD_QUERIES, clock: CLOCK, ordersFrom: ORDERS_FROM });
  b.useCases(deps, [DashboardMetrics, OrdersPerDay, StockAlerts, UserStatistics, SalesStatistics]);
  b.routes(
    {
      dashboardMetrics: DashboardMetrics,
      ordersPerDay: OrdersPerDay,
      stockAlerts: StockAlerts,
      userStatistics: UserStatistics,
      salesStatistics: SalesStatistics,
    },
    (router, d, shared) => registerDashboardRoutes(router, { ...d, ...shared }),
  );
});

export const reportsModule = feature('reports', (b) => {
  b.provide(REPORT_QUERIES, [SQL_STORE], (s) => new SqlReportQueries(s));
  const deps = b.bag<ReportsDeps>('deps', { queries: REPORT_QUERIES, clock: CLOCK });
  b.useCases(deps, [SalesReport, InventoryReport, ClientsReport, ProductsReport, PerformanceReport, ComparisonReport]);
  b.routes(
    {
      salesReport: SalesReport,
      inventoryReport: InventoryReport,
      clientsReport: ClientsReport,
      productsReport: ProductsReport,
      performanceReport: PerformanceReport,
      comparisonReport: ComparisonReport,
    },
    (router, d, shared) => registerReportsRoutes(router, { ...d, ...shared }),
  );
});

/** The printed documents: the orders PDF and the route sheet. */
export const printingModule = feature('printing', (b) => {
  b.provide(PRINT_QUERIES, [SQL_STORE], (s) => new SqlPrintQueries(s));
  b.provide(PDF_RENDERER, [], () => new PdfKitRenderer());
  const deps = b.bag<PrintingDeps>('deps', { queries: PRINT_QUERIES, renderer: PDF_RENDERER, tx: TRANSACTION_RUNNER, clock: CLOCK });
  b.useCases(deps, [GenerateOrdersPdf, GenerateRouteSheet]);
  b.routes({ generateOrdersPdf: GenerateOrdersPdf, generateRouteSheet: GenerateRouteSheet }, (router, d, shared) =>
    registerPrintingRoutes(router, { ...d, ...shared }),
  );
});
