import { OPERATIONS_METRICS, CLOCK } from '../application/shared/shared.ports';
import { token } from '../application/shared/token';
import { PrometheusMetrics } from '../infrastructure/metrics/prometheus-metrics';
import { registerMetricsRoutes } from '../interfaces/http/metrics.routes';
import { registerDocsRoutes } from '../interfaces/http/openapi/docs.routes';
import * as path from 'node:path';
import { appVersion, packageRoot } from '../infrastructure/config/app-info';
import { registerOpsRoutes } from '../interfaces/http/ops.routes';
import { feature } from './binder';
import { CONFIG, SQL_STORE } from './core.module';
import { SqliteStore } from '../infrastructure/persistence/data-source';
import { PostgresStore } from '../infrastructure/persistence/postgres/postgres-store';

/** The one metrics registry of a server: the store, the use cases and the HTTP edge report to it. */
export const PROMETHEUS = token<PrometheusMetrics>('PrometheusMetrics', ['text', 'request', 'orderPlaced', 'backupRun']);
/** When the newest verified backup was taken (null: none, or backups are not this server's on this engine). */
export const NEWEST_BACKUP = token<() => Promise<string | null>>('NewestBackup', []);

/** What the operator watches: metrics (and, below, the API's documentation and the console). */
export const operationsModule = feature('operations', (b) => {
  b.provide(PROMETHEUS, [SQL_STORE, NEWEST_BACKUP, CLOCK], (store, newestBackupAt, clock) => {
    const metrics = new PrometheusMetrics({
      writeQueueDepth: () => store.writeQueueDepth,
      newestBackupAt,
      now: () => clock.now().toMillis(),
    });
    if (store instanceof SqliteStore || store instanceof PostgresStore) store.observe(metrics);
    return metrics;
  });
  b.provide(OPERATIONS_METRICS, [PROMETHEUS], (m) => m);
  b.routes({ metrics: PROMETHEUS, config: CONFIG }, (router, d, shared) => {
    registerMetricsRoutes(router, { metrics: d.metrics, metricsToken: d.config.metricsToken, guards: shared.guards });
    if (d.config.apiDocs) registerDocsRoutes(router, { version: appVersion(), environment: d.config.environment });
    registerOpsRoutes(router, { assetsDir: path.join(packageRoot(), 'public', 'ops') });
  });
});
