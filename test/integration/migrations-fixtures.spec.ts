import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { copyFixture, tempDir, FIXTURES } from '../support/temp';
import { digestDatabase, queryFile, execFile, type TableDigest } from '../support/db-digest';
import { migrateFile, statusOf } from '../support/migrate';
import { preflightMigrations } from '../../src/infrastructure/persistence/migrations/migration-preflight';
import { MIGRATIONS, type Migration } from '../../migrations';

const ORIGINAL_IDS = [
  '001_ensure_activo_default',
  '002_ensure_last_login_column',
  '003_ensure_foreign_keys',
  '004_create_backup_metadata',
  '005_create_repartidores_table',
  '006_add_repartidor_to_pedidos',
  '007_add_ofertas_advanced_types',
  '008_add_vendedor_to_clientes',
];
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Every pre-existing table keeps every row, value for value, over the columns it had. */
async function expectRowsPreserved(before: Record<string, TableDigest>, file: string): Promise<void> {
  const columnsOf = Object.fromEntries(Object.entries(before).map(([t, d]) => [t, d.columns]));
  const after = await digestDatabase(file, columnsOf);
  for (const [table, digest] of Object.entries(before)) {
    if (table === 'migration_log') continue; // adopted: checked row by row below
    expect(after[table], `table ${table} still exists`).to.not.equal(undefined);
    expect(after[table]!.rows, `${table} row count`).to.equal(digest.rows);
    expect(after[table]!.sha256, `${table} contents`).to.equal(digest.sha256);
  }
}

describe("integration: migrating the original backend's databases (shared/fixtures)", function () {
  this.timeout(60_000);

  describe('original-current.db (current generation, eight migrations recorded)', () => {
    let file: string;
    let snapshot: Record<string, TableDigest>;
    before(async () => {
      file = copyFixture('original-current.db', tempDir());
      snapshot = await digestDatabase(file);
    });

    it('has the data the fixture README describes (the test works on real content)', () => {
      expect(snapshot.usuarios!.rows).to.equal(5);
      expect(snapshot.pedidos!.rows).to.equal(240);
      expect(snapshot.detalles_pedido!.rows).to.equal(823);
      expect(snapshot.productos!.rows).to.equal(26);
      expect(snapshot.clientes!.rows).to.equal(18);
    });

    it("shows the original's eight ids as applied before anything runs", async () => {
      const status = await statusOf(copyFixture('original-current.db', tempDir()));
      expect(status.executed.map((e) => e.name)).to.deep.equal(ORIGINAL_IDS);
      expect(status.problem).to.equal(null);
      expect(status.pending).to.deep.equal(MIGRATIONS.slice(8).map((m) => m.id));
    });

    it('migrates without changing or losing a pre-existing row', async () => {
      const result = await migrateFile(file);
      expect(result.executed).to.deep.equal(MIGRATIONS.slice(8).map((m) => m.id));
      await expectRowsPreserved(snapshot, file);
    });

    it("keeps the original's migration_log rows and their values (adopted, not replaced)", async () => {
      const rows = await queryFile<{ name: string; executed_at: string; success: number }>(
        file,
        'SELECT name, executed_at, success FROM migration_log ORDER BY id',
      );
      const original = await queryFile<{ name: string; executed_at: string; success: number }>(
        path.join(FIXTURES, 'original-current.db'),
        'SELECT name, executed_at, success FROM migration_log ORDER BY id',
      );
      expect(rows.slice(0, original.length)).to.deep.equal(original);
      const ours = await queryFile<{ name: string; checksum: string; app_version: string; applied_by: string; duration_ms: number }>(
        file,
        "SELECT name, checksum, app_version, applied_by, duration_ms FROM migration_log WHERE name = '009_create_core_schema'",
      );
      expect(ours[0]!.checksum).to.match(/^[0-9a-f]{64}$/);
      expect(ours[0]).to.include({ app_version: 'test', applied_by: 'test' });
      expect(ours[0]!.duration_ms).to.be.a('number');
    });

    it('a second run changes nothing, not a byte', async () => {
      const hash = sha256(file);
      expect((await migrateFile(file)).count).to.equal(0);
      expect(sha256(file)).to.equal(hash);
    });

    it("the runbook's manual INSERT works on the adopted table and counts as applied", async () => {
      const f = copyFixture('original-current.db', tempDir());
      await migrateFile(f, MIGRATIONS.slice(0, 9)); // leaves 010 onwards pending
      await execFile(f, "INSERT INTO migration_log (migration_id, applied_at) VALUES ('010_add_missing_columns', datetime('now'))");
      const row = await queryFile(
        f,
        "SELECT name, migration_id, success, reason FROM migration_log WHERE migration_id = '010_add_missing_columns'",
      );
      expect(row).to.deep.equal([
        { name: '010_add_missing_columns', migration_id: '010_add_missing_columns', success: 1, reason: 'runbook: Migration Stuck' },
      ]);
      const status = await statusOf(f);
      expect(status.pending).to.deep.equal(MIGRATIONS.slice(10).map((m) => m.id));
      expect(status.executed.find((e) => e.name === '010_add_missing_columns')!.executed_at).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    });
  });

  describe('original-old-generation.db (no migration_log, no estado/repartidor/fecha_entrega/vendedor_id)', () => {
    let file: string;
    let snapshot: Record<string, TableDigest>;
    before(async () => {
      file = copyFixture('original-old-generation.db', tempDir());
      snapshot = await digestDatabase(file);
      expect(snapshot.migration_log).to.equal(undefined);
    });

    it('migrates, keeps every row, and adds the missing columns with their defaults', async () => {
      const result = await migrateFile(file);
      expect(result.executed).to.deep.equal(MIGRATIONS.map((m) => m.id));
      await expectRowsPreserved(snapshot, file);
      const cols = (t: string) => queryFile<{ name: string; dflt_value: string | null }>(file, `PRAGMA table_info(${t})`);
      const pedidos = await cols('pedidos');
      expect(pedidos.map((c) => c.name)).to.include.members(['estado', 'repartidor', 'fecha_entrega']);
      expect(pedidos.find((c) => c.name === 'estado')!.dflt_value).to.equal("'pendiente'");
      expect((await cols('clientes')).map((c) => c.name)).to.include('vendedor_id');
      const estados = await queryFile<{ estado: string; n: number }>(file, 'SELECT estado, count(*) AS n FROM pedidos GROUP BY estado');
      if (snapshot.pedidos!.rows > 0) expect(estados).to.deep.equal([{ estado: 'pendiente', n: snapshot.pedidos!.rows }]);
      // Users keep their activo values: the inactive one stays inactive.
      expect(await queryFile(file, 'SELECT username, activo FROM usuarios ORDER BY id')).to.deep.equal([
        { username: 'admin', activo: 1 },
        { username: 'e2e_user', activo: 0 },
      ]);
    });

    it('keeps its legacy indexes and triggers and gains the missing tables', async () => {
      const names = (
        await queryFile<{ name: string }>(file, "SELECT name FROM sqlite_master WHERE type IN ('index','trigger','table')")
      ).map((r) => r.name);
      expect(names).to.include.members([
        'idx_productos_stock',
        'idx_audit_log_tabla',
        'delete_detalles_pedido_cascade',
        'repartidores',
        'backup_log',
        'migration_log',
      ]);
      const status = await statusOf(file);
      expect(status.executed.map((e) => e.name)).to.include.members(ORIGINAL_IDS);
      expect(status.pending).to.deep.equal([]);
    });
  });

  describe('a fresh, empty database', () => {
    /** What this project adds to the original's schema (additive only). */
    const ADDED_TABLES = ['idempotency_keys', 'pedido_totales', 'template_productos', 'templates'];
    const ADDED_COLUMNS: Record<string, string[]> = { detalles_pedido: ['precio_unitario'], listas_precios: ['created_at', 'updated_at'] };
    it("gets the original's current schema — tables, columns, indexes, triggers — plus only additive objects", async () => {
      const file = path.join(tempDir(), 'fresh.db');
      await migrateFile(file);
      const reference = path.join(FIXTURES, 'original-current.db');
      const tables = (f: string) =>
        queryFile<{ name: string }>(
          f,
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migration_log' ORDER BY name",
        );
      const refTables = (await tables(reference)).map((t) => t.name);
      expect((await tables(file)).map((t) => t.name)).to.deep.equal([...refTables, ...ADDED_TABLES].sort());
      for (const t of refTables) {
        const shape = (f: string) =>
          queryFile<{ name: string }>(f, `SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info('${t}') ORDER BY cid`);
        const ours = (await shape(file)).filter((c) => !(ADDED_COLUMNS[t] ?? []).includes(c.name));
        expect(ours, `columns of ${t}`).to.deep.equal(await shape(reference));
        for (const added of ADDED_COLUMNS[t] ?? []) {
          const col = (await shape(file)).find((c) => c.name === added) as { notnull: number } | undefined;
          expect(col?.notnull, `${t}.${added} is nullable`).to.equal(0);
        }
        const fks = (f: string) =>
          queryFile(f, `SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list('${t}') ORDER BY "from"`);
        expect(await fks(file), `foreign keys of ${t}`).to.deep.equal(await fks(reference));
      }
      const objects = (f: string, type: string) =>
        queryFile<{ name: string }>(
          f,
          `SELECT name FROM sqlite_master WHERE type = '${type}' AND sql IS NOT NULL AND tbl_name <> 'migration_log' ORDER BY name`,
        );
      expect((await objects(file, 'index')).map((o) => o.name)).to.include.members((await objects(reference, 'index')).map((o) => o.name));
      const ADDED_TRIGGERS = [
        'pedido_totales_linea_borrada',
        'pedido_totales_linea_cambiada',
        'pedido_totales_linea_insertada',
        'pedido_totales_pedido_borrado',
        'pedido_totales_precio_cambiado',
        'pedido_totales_producto_borrado',
      ];
      expect((await objects(file, 'trigger')).map((o) => o.name)).to.deep.equal(
        [...(await objects(reference, 'trigger')).map((o) => o.name), ...ADDED_TRIGGERS].sort(),
      );
      // The cascade triggers work.
      await execFile(
        file,
        "INSERT INTO clientes (id, nombre) VALUES (1, 'Carnicería Centro'); INSERT INTO productos (id, nombre, precio) VALUES (1, 'Chorizo', 120);" +
          'INSERT INTO pedidos (id, cliente_id) VALUES (1, 1); INSERT INTO detalles_pedido (pedido_id, producto_id, cantidad) VALUES (1, 1, 2);' +
          'DELETE FROM pedidos WHERE id = 1;',
      );
      expect(await queryFile(file, 'SELECT count(*) AS n FROM detalles_pedido')).to.deep.equal([{ n: 0 }]);
    });
  });

  describe('refusals (nothing written)', () => {
    it('an applied id this code does not know is refused by name, before the file is opened for writing', async () => {
      const file = copyFixture('original-current.db', tempDir());
      await execFile(
        file,
        "INSERT INTO migration_log (name, executed_at, success) VALUES ('042_from_a_newer_version', '2027-01-01T00:00:00+00:00', 1)",
      );
      const hash = sha256(file);
      const refusal = await preflightMigrations(file, MIGRATIONS);
      expect(refusal?.code).to.equal('UNKNOWN_APPLIED_MIGRATION');
      expect(refusal?.message).to.contain('042_from_a_newer_version');
      expect(sha256(file)).to.equal(hash);
      expect(fs.existsSync(file + '-wal')).to.equal(false);
    });

    it('an applied migration whose definition changed is refused by name', async () => {
      const file = path.join(tempDir(), 'edited.db');
      await migrateFile(file);
      const edited: Migration[] = MIGRATIONS.map((m) =>
        m.id === '005_create_repartidores_table' ? { ...m, steps: [...m.steps, { kind: 'noop', why: 'edited after release' }] } : m,
      );
      const refusal = await preflightMigrations(file, edited);
      expect(refusal?.code).to.equal('MIGRATION_CHECKSUM_MISMATCH');
      expect(refusal?.message).to.contain('005_create_repartidores_table');
      expect(await preflightMigrations(file, MIGRATIONS)).to.equal(null);
    });

    it('a failing migration leaves nothing of itself behind and is shown as failed', async () => {
      const file = path.join(tempDir(), 'failing.db');
      const registry: Migration[] = [
        ...MIGRATIONS,
        {
          id: '999_broken',
          description: 'fails half way',
          steps: [
            { kind: 'addColumn', table: 'pedidos', column: 'half_done', definition: 'TEXT' },
            { kind: 'createTable', table: 'broken', columns: 'id INTEGER PRIMARY KEY,' },
          ],
        },
      ];
      let error: unknown;
      await migrateFile(file, registry).catch((e) => (error = e));
      expect(String(error)).to.contain('MIGRATION_FAILED').and.contain('999_broken');
      const cols = await queryFile<{ name: string }>(file, 'PRAGMA table_info(pedidos)');
      expect(cols.map((c) => c.name)).to.not.include('half_done');
      const status = await statusOf(file, registry);
      expect(status.failed.map((f) => f.name)).to.deep.equal(['999_broken']);
      expect(status.pending).to.deep.equal(['999_broken']);
      expect(status.executed).to.have.length(MIGRATIONS.length);
    });
  });

  it("adopts a migration_log in the runbook's shape (migration_id, applied_at), keeping its rows", async () => {
    const file = copyFixture('original-old-generation.db', tempDir());
    await execFile(
      file,
      'CREATE TABLE migration_log (migration_id TEXT PRIMARY KEY, applied_at TEXT);' +
        "INSERT INTO migration_log (migration_id, applied_at) VALUES ('001_ensure_activo_default', '2026-01-05 10:00:00');",
    );
    const result = await migrateFile(file);
    expect(result.executed).to.not.include('001_ensure_activo_default');
    expect(result.executed).to.include('002_ensure_last_login_column');
    const kept = await queryFile(
      file,
      "SELECT migration_id, applied_at FROM migration_log WHERE migration_id = '001_ensure_activo_default'",
    );
    expect(kept).to.deep.equal([{ migration_id: '001_ensure_activo_default', applied_at: '2026-01-05 10:00:00' }]);
    expect((await statusOf(file)).pending).to.deep.equal([]);
  });
});
