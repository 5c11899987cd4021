import type { AppConfig } from '../infrastructure/config/env-config';
import type { SqliteStore } from '../infrastructure/persistence/data-source';
import { StoreTransactionRunner } from '../infrastructure/persistence/store-transaction-runner';
import { SqlAuditLog } from '../infrastructure/persistence/audit/sql-audit-log';
import { SqliteDatabaseProbe } from '../infrastructure/persistence/sqlite-database-probe';
import { SystemClock } from '../infrastructure/time/system-clock';
import { AUDIT_LOG, CLOCK, LOGGER, type Logger, TRANSACTION_RUNNER } from '../application/shared/shared.ports';
import { DATABASE_PROBE } from '../application/health/health.ports';
import { token } from '../application/shared/token';
import { feature } from './binder';

export const CONFIG = token<AppConfig>('AppConfig', []);
export const STORE = token<SqliteStore>('SqliteStore', ['query', 'write', 'read', 'close', 'dataVersion']);
/** The JWT signing key (resolved at start-up: environment, file or development key). */
export const SECRET_KEY = token<string>('SecretKey', []);

export interface CoreValues {
  readonly config: AppConfig;
  /** Opened before the container is built, so that `get` stays synchronous. */
  readonly store: SqliteStore;
  readonly logger: Logger;
  readonly secretKey: string;
}

/** What every feature shares: settings, the database, the clock, transactions, the audit log. */
export const coreModule = (values: CoreValues) =>
  feature('core', (b) => {
    b.value(CONFIG, values.config);
    b.value(STORE, values.store);
    b.value(LOGGER, values.logger);
    b.value(SECRET_KEY, values.secretKey);
    b.provide(CLOCK, [], () => new SystemClock());
    b.provide(TRANSACTION_RUNNER, [STORE], (s) => new StoreTransactionRunner(s));
    b.provide(AUDIT_LOG, [STORE], (s) => new SqlAuditLog(s));
    b.provide(DATABASE_PROBE, [STORE], (s) => new SqliteDatabaseProbe(s));
  });
