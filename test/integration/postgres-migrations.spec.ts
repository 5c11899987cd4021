import { expect } from 'chai';
import * as path from 'node:path';
import { describePostgres, createTestDatabase, migratedPostgres } from '../support/postgres';
import { PostgresStore } from '../../src/infrastructure/persistence/postgres/postgres-store';
import { PostgresMigrationRunner } from '../../src/infrastructure/persistence/migrations/postgres-migration-runner';
import { RunMigrations } from '../../src/application/maintenance/run-migrations.use-case';
import { GetMigrationStatus } from '../../src/application/maintenance/get-migration-status.use-case';
import { MIGRATIONS } from '../../migrations';
import { migrateFile } from '../support/migrate';
import { tempDir } from '../support/temp';
import { queryFile } from '../support/db-digest';

describePostgres('integration: the migration list on PostgreSQL', function () {
  this.timeout(120_000);

  it('creates the same tables and columns as on SQLite, with the same migration_log and checksums', async () => {
    const file = path.join(tempDir(), 'schema.db');
    await migrateFile(file);
    const sqliteTables = (
      await queryFile<{ name: string }>(
        file,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
    ).map((r) => r.name);
    const pg = await migratedPostgres();
    try {
      const pgTables = (
        await pg.store.query<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
        )
      ).map((r) => r.name);
      expect(pgTables).to.deep.equal(sqliteTables);
      for (const table of sqliteTables) {
        const sqliteCols = (await queryFile<{ name: string }>(file, `PRAGMA table_info("${table}")`)).map((r) => r.name).sort();
        const pgCols = (
          await pg.store.query<{ name: string }>(
            'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?',
            [table],
          )
        )
          .map((r) => r.name)
          .sort();
        expect(pgCols, table).to.deep.equal(sqliteCols);
      }
      const sqliteLog = await queryFile<{ name: string; checksum: string }>(file, 'SELECT name, checksum FROM migration_log ORDER BY id');
      const pgLog = await pg.store.query<{ name: string; checksum: string }>('SELECT name, checksum FROM migration_log ORDER BY id');
      expect(pgLog).to.deep.equal(sqliteLog);
    } finally {
      await pg.close();
    }
  });

  it('is idempotent, and two instances migrating one database at once apply each migration exactly once', async () => {
    const db = await createTestDatabase();
    const stores = await Promise.all([PostgresStore.open(db.url), PostgresStore.open(db.url)]);
    try {
      const run = (s: PostgresStore) =>
        new RunMigrations(new PostgresMigrationRunner(s, MIGRATIONS, 'test'), null).execute({ trigger: 'test', requestedBy: 'instance' });
      const [a, b] = await Promise.all(stores.map(run));
      expect(a!.ok && b!.ok).to.equal(true);
      const applied = (a!.ok ? a!.value.executed.length : 0) + (b!.ok ? b!.value.executed.length : 0);
      expect(applied).to.equal(MIGRATIONS.length);
      const rows = await stores[0]!.query<{ n: number }>('SELECT count(*) AS n FROM migration_log');
      expect(rows[0]!.n).to.equal(MIGRATIONS.length);
      const again = await run(stores[0]!);
      expect(again.ok && again.value.count).to.equal(0);
      const status = await new GetMigrationStatus(new PostgresMigrationRunner(stores[1]!, MIGRATIONS, 'test')).execute();
      expect([status.pending, status.failed, status.problem]).to.deep.equal([[], [], null]);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await db.drop();
    }
  });

  it('the preflight reads the log as on SQLite: an edited migration is refused', async () => {
    const pg = await migratedPostgres();
    try {
      const edited = MIGRATIONS.map((m, i) => (i === 3 ? { ...m, steps: [...m.steps, { kind: 'noop' as const, why: 'edited' }] } : m));
      const status = await new GetMigrationStatus(new PostgresMigrationRunner(pg.store, edited, 'test')).execute();
      expect(status.problem?.message).to.contain(MIGRATIONS[3]!.id);
    } finally {
      await pg.close();
    }
  });

  it('the triggers keep pedido_totales, cascade deletes, and accept the runbook manual fix', async () => {
    const pg = await migratedPostgres();
    const s = pg.store;
    try {
      await s.write(async (m) => {
        await m.query("INSERT INTO clientes (id, nombre) VALUES (1, 'Cliente')");
        await m.query("INSERT INTO productos (id, nombre, precio, stock) VALUES (1, 'Asado', 100, 2.5), (2, 'Chorizo', 50, 0)");
        await m.query("INSERT INTO pedidos (id, cliente_id, fecha) VALUES (1, 1, '2026-02-10T18:04:05.123000')");
        await m.query(
          'INSERT INTO detalles_pedido (pedido_id, producto_id, cantidad, precio_unitario) VALUES (1, 1, 2, 90), (1, 2, 1.5, NULL)',
        );
      });
      expect(await s.query('SELECT pedido_id, lineas, monto FROM pedido_totales')).to.deep.equal([{ pedido_id: 1, lineas: 2, monto: 255 }]);
      // A price change moves the money of lines without a snapshot only.
      await s.write((m) => m.query('UPDATE productos SET precio = 60 WHERE id = 2'));
      expect(await s.query('SELECT monto FROM pedido_totales')).to.deep.equal([{ monto: 270 }]);
      expect(await s.query('SELECT stock FROM productos WHERE id = 1')).to.deep.equal([{ stock: 2.5 }]);
      await s.write((m) => m.query('DELETE FROM clientes WHERE id = 1'));
      expect(await s.query('SELECT count(*) AS n FROM detalles_pedido')).to.deep.equal([{ n: 0 }]);
      expect(await s.query('SELECT count(*) AS n FROM pedido_totales')).to.deep.equal([{ n: 0 }]);
      await s.write((m) =>
        m.query("INSERT INTO migration_log (migration_id, applied_at) VALUES ('999_manual', '2026-12-01T00:00:00+00:00')"),
      );
      expect(await s.query("SELECT name, success, applied_by FROM migration_log WHERE migration_id = '999_manual'")).to.deep.equal([
        { name: '999_manual', success: 1, applied_by: 'manual SQL' },
      ]);
    } finally {
      await pg.close();
    }
  });
});
