import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { Client } from 'pg';
import { tempDir } from '../support/temp';
import { createTestDatabase, describePostgres, PG_ADMIN_URL } from '../support/postgres';
import { shopOnPostgres } from '../support/postgres-shop';
import { json, loginAt, orderClients, sleep, start } from '../reliability/support';
import { runToExit, type ServerProcess } from '../support/server-process';
import { restoreArchive } from '../../src/infrastructure/backups/postgres-backups';
import { PostgresStore } from '../../src/infrastructure/persistence/postgres/postgres-store';
import { databaseOf } from '../../src/infrastructure/persistence/postgres/pg-tools';

const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function pgQuery<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** What a dump holds, read from a restore of it into a database of its own (dropped afterwards). */
async function inDump<T>(file: string, work: (url: string) => Promise<T>): Promise<T> {
  const db = await createTestDatabase();
  try {
    await restoreArchive(db.url, file, { replace: false });
    return await work(db.url);
  } finally {
    await db.drop();
  }
}

interface Manifest {
  sha256: string;
  size: number;
  kind: string;
  createdAt: string;
  verification: { check: string; table_counts: Record<string, number> };
}
const manifestOf = (dir: string, name: string): Manifest => JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as Manifest;

async function placeOrder(url: string, token: string, note: string): Promise<number> {
  const res = await fetch(`${url}/api/pedidos`, {
    method: 'POST',
    headers: json(token),
    body: JSON.stringify({
      cliente_id: 1,
      items: [
        { producto_id: 1, cantidad: 2 },
        { producto_id: 2, cantidad: 1 },
      ],
      notas: note,
    }),
  });
  expect(res.status, await res.clone().text()).to.equal(200);
  return ((await res.json()) as { id: number }).id;
}

async function backupNow(url: string, token: string): Promise<string> {
  const res = await fetch(`${url}/api/admin/backup-now`, { method: 'POST', headers: bearer(token) });
  const body = (await res.json()) as { backup: { filename: string } };
  expect(res.status, JSON.stringify(body)).to.equal(200);
  return body.backup.filename;
}

async function restore(url: string, token: string, name: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/api/admin/backups/${name}/restore`, {
    method: 'POST',
    headers: json(token),
    body: JSON.stringify({ confirm: name }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The scratch databases of the live database at `url` (named after it: other suites may have their own meanwhile). */
const scratchDatabases = async (url: string): Promise<string[]> =>
  (
    await pgQuery<{ datname: string }>(PG_ADMIN_URL, 'SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [
      `${databaseOf(url).slice(0, 28)}_scratch_`,
    ])
  ).map((r) => r.datname);

describePostgres('e2e: backups and restores on PostgreSQL (pg_dump)', function () {
  this.timeout(240_000);
  const servers: ServerProcess[] = [];
  const drops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.stop('SIGKILL').catch(() => undefined);
    for (const d of drops.splice(0)) await d().catch(() => undefined);
  });

  it('a backup is a pg_dump verified in a scratch database, listed with its SHA-256, downloaded byte for byte; restore and rollback through the API', async () => {
    const db = await shopOnPostgres();
    drops.push(db.drop);
    const dir = tempDir('pg-bk');
    const backupDir = path.join(dir, 'backups');
    const server = await start(dir, { DATABASE_URL: db.url, BACKUP_DIR: backupDir });
    servers.push(server);
    const admin = await loginAt(server.url, 'admin', 'friosur2026');
    const vend = await loginAt(server.url, 'vendedor1', 'vendedor2026');

    const before = await placeOrder(server.url, vend, 'in the backup');
    const name = await backupNow(server.url, admin);
    expect(name).to.match(/^ventas_\d{8}_\d{6}\.dump$/);
    const file = path.join(backupDir, name);
    const manifest = manifestOf(backupDir, name);
    expect(manifest.sha256).to.equal(sha256(file));
    expect(manifest.verification.check).to.equal('pg_restore');
    // The counts the verification compared are the database's at the snapshot.
    const [{ n: pedidos }] = await pgQuery<{ n: string }>(db.url, 'SELECT count(*) AS n FROM pedidos');
    expect(manifest.verification.table_counts.pedidos).to.equal(Number(pedidos));
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).to.equal('PGDMP');
    expect(await scratchDatabases(db.url), 'scratch databases are dropped after the check').to.deep.equal([]);

    // Listed, downloadable byte for byte.
    const list = (await (await fetch(`${server.url}/api/admin/backups`, { headers: bearer(admin) })).json()) as {
      backups: { filename: string; sha256: string }[];
    };
    expect(list.backups.map((b) => b.filename)).to.include(name);
    const download = Buffer.from(await (await fetch(`${server.url}/api/admin/backups/${name}`, { headers: bearer(admin) })).arrayBuffer());
    expect(createHash('sha256').update(download).digest('hex')).to.equal(manifest.sha256);

    // An order after the backup: the preview shows it, the restore removes it, the rollback brings it back.
    const after = await placeOrder(server.url, vend, 'after the backup');
    const preview = (await (await fetch(`${server.url}/api/admin/backups/${name}/restore-preview`, { headers: bearer(admin) })).json()) as {
      tables: { table: string; difference: number }[];
      verification: { now: string };
    };
    expect(preview.tables.find((t) => t.table === 'pedidos')!.difference).to.equal(-1);
    expect(preview.verification.now).to.contain('pg_restore');

    const first = await restore(server.url, admin, name);
    expect(first.status, JSON.stringify(first.body)).to.equal(200);
    const restored = await pgQuery<{ id: number }>(db.url, 'SELECT id FROM pedidos WHERE id = ANY($1)', [[before, after]]);
    expect(restored.map((r) => r.id)).to.deep.equal([before]);
    const lines = await pgQuery<{ n: string }>(db.url, 'SELECT count(*) AS n FROM detalles_pedido WHERE pedido_id = $1', [before]);
    expect(Number(lines[0]!.n)).to.equal(2);
    // The server serves the restored content at once (its connections were never cut).
    const gone = await fetch(`${server.url}/api/pedidos/${after}`, { headers: bearer(admin) });
    expect(gone.status).to.equal(404);

    const status = (await (await fetch(`${server.url}/api/admin/backup-status`, { headers: bearer(admin) })).json()) as {
      latest_backup: { filename: string; kind: string };
    };
    const pre = status.latest_backup.filename;
    expect(status.latest_backup.kind).to.equal('pre-restore');
    expect(await inDump(path.join(backupDir, pre), (u) => pgQuery(u, 'SELECT id FROM pedidos WHERE id = $1', [after]))).to.have.length(1);

    const rollback = await restore(server.url, admin, pre);
    expect(rollback.status, JSON.stringify(rollback.body)).to.equal(200);
    const back = await pgQuery<{ notas: string }>(db.url, 'SELECT notas FROM pedidos WHERE id = $1', [after]);
    expect(back.map((r) => r.notas)).to.deep.equal(['after the backup']);
    // New orders get new ids (the identity sequences came back with the data).
    const next = await placeOrder(server.url, vend, 'after the rollback');
    expect(next).to.be.greaterThan(after);
    const audit = await pgQuery<{ accion: string }>(db.url, "SELECT accion FROM audit_log WHERE accion = 'RESTORE'");
    expect(audit.length).to.be.greaterThan(0);
    expect(await scratchDatabases(db.url)).to.deep.equal([]);
  });

  it('a dump that rotted on disk is set aside, not served; an upload takes a real dump and refuses anything else with a clear 4xx', async () => {
    const db = await shopOnPostgres();
    drops.push(db.drop);
    const dir = tempDir('pg-rot');
    const backupDir = path.join(dir, 'backups');
    const server = await start(dir, { DATABASE_URL: db.url, BACKUP_DIR: backupDir });
    servers.push(server);
    const admin = await loginAt(server.url, 'admin', 'friosur2026');
    const good = await backupNow(server.url, admin);
    const bad = await backupNow(server.url, admin);
    const bytes = fs.readFileSync(path.join(backupDir, good));

    // One flipped byte: the SHA-256 no longer matches, the verification takes it out of the list.
    const rotten = fs.readFileSync(path.join(backupDir, bad));
    rotten[Math.floor(rotten.length / 2)]! ^= 0xff;
    fs.writeFileSync(path.join(backupDir, bad), rotten);
    const verify = (await (await fetch(`${server.url}/api/admin/backups/verify`, { method: 'POST', headers: bearer(admin) })).json()) as {
      rotted: { filename: string; problem: string }[];
    };
    expect(verify.rotted.map((r) => r.filename)).to.deep.equal([bad]);
    expect(verify.rotted[0]!.problem).to.contain('SHA-256');
    expect((await fetch(`${server.url}/api/admin/backups/${bad}`, { headers: bearer(admin) })).status).to.equal(404);

    const upload = (content: Buffer, filename: string) => {
      const form = new FormData();
      form.append('file', new Blob([content]), filename);
      return fetch(`${server.url}/api/admin/backups/upload`, { method: 'POST', headers: bearer(admin), body: form });
    };
    const sqlite = await upload(Buffer.from('SQLite format 3\0' + 'x'.repeat(5000)), 'ventas.db');
    expect(sqlite.status).to.be.within(400, 499);
    expect(((await sqlite.json()) as { detail: string }).detail).to.contain('PostgreSQL custom-format dump');
    const cut = await upload(bytes.subarray(0, Math.floor(bytes.length / 3)), 'cut.dump');
    expect(cut.status).to.be.within(400, 499);
    expect(((await cut.json()) as { detail: string }).detail).to.match(/cut short|does not restore/);
    const ok = await upload(bytes, 'from-the-office.dump');
    const body = (await ok.json()) as { backup?: { filename: string; kind: string }; filename?: string };
    expect(ok.status, JSON.stringify(body)).to.equal(201);
    const list = (await (await fetch(`${server.url}/api/admin/backups`, { headers: bearer(admin) })).json()) as {
      backups: { filename: string; kind: string }[];
    };
    expect(list.backups.filter((b) => b.kind === 'uploaded')).to.have.length(1);
    expect(await scratchDatabases(db.url)).to.deep.equal([]);
  });

  it('a restore on one instance pauses writes on the other (503 + Retry-After, never 500); every acknowledged order is in the restored database or in the pre-restore backup', async () => {
    const db = await shopOnPostgres();
    drops.push(db.drop);
    const shared = tempDir('pg-pause-backups');
    const a = await start(tempDir('pg-pause-a'), { DATABASE_URL: db.url, BACKUP_DIR: shared });
    const b = await start(tempDir('pg-pause-b'), { DATABASE_URL: db.url, BACKUP_DIR: shared });
    servers.push(a, b);
    const admin = await loginAt(a.url, 'admin', 'friosur2026');
    const vend = await loginAt(b.url, 'vendedor1', 'vendedor2026');
    const name = await backupNow(a.url, admin);
    const [{ n: inBackup }] = await pgQuery<{ n: string }>(db.url, 'SELECT max(id) AS n FROM pedidos');

    const clients = orderClients(b.url, vend, 6, [1, 2, 3], [1, 2, 3, 4, 5, 6]);
    await sleep(800);
    const r = await restore(a.url, admin, name);
    await sleep(800);
    await clients.stop();
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    const pre = String(r.body.pre_restore_backup);
    expect(clients.acked.ids.size).to.be.greaterThan(5);
    const errors = b.logs.filter((l) => Number(l.level) >= 50).map((l) => JSON.stringify(l).slice(0, 3000));
    expect(
      [...clients.acked.refused.keys()].filter((s) => s !== 503),
      `${JSON.stringify([...clients.acked.refused])}\n${errors.join('\n')}`,
    ).to.deep.equal([]);

    const live = new Set((await pgQuery<{ id: number }>(db.url, 'SELECT id FROM pedidos')).map((x) => x.id));
    const kept = await inDump(
      path.join(shared, pre),
      async (u) => new Set((await pgQuery<{ id: number }>(u, 'SELECT id FROM pedidos')).map((x) => x.id)),
    );
    const lost = [...clients.acked.ids.keys()].filter((id) => !live.has(id) && !kept.has(id));
    expect(lost, 'acknowledged orders in neither the live database nor the pre-restore backup').to.deep.equal([]);
    // Orders acknowledged before the pause are exactly the ones the restore took out of the live database.
    expect([...clients.acked.ids.keys()].some((id) => id > Number(inBackup) && kept.has(id) && !live.has(id))).to.equal(true);

    // A pause longer than a write waits (another process holding the gate, as a long restore does):
    // the instance answers 503 with Retry-After and says why, and takes writes again after it.
    const other = await PostgresStore.open(db.url, { poolSize: 1 });
    try {
      let refused: Response | null = null;
      await other.withWritesPaused('a test maintenance', async () => {
        refused = await fetch(`${b.url}/api/pedidos`, {
          method: 'POST',
          headers: json(vend),
          body: JSON.stringify({ cliente_id: 1, items: [{ producto_id: 1, cantidad: 1 }] }),
        });
      });
      const res = refused as unknown as Response;
      expect(res.status).to.equal(503);
      expect(res.headers.get('retry-after')).to.equal('5');
      expect(((await res.json()) as { detail: string }).detail).to.contain('a test maintenance, on another instance');
    } finally {
      await other.close();
    }
    await placeOrder(b.url, vend, 'after the pause');
  });

  it('kill -9 in the middle of a restore: the live database is the backup or the previous content, whole; the previous content is a listed backup after the restart', async () => {
    const db = await shopOnPostgres();
    drops.push(db.drop);
    const dir = tempDir('pg-kill-restore');
    const backupDir = path.join(dir, 'backups');
    const env = { DATABASE_URL: db.url, BACKUP_DIR: backupDir };
    let server = await start(dir, env);
    servers.push(server);
    let admin = await loginAt(server.url, 'admin', 'friosur2026');
    const vend = await loginAt(server.url, 'vendedor1', 'vendedor2026');
    const name = await backupNow(server.url, admin);
    const afterBackup = await placeOrder(server.url, vend, 'only in the previous content');
    const counts = async () =>
      Object.fromEntries(
        (
          await pgQuery<{ t: string; n: string }>(
            db.url,
            "SELECT 'pedidos' AS t, count(*) AS n FROM pedidos UNION ALL SELECT 'detalles_pedido', count(*) FROM detalles_pedido UNION ALL SELECT 'pedido_totales', count(*) FROM pedido_totales",
          )
        ).map((r) => [r.t, Number(r.n)]),
      );
    const previous = await counts();
    const inBackup = manifestOf(backupDir, name).verification.table_counts;
    const backupCounts = { pedidos: inBackup.pedidos, detalles_pedido: inBackup.detalles_pedido, pedido_totales: inBackup.pedido_totales };

    // How long a whole restore takes here (then undone): the kills are spread over it, the last
    // ones in the pause, where the previous content is dumped and the switch commits.
    const t0 = Date.now();
    const timed = await restore(server.url, admin, name);
    const took = Date.now() - t0;
    expect((await restore(server.url, admin, String(timed.body.pre_restore_backup))).status).to.equal(200);
    expect(await counts()).to.deep.equal(previous);
    const outcomes: string[] = [];
    for (const delay of [0.3, 0.95, 1.03].map((f) => Math.round(f * took))) {
      const pending = restore(server.url, admin, name).catch(() => null);
      await sleep(delay);
      await server.stop('SIGKILL');
      await pending;
      servers.splice(servers.indexOf(server), 1);
      server = await start(dir, env);
      servers.push(server);
      admin = await loginAt(server.url, 'admin', 'friosur2026');
      const now = await counts();
      const has = (await pgQuery(db.url, 'SELECT 1 FROM pedidos WHERE id = $1', [afterBackup])).length === 1;
      outcomes.push(`${delay} ms: ${has ? 'previous content' : "the backup's content"}`);
      // Whole: exactly the previous content, or exactly the backup's.
      expect(now, `after a kill at ${delay} ms`).to.deep.equal(has ? previous : backupCounts);
      const leftovers = fs.readdirSync(backupDir).filter((n) => n.startsWith('pre-restore-pending-'));
      expect(leftovers, 'the previous content of a killed restore is kept as a listed backup at start').to.deep.equal([]);
      expect(await scratchDatabases(db.url)).to.deep.equal([]);
      // The order is in the live database, or in a listed pre-restore backup.
      if (!has) {
        const list = (await (await fetch(`${server.url}/api/admin/backups`, { headers: bearer(admin) })).json()) as {
          backups: { filename: string; kind: string }[];
        };
        const pres = list.backups.filter((b) => b.kind === 'pre-restore');
        let found = false;
        for (const p of pres)
          found ||=
            (await inDump(path.join(backupDir, p.filename), (u) => pgQuery(u, 'SELECT 1 FROM pedidos WHERE id = $1', [afterBackup])))
              .length === 1;
        expect(found, `after a kill at ${delay} ms the order is in a listed pre-restore backup`).to.equal(true);
        // Put it back for the next round.
        const back = await restore(server.url, admin, pres[0]!.filename);
        expect(back.status).to.equal(200);
      }
    }
    console.log(`      a restore takes ${took} ms; killed at ${outcomes.join('; ')}`);
  });

  it('refuses to start without a shared SECRET_KEY, or with scheduled backups and no pg_dump (naming what to install)', async () => {
    const db = await createTestDatabase();
    drops.push(db.drop);
    const dir = tempDir('pg-refuse');
    const noKey = await runToExit([], { DATABASE_URL: db.url, DATA_DIR: dir }, dir);
    expect(noKey.code).to.equal(1);
    expect(noKey.stderr).to.contain('SECRET_KEY (or SECRET_KEY_FILE) must be set with DATABASE_URL');
    // A PATH without PostgreSQL's client tools (node itself is started by its full path).
    const bin = tempDir('pg-nobin');
    const noTools = await runToExit([], { DATABASE_URL: db.url, DATA_DIR: dir, SECRET_KEY: 'k'.repeat(40), PATH: bin }, dir);
    expect(noTools.code).to.equal(1);
    expect(noTools.stderr).to.contain('pg_dump is not installed');
    expect(noTools.stderr).to.contain('BACKUP_ENABLED=false');
    // With the provider's backups instead (BACKUP_ENABLED=false) the tools are not needed.
    const provider = await start(tempDir('pg-provider'), { DATABASE_URL: db.url, BACKUP_ENABLED: 'false', PATH: bin });
    servers.push(provider);
    expect(((await (await fetch(`${provider.url}/api/health`)).json()) as { database_type: string }).database_type).to.equal('postgresql');
  });
});
