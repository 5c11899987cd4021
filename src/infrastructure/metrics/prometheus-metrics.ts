import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { OperationsMetrics } from '../../application/shared/shared.ports';
import type { BackupRun, BackupRunLog } from '../../application/backups/backups.ports';
import type { StoreObserver } from '../persistence/data-source';

/** What the metrics read when scraped (not pushed): the live state of the store and the backups. */
export interface MetricsSources {
  /** Writes waiting for the writer right now. */
  writeQueueDepth(): number;
  /** When the newest listed (verified) backup was taken, ISO; null when there is none. */
  newestBackupAt(): Promise<string | null>;
  now(): number;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The operator's metrics in Prometheus' text format (prom-client), one registry per server: HTTP
 * requests by route pattern and status with their latency, orders placed, the writer's queue and
 * group-commit batches, backup runs and age, restore pauses, and Node's own process metrics.
 */
export class PrometheusMetrics implements OperationsMetrics, StoreObserver {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly latency: Histogram<'method' | 'route' | 'status'>;
  private readonly orders: Counter<'origin'>;
  private readonly batches: Histogram;
  private readonly pauses: Counter<'reason'>;
  private readonly pauseSeconds: Histogram;
  private readonly backupRuns: Counter<'kind' | 'outcome'>;
  private readonly backupSeconds: Histogram<'kind' | 'outcome'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'chorizaurio_' });
    this.requests = new Counter({
      name: 'chorizaurio_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'chorizaurio_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.orders = new Counter({
      name: 'chorizaurio_orders_placed_total',
      help: 'New orders committed (idempotent repeats not counted), by origin: order screen or template',
      labelNames: ['origin'],
      registers,
    });
    new Gauge({
      name: 'chorizaurio_write_queue_depth',
      help: 'Writes waiting for the database writer when scraped',
      registers,
      collect() {
        this.set(sources.writeQueueDepth());
      },
    });
    this.batches = new Histogram({
      name: 'chorizaurio_group_commit_batch_size',
      help: 'Writes committed together in one group-commit transaction',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    });
    this.pauses = new Counter({
      name: 'chorizaurio_write_pauses_total',
      help: 'Times writes were paused (a restore swapping the database in)',
      labelNames: ['reason'],
      registers,
    });
    this.pauseSeconds = new Histogram({
      name: 'chorizaurio_write_pause_seconds',
      help: 'How long each write pause (restore) held writes',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers,
    });
    this.backupRuns = new Counter({
      name: 'chorizaurio_backup_runs_total',
      help: 'Backup attempts since start-up, by kind and outcome (ok or failed)',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.backupSeconds = new Histogram({
      name: 'chorizaurio_backup_duration_seconds',
      help: 'Time to take, verify and list a backup, by kind and outcome',
      labelNames: ['kind', 'outcome'],
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    });
    new Gauge({
      name: 'chorizaurio_backup_age_seconds',
      help: 'Age of the newest verified backup when scraped; -1 when there is none',
      registers,
      async collect() {
        const at = await sources.newestBackupAt().catch(() => null);
        this.set(at === null ? -1 : Math.max(0, (sources.now() - Date.parse(at)) / 1000));
      },
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  orderPlaced(origin: 'order' | 'template'): void {
    this.orders.inc({ origin });
  }

  committed(batchSize: number): void {
    this.batches.observe(batchSize);
  }

  paused(reason: string, ms: number): void {
    const kind = /restor/i.test(reason) ? 'restore' : 'other';
    this.pauses.inc({ reason: kind });
    this.pauseSeconds.observe(ms / 1000);
  }

  request(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.latency.observe(labels, seconds);
  }

  backupRun(run: BackupRun): void {
    const labels = { kind: run.kind, outcome: run.ok ? 'ok' : 'failed' };
    this.backupRuns.inc(labels);
    this.backupSeconds.observe(labels, run.durationMs / 1000);
  }
}

/** The backup run log, with every attempt also counted and timed in the metrics. */
export class MeteredBackupRunLog implements BackupRunLog {
  constructor(
    private readonly inner: BackupRunLog,
    private readonly metrics: Pick<PrometheusMetrics, 'backupRun'>,
  ) {}

  get startedAt(): string {
    return this.inner.startedAt;
  }
  record(run: BackupRun): void {
    this.inner.record(run);
    this.metrics.backupRun(run);
  }
  last(): BackupRun | null {
    return this.inner.last();
  }
  lastScheduled(): BackupRun | null {
    return this.inner.lastScheduled();
  }
  consecutiveFailures(): number {
    return this.inner.consecutiveFailures();
  }
  setSchedulerRunning(running: boolean): void {
    this.inner.setSchedulerRunning(running);
  }
  schedulerRunning(): boolean {
    return this.inner.schedulerRunning();
  }
}
