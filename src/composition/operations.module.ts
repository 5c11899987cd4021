import { OPERATIONS_METRICS, CLOCK } from '../application/shared/shared.ports';
import { BACKUP_STORE } from '../application/backups/backups.ports';
import { token } from '../application/shared/token';
import { PrometheusMetrics } from '../infrastructure/metrics/prometheus-metrics';
import { registerMetricsRoutes } from '../interfaces/http/metrics.routes';
import { registerDocsRoutes } from '../interfaces/http/openapi/docs.routes';
import * as path from 'node:path';
import { appVersion, packageRoot } from '../infrastructure/config/app-info';
import { registerOpsRoutes } from '../interfaces/http/ops.routes';
import { feature } from './binder';
import { CONFIG, STORE } from './core.module';

/** The one metrics registry of a server: the store, the use cases and the HTTP edge report to it. */
export const PROMETHEUS = token<PrometheusMetrics>('PrometheusMetrics', ['text', 'request', 'orderPlaced', 'backupRun']);

/** What the operator watches: metrics (and, below, the API's documentation and the console). */
export const operationsModule = feature('operations', (b) => {
  b.provide(PROMETHEUS, [STORE, BACKUP_STORE, CLOCK], (store, backups, clock) => {
    const metrics = new PrometheusMetrics({
      writeQueueDepth: () => store.writeQueueDepth,
      newestBackupAt: async () => (await backups.list())[0]?.createdAt ?? null,
      now: () => clock.now().toMillis(),
    });
    store.observe(metrics);
    return metrics;
  });
  b.provide(OPERATIONS_METRICS, [PROMETHEUS], (m) => m);
  b.routes({ metrics: PROMETHEUS, config: CONFIG }, (router, d, shared) => {
    registerMetricsRoutes(router, { metrics: d.metrics, metricsToken: d.config.metricsToken, guards: shared.guards });
    if (d.config.apiDocs) registerDocsRoutes(router, { version: appVersion(), environment: d.config.environment });
    registerOpsRoutes(router, { assetsDir: path.join(packageRoot(), 'public', 'ops') });
  });
});
