import { BACKUP_MAKER, LIVE_DATABASE, MAINTENANCE_LOCK, SCHEDULER_LEADERSHIP } from '../../src/application/backups/backups.ports';
import { PgDumpBackupMaker, PgLiveDatabase } from '../../src/infrastructure/backups/postgres-backups';
import { PgMaintenanceLock, PgSchedulerLeadership } from '../../src/infrastructure/persistence/postgres/advisory-locks';
import { expect } from 'chai';
import { createContainer, featureModules } from '../../src/container';
import { feature, resolve } from '../../src/composition/binder';
import { SignOut } from '../../src/application/auth/session.use-cases';
import { REVOKED_TOKEN_REPOSITORY } from '../../src/application/auth/auth.ports';
import { CLIENT_LOOKUP, ORDER_REPOSITORY } from '../../src/application/ordering/ordering.ports';
import { GetOrder } from '../../src/application/ordering/order-queries.use-cases';
import { ChangeOrderState } from '../../src/application/ordering/order-lifecycle.use-cases';
import { StoreTransactionRunner } from '../../src/infrastructure/persistence/store-transaction-runner';
import { STORE, type CoreValues } from '../../src/composition/core.module';
import { describePostgres, migratedPostgres } from '../support/postgres';
import { CLOCK, type Clock } from '../../src/application/shared/shared.ports';
import { PlaceOrder } from '../../src/application/ordering/place-order.use-case';
import { ROUTE_GROUPS } from '../../src/composition/binder';
import type { RouteGroup } from '../../src/interfaces/http/app';
import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { parseConfig } from '../../src/infrastructure/config/env-config';
import { createLogger } from '../../src/infrastructure/logging/logger';
import { DateTime } from 'luxon';
import * as path from 'node:path';
import { tempDir } from '../support/temp';
import { migrateFile } from '../support/migrate';
import { queryFile } from '../support/db-digest';

async function core() {
  const dir = tempDir();
  const dbPath = path.join(dir, 'ventas.db');
  await migrateFile(dbPath);
  const parsed = parseConfig({ DATA_DIR: dir, DB_PATH: dbPath }, dir);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const store = await SqliteStore.open(dbPath);
  return { dbPath, store, values: { config: parsed.config, store, logger: createLogger('silent'), secretKey: 'k'.repeat(40) } };
}

/** Resolves every binding of every module of the container `values` builds; what does not resolve, or is not what it is bound as. */
function resolveAll(values: CoreValues): { problems: string[]; checked: number } {
  const modules = featureModules(values);
  const c = createContainer(values, modules);
  const problems: string[] = [];
  let checked = 0;
  for (const m of modules) {
    expect(m.bindings.length, `${m.name} bound nothing`).to.be.greaterThan(0);
    for (const b of m.bindings) {
      const name = typeof b.id === 'symbol' ? b.id.description : b.id.name;
      let value: unknown;
      try {
        value = c.get(b.id);
      } catch (e) {
        problems.push(`${m.name}: ${name} does not resolve (${(e as Error).message.split('\n')[0]})`);
        continue;
      }
      checked++;
      if (typeof b.mustBe === 'function') {
        if (!(value instanceof b.mustBe)) problems.push(`${m.name}: ${name} is not a ${b.mustBe.name}`);
      } else if (b.mustBe) {
        for (const member of b.mustBe) {
          if ((value as Record<string, unknown>)[member] === undefined) problems.push(`${m.name}: ${name} has no ${member}`);
        }
      }
    }
  }
  return { problems, checked };
}

describePostgres('architecture: the composition root on PostgreSQL', () => {
  it("builds the container on a PostgresStore: every binding resolves; no SQLite-only adapter is bound, the backups are PostgreSQL's", async () => {
    const pg = await migratedPostgres();
    try {
      const dir = tempDir();
      const parsed = parseConfig({ DATA_DIR: dir }, dir);
      if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
      const values = { config: parsed.config, store: pg.store, logger: createLogger('silent'), secretKey: 'k'.repeat(40) };
      const { problems, checked } = resolveAll(values);
      expect(problems).to.deep.equal([]);
      expect(checked).to.be.greaterThan(120);
      const c = createContainer(values);
      expect(c.isBound(STORE)).to.equal(false);
      const groups = c.getAll<RouteGroup>(ROUTE_GROUPS).map((g) => g.name);
      expect(groups).to.include('admin');
      expect(groups[0]).to.equal('maintenance');
      // The same use cases, over pg_dump archives and advisory locks shared by every instance.
      expect(resolve(c, BACKUP_MAKER)).to.be.instanceOf(PgDumpBackupMaker);
      expect(resolve(c, LIVE_DATABASE)).to.be.instanceOf(PgLiveDatabase);
      expect(resolve(c, MAINTENANCE_LOCK)).to.be.instanceOf(PgMaintenanceLock);
      expect(resolve(c, SCHEDULER_LEADERSHIP)).to.be.instanceOf(PgSchedulerLeadership);
    } finally {
      await pg.close();
    }
  });
});

describe('architecture: the composition root (src/container.ts, src/composition/*.module.ts)', () => {
  it('resolves every binding of every feature module, each the class or the port it is bound as', async () => {
    const { store, values } = await core();
    try {
      const { problems, checked } = resolveAll(values);
      expect(problems).to.deep.equal([]);
      expect(checked).to.be.greaterThan(150);
    } finally {
      await store.close();
    }
  });

  it('every use case is a singleton, and every feature with routes contributes one route group, in the order the router needs', async () => {
    const { store, values } = await core();
    try {
      const c = createContainer(values);
      expect(c.get(PlaceOrder)).to.equal(c.get(PlaceOrder));
      const groups = c.getAll<RouteGroup>(ROUTE_GROUPS).map((g) => g.name);
      expect(groups).to.deep.equal([
        'maintenance',
        'auth',
        'users',
        'clients',
        'catalog',
        'printing',
        'ordering',
        'admin',
        'offers',
        'drivers',
        'tags',
        'dashboard',
        'price-lists',
        'templates',
        'reports',
        'operations',
      ]);
    } finally {
      await store.close();
    }
  });

  it('a port rebound to a fake through the container reaches the use cases that depend on it', async () => {
    const { dbPath, store, values } = await core();
    try {
      const c = createContainer(values);
      const fixed: Clock = { now: () => DateTime.fromISO('2031-05-04T13:00:00Z') };
      c.rebind(CLOCK).toConstantValue(fixed);
      expect(resolve(c, CLOCK)).to.equal(fixed);
      // A fresh database has no clients: the fake clock is still what dates a refusal-free write path.
      await store.write((m) => m.query("INSERT INTO clientes (nombre) VALUES ('Carnicería test')"));
      await store.write((m) => m.query("INSERT INTO productos (nombre, precio) VALUES ('Asado', 100)"));
      const [client] = await queryFile<{ id: number }>(dbPath, 'SELECT id FROM clientes');
      const [product] = await queryFile<{ id: number }>(dbPath, 'SELECT id FROM productos');
      const r = await c.get(PlaceOrder).execute({
        clientId: client!.id,
        lines: [{ productId: product!.id, quantity: 1, tipo: 'kg' }],
        notes: null,
        pdfGenerated: false,
        createdBy: 'admin',
        idempotencyKey: null,
      });
      expect(r.ok && r.value.placedAt).to.equal('2031-05-04T13:00:00.000000');
      expect(await queryFile(dbPath, 'SELECT fecha FROM pedidos')).to.deep.equal([{ fecha: '2031-05-04T13:00:00.000000' }]);
    } finally {
      await store.close();
    }
  });
});

/**
 * Never run: it only has to compile. Each line binds something wrongly; `@ts-expect-error` makes the
 * build fail if the Binder ever stops refusing it (a swapped, mistyped or wrong-port binding).
 */
export const wrongWiringDoesNotCompile = feature('never-loaded', (b) => {
  // @ts-expect-error two dependencies swapped: SignOut takes (RevokedTokenRepository, Clock)
  b.useCase(SignOut, [CLOCK, REVOKED_TOKEN_REPOSITORY]);
  // @ts-expect-error the wrong port: GetOrder takes OrderQueries
  b.useCase(GetOrder, [CLIENT_LOOKUP]);
  // @ts-expect-error a factory that builds the wrong adapter for the token
  b.provide(CLOCK, [STORE], (s) => new StoreTransactionRunner(s));
  // @ts-expect-error a dependency missing
  b.useCase(ChangeOrderState, [ORDER_REPOSITORY]);
});
