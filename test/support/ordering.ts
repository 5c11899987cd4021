import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { createContainer } from '../../src/container';
import { parseConfig } from '../../src/infrastructure/config/env-config';
import { createLogger } from '../../src/infrastructure/logging/logger';
import type { Container } from 'inversify';
import { migrateFile } from './migrate';
import { copyFixture, tempDir } from './temp';
import { queryFile } from './db-digest';
import * as path from 'node:path';

/** The real container on a migrated copy of a fixture (or a fresh database), for use-case tests. */
export async function realContainer(fixture: string | null = 'original-current.db', env: Record<string, string> = {}): Promise<{ c: Container; store: SqliteStore; dbPath: string; close(): Promise<void> }> {
  const dir = tempDir();
  const dbPath = fixture ? copyFixture(fixture, dir, 'ventas.db') : path.join(dir, 'ventas.db');
  await migrateFile(dbPath);
  const parsed = parseConfig({ DATA_DIR: dir, DB_PATH: dbPath, ...env }, dir);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const store = await SqliteStore.open(dbPath);
  const c = createContainer({ config: parsed.config, store, logger: createLogger('silent'), secretKey: 'k'.repeat(40) });
  return { c, store, dbPath, close: () => store.close() };
}

export async function counts(dbPath: string): Promise<{ pedidos: number; detalles: number; historial: number }> {
  const [row] = await queryFile<{ pedidos: number; detalles: number; historial: number }>(
    dbPath,
    'SELECT (SELECT count(*) FROM pedidos) AS pedidos, (SELECT count(*) FROM detalles_pedido) AS detalles, (SELECT count(*) FROM historial_pedidos) AS historial',
  );
  return row!;
}
