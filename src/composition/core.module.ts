import type { AppConfig } from '../infrastructure/config/env-config';
import { SqliteStore } from '../infrastructure/persistence/data-source';
import { PostgresStore } from '../infrastructure/persistence/postgres/postgres-store';
import type { SqlStore } from '../infrastructure/persistence/sql-store';
import { StoreTransactionRunner } from '../infrastructure/persistence/store-transaction-runner';
import { SqlAuditLog } from '../infrastructure/persistence/audit/sql-audit-log';
import { SystemClock } from '../infrastructure/time/system-clock';
import { AUDIT_LOG, CLOCK, LOGGER, type Logger, TRANSACTION_RUNNER } from '../application/shared/shared.ports';
import { token } from '../application/shared/token';
import { feature } from './binder';

export const CONFIG = token<AppConfig>('AppConfig', []);
/** The database every repository uses, whichever engine holds it. */
export const SQL_STORE = token<SqlStore>('SqlStore', ['query', 'queryPrepared', 'write', 'read', 'close', 'dataVersion']);
/** The embedded SQLite store itself, for SQLite's own tools (file backups, restores, pragmas); bound only on SQLite. */
export const STORE = token<SqliteStore>('SqliteStore', ['query', 'write', 'read', 'close', 'dataVersion']);
/** The PostgreSQL store itself, for PostgreSQL's own tools (its migration runner); bound only on PostgreSQL. */
export const PG_STORE = token<PostgresStore>('PostgresStore', ['query', 'write', 'read', 'close', 'dataVersion']);
/** The JWT signing key (resolved at start-up: environment, file or development key). */
export const SECRET_KEY = token<string>('SecretKey', []);

export interface CoreValues {
  readonly config: AppConfig;
  /** Opened before the container is built, so that `get` stays synchronous: SQLite (the default) or PostgreSQL. */
  readonly store: SqliteStore | PostgresStore;
  readonly logger: Logger;
  readonly secretKey: string;
}

/** What every feature shares: settings, the database, the clock, transactions, the audit log. */
export const coreModule = (values: CoreValues) =>
  feature('core', (b) => {
    b.value(CONFIG, values.config);
    b.value(SQL_STORE, values.store);
    if (values.store instanceof SqliteStore) b.value(STORE, values.store);
    if (values.store instanceof PostgresStore) b.value(PG_STORE, values.store);
    b.value(LOGGER, values.logger);
    b.value(SECRET_KEY, values.secretKey);
    b.provide(CLOCK, [], () => new SystemClock());
    b.provide(TRANSACTION_RUNNER, [SQL_STORE], (s) => new StoreTransactionRunner(s));
    b.provide(AUDIT_LOG, [SQL_STORE], (s) => new SqlAuditLog(s));
  });
