import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { createContainer, CONFIG } from '../../src/container';
import { resolve } from '../../src/composition/binder';
import { backupSettingsOf } from '../../src/composition/maintenance.module';
import type { RestoreDeps } from '../../src/application/backups/restore.use-cases';
import {
  BACKUP_MAKER,
  BACKUP_RUN_LOG,
  SCHEDULER_LEADERSHIP,
  BACKUP_STORE,
  DATABASE_FILE_INSPECTOR,
  LIVE_DATABASE,
  MAINTENANCE_LOCK,
  SCRATCH_DATABASES,
} from '../../src/application/backups/backups.ports';
import { AUDIT_LOG, CLOCK } from '../../src/application/shared/shared.ports';
import { MIGRATION_RUNNER } from '../../src/application/maintenance/maintenance.ports';
import { parseConfig } from '../../src/infrastructure/config/env-config';
import { createLogger } from '../../src/infrastructure/logging/logger';
import type { Container } from 'inversify';
import { migrateFile } from './migrate';
import { copyFixture, tempDir } from './temp';
import { execFile, queryFile } from './db-digest';
import * as path from 'node:path';

/** The real container on a migrated copy of a fixture (or a fresh database), for use-case tests. */
export async function realContainer(
  fixture: string | null = 'original-current.db',
  env: Record<string, string> = {},
): Promise<{ c: Container; store: SqliteStore; dbPath: string; close(): Promise<void> }> {
  const dir = tempDir();
  const dbPath = fixture ? copyFixture(fixture, dir, 'ventas.db') : path.join(dir, 'ventas.db');
  await migrateFile(dbPath);
  const parsed = parseConfig({ DATA_DIR: dir, DB_PATH: dbPath, ...env }, dir);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const store = await SqliteStore.open(dbPath);
  const c = createContainer({ config: parsed.config, store, logger: createLogger('silent'), secretKey: 'k'.repeat(40) });
  return { c, store, dbPath, close: () => store.close() };
}

/** The order tables' row counts: of a SQLite file, or of a running app's database (either engine). */
export async function counts(
  db: string | { query<T>(sql: string, params?: unknown[]): Promise<T[]> },
): Promise<{ pedidos: number; detalles: number; historial: number }> {
  const read = <T>(sql: string) => (typeof db === 'string' ? queryFile<T>(db, sql) : db.query<T>(sql));
  const [row] = await read<{ pedidos: number; detalles: number; historial: number }>(
    'SELECT (SELECT count(*) FROM pedidos) AS pedidos, (SELECT count(*) FROM detalles_pedido) AS detalles, (SELECT count(*) FROM historial_pedidos) AS historial',
  );
  return row!;
}

/** Fills a copy of the production file with `n` more orders of 1–8 lines (one transaction). */
export async function withOrders(n: number): Promise<string> {
  const dir = tempDir();
  const db = copyFixture('original-current.db', dir, 'ventas.db');
  await migrateFile(db);
  await execFile(
    db,
    `BEGIN;
     WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${n})
     INSERT INTO pedidos (cliente_id, fecha, fecha_creacion, creado_por, estado)
       SELECT 1 + (i % 18), printf('2026-03-%02dT10:00:00.%06d', 1 + (i % 28), i), '01/03/2026 07:00:00', 'vendedor1', 'pendiente' FROM seq;
     INSERT INTO detalles_pedido (pedido_id, producto_id, cantidad, tipo, precio_unitario)
       SELECT p.id, 1 + ((p.id + k.k) % 26), 1 + (p.id % 5), 'unidad', 100 FROM pedidos p JOIN (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3) k ON k.k <= 1 + (p.id % 3) WHERE p.id > 240;
     COMMIT;`,
  );
  return db;
}

/** The restore use cases' ports, resolved from the real container (what the maintenance module bundles). */
export function restoreDepsOf(c: Container): RestoreDeps {
  const config = resolve(c, CONFIG);
  return {
    maker: resolve(c, BACKUP_MAKER),
    store: resolve(c, BACKUP_STORE),
    lock: resolve(c, MAINTENANCE_LOCK),
    runs: resolve(c, BACKUP_RUN_LOG),
    clock: resolve(c, CLOCK),
    settings: backupSettingsOf(config),
    leadership: resolve(c, SCHEDULER_LEADERSHIP),
    inspector: resolve(c, DATABASE_FILE_INSPECTOR),
    scratches: resolve(c, SCRATCH_DATABASES),
    live: resolve(c, LIVE_DATABASE),
    audit: resolve(c, AUDIT_LOG),
    migrations: resolve(c, MIGRATION_RUNNER),
  };
}
