import { expect } from 'chai';
import { describePostgres, migratedPostgres } from '../support/postgres';
import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import type { SqlStore } from '../../src/infrastructure/persistence/sql-store';
import { copySqliteToPostgres } from '../../src/infrastructure/persistence/postgres/sqlite-to-postgres';
import { SqlReportQueries } from '../../src/infrastructure/persistence/reports/sql-report.queries';
import { SqlDashboardQueries } from '../../src/infrastructure/persistence/dashboard/sql-dashboard.queries';
import { SqlOrderQueries } from '../../src/infrastructure/persistence/ordering/sql-order.queries';
import { migrateFile } from '../support/migrate';
import { copyFixture, tempDir } from '../support/temp';
import { queryFile } from '../support/db-digest';

/** Every figure the reports, the dashboard and the order screens compute, for fixed windows. */
async function figures(store: SqlStore): Promise<Record<string, unknown>> {
  const reports = new SqlReportQueries(store);
  const dashboard = new SqlDashboardQueries(store);
  const orders = new SqlOrderQueries(store);
  const all = { fromUtc: '2026-01-01T03:00:00.000000', toUtc: null, floor: null };
  // One Montevideo day of the fixture (UTC-3): 2026-02-05 00:00 to 2026-02-06 00:00.
  const day = { fromUtc: '2026-02-05T03:00:00.000000', toUtc: '2026-02-06T03:00:00.000000', floor: null };
  const out: Record<string, unknown> = {};
  for (const [name, w] of [
    ['all', all],
    ['day', day],
  ] as const) {
    out[`totals.${name}`] = await reports.totals(w);
    out[`topProducts.${name}`] = await reports.topProducts(w, 10);
    out[`topClients.${name}`] = await reports.topClients(w, 10);
    out[`unsold.${name}`] = await reports.unsold(w, 10);
    out[`activeClients.${name}`] = await reports.activeClients(w);
    out[`productSales.${name}`] = await reports.productSales(w);
    out[`hours.${name}`] = await reports.hours(w);
    out[`byState.${name}`] = await reports.byState(w);
    out[`bySeller.${name}`] = await reports.bySeller(w);
    out[`hoursToPdf.${name}`] = await reports.hoursToPdf(w);
    out[`dash.top.${name}`] = await dashboard.topProducts(w, 5);
    out[`dash.perHour.${name}`] = await dashboard.ordersPerHour(w);
    out[`dash.bySeller.${name}`] = await dashboard.bySeller(w, 5);
    out[`dash.byDevice.${name}`] = await dashboard.byDevice(w);
    out[`dash.productSales.${name}`] = await dashboard.productSales(w, 10);
    out[`dash.categorySales.${name}`] = await dashboard.categorySales(w);
  }
  out['dash.counts'] = await dashboard.counts(day, all, ['pendiente', 'preparando']);
  out['dash.lowStock'] = await dashboard.lowStock(20);
  out['inventory'] = await reports.inventorySummary();
  out['lowStock'] = await reports.lowStock();
  out['products'] = await reports.products();
  out['clients'] = await reports.clients();
  out['orders.list'] = await orders.list({ clientId: null, from: null, to: null, state: null, createdBy: null, floor: null, limit: 1000 });
  out['orders.byCreator'] = await orders.list({
    clientId: null,
    from: '2026-02-03',
    to: '2026-02-06',
    state: null,
    createdBy: 'vendedor1',
    floor: null,
    limit: 100,
  });
  out['orders.detail'] = await orders.detail(120);
  out['orders.creators'] = await orders.creators();
  out['orders.stockNeeds'] = await orders.stockNeeds([1, 2, 3, 50, 120], null);
  return out;
}

describePostgres('integration: a shop moved from SQLite to PostgreSQL', function () {
  this.timeout(180_000);

  it('copies every row of the production fixture, verified per table, and every report answers the same figures on both', async () => {
    const dir = tempDir('pgcopy');
    const file = copyFixture('original-current.db', dir, 'ventas.db');
    await migrateFile(file);
    const pg = await migratedPostgres();
    const sqlite = await SqliteStore.open(file);
    try {
      const seen: string[] = [];
      const copied = await copySqliteToPostgres(file, pg.store, (p) => {
        if (p.copied === p.total) seen.push(p.table);
      });
      // Every table, with the source's row count and an equal checksum.
      for (const t of copied) {
        const [{ n }] = await queryFile<{ n: number }>(file, `SELECT count(*) AS n FROM "${t.table}"`);
        expect(t.rows, t.table).to.equal(n);
        expect(t.targetChecksum, t.table).to.equal(t.sourceChecksum);
      }
      expect(copied.find((t) => t.table === 'pedidos')?.rows).to.equal(240);
      expect(copied.find((t) => t.table === 'detalles_pedido')?.rows).to.equal(823);
      expect(seen).to.include.members(['pedidos', 'detalles_pedido', 'usuarios']);

      const [onSqlite, onPostgres] = [await figures(sqlite), await figures(pg.store)];
      const differing = Object.keys(onSqlite).filter((k) => JSON.stringify(onPostgres[k]) !== JSON.stringify(onSqlite[k]));
      expect(
        differing.map(
          (k) =>
            `${k}:\n  sqlite   ${JSON.stringify(onSqlite[k]).slice(0, 300)}\n  postgres ${JSON.stringify(onPostgres[k]).slice(0, 300)}`,
        ),
      ).to.deep.equal([]);
      expect((onSqlite['orders.list'] as unknown[]).length).to.equal(240);

      // New rows continue after the copied ids.
      const id = await pg.store.write((m) => pg.store.dialect.insertReturningId(m, "INSERT INTO clientes (nombre) VALUES ('Nuevo')", []));
      const [{ max }] = await queryFile<{ max: number }>(file, 'SELECT max(id) AS max FROM clientes');
      expect(id).to.equal(max + 1);
    } finally {
      await sqlite.close();
      await pg.close();
    }
  });

  it('refuses a target that already holds rows, naming the table', async () => {
    const dir = tempDir('pgcopy2');
    const file = copyFixture('original-current.db', dir, 'ventas.db');
    await migrateFile(file);
    const pg = await migratedPostgres();
    try {
      await pg.store.write((m) => m.query("INSERT INTO tags (nombre) VALUES ('ya estaba')"));
      let error: unknown;
      try {
        await copySqliteToPostgres(file, pg.store);
      } catch (e) {
        error = e;
      }
      expect(String(error)).to.contain('The target database is not empty: table tags has rows');
      expect(await pg.store.query('SELECT count(*) AS n FROM pedidos')).to.deep.equal([{ n: 0 }]);
    } finally {
      await pg.close();
    }
  });

  it('on a database whose default collation is ICU en-US (as managed services often are), text sorts and compares byte by byte, as on SQLite', async () => {
    const dir = tempDir('pgcopy-icu');
    const file = copyFixture('original-current.db', dir, 'ventas.db');
    await migrateFile(file);
    // Names whose order differs between byte order and a language's: lower case, accents, digits.
    const sqlite = await SqliteStore.open(file);
    await sqlite.write(async (m) => {
      for (const [i, nombre] of ['alfajor', 'Bife', 'árbol', 'Zona 10', 'Zona 2', 'chorizo-parrillero', 'chorizo parrillero'].entries())
        await m.query('INSERT INTO productos (nombre, precio, stock, stock_minimo) VALUES (?, ?, ?, 10)', [nombre, 10 + i, i]);
      await m.query("INSERT INTO clientes (nombre) VALUES ('almacén'), ('Almacén'), ('ALMACEN')");
    });
    const pg = await migratedPostgres({ icuLocale: 'en-US' });
    try {
      await copySqliteToPostgres(file, pg.store);
      const byName = 'SELECT nombre FROM productos ORDER BY nombre, id';
      expect((await pg.store.query(byName)).map((r) => r.nombre)).to.deep.equal((await sqlite.query(byName)).map((r) => r.nombre));
      const window = "SELECT count(*) AS n FROM pedidos WHERE fecha >= '2026-02-05T03:00:00' AND fecha < '2026-02-06T03:00:00'";
      expect(await pg.store.query(window)).to.deep.equal(await sqlite.query(window));
      const [onSqlite, onPostgres] = [await figures(sqlite), await figures(pg.store)];
      const differing = Object.keys(onSqlite).filter((k) => JSON.stringify(onPostgres[k]) !== JSON.stringify(onSqlite[k]));
      expect(differing).to.deep.equal([]);
    } finally {
      await sqlite.close();
      await pg.close();
    }
  });
});
