import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { startApp, login, bearer, type RunningApp } from '../support/http-app';
import { digestDatabase, execFile, queryFile, withoutAudit } from '../support/db-digest';
import { RawSqlite } from '../../src/infrastructure/sqlite/sqlite-file';
import { checkDatabaseFile } from '../../src/infrastructure/sqlite/checks';

const json = (token: string) => ({ ...bearer(token), 'Content-Type': 'application/json' });

async function backupNow(app: RunningApp, token: string): Promise<string> {
  const res = await fetch(`${app.url}/api/admin/backup-now`, { method: 'POST', headers: bearer(token) });
  expect(res.status).to.equal(200);
  return ((await res.json()) as { backup: { filename: string } }).backup.filename;
}

async function listed(app: RunningApp, token: string): Promise<{ filename: string; kind: string; verified: boolean }[]> {
  return (
    (await (await fetch(`${app.url}/api/admin/backups`, { headers: bearer(token) })).json()) as {
      backups: { filename: string; kind: string; verified: boolean }[];
    }
  ).backups;
}

function restore(app: RunningApp, token: string, filename: string, confirm: unknown = filename): Promise<Response> {
  return fetch(`${app.url}/api/admin/backups/${filename}/restore`, {
    method: 'POST',
    headers: json(token),
    body: JSON.stringify({ confirm }),
  });
}

async function placeOrder(app: RunningApp, token: string, note: string): Promise<Response> {
  return fetch(`${app.url}/api/pedidos`, {
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
}

function upload(app: RunningApp, token: string, bytes: Buffer, name = 'ventas.db'): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  return fetch(`${app.url}/api/admin/backups/upload`, { method: 'POST', headers: bearer(token), body: form });
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('e2e: restore, upload, rollback and migration dry run', function () {
  this.timeout(120_000);

  it('a restore while another process has the database open: a 409 saying so, nothing changed, orders go on', async () => {
    const app = await startApp({ fixture: 'original-current.db' });
    try {
      const admin = await login(app, 'admin', 'friosur2026');
      const name = await backupNow(app, admin);
      const before = withoutAudit(await digestDatabase(app.dbPath));
      const other = await RawSqlite.open(app.dbPath, 'readwrite');
      await other.all('SELECT count(*) FROM pedidos');
      let res: Response;
      try {
        res = await restore(app, admin, name);
      } finally {
        await other.close();
      }
      const body = (await res.json()) as { detail: string; code: string };
      expect(res.status, body.detail).to.equal(409);
      expect(body.detail).to.match(/not touched: replacing it failed \(another process has the database open/);
      expect(withoutAudit(await digestDatabase(app.dbPath))).to.deep.equal(before);
      expect((await placeOrder(app, admin, 'after the refused restore')).status).to.equal(200);
    } finally {
      await app.close();
    }
  });

  it('round trip: back up, change orders, a user and a product, restore → every table equals the backup; the pre-restore backup brings the changes back', async () => {
    const app = await startApp({ fixture: 'original-current.db' });
    try {
      const admin = await login(app, 'admin', 'friosur2026');
      const name = await backupNow(app, admin);
      const backupFile = path.join(path.dirname(app.dbPath), 'backups', name);
      const inBackup = await digestDatabase(backupFile);

      // Changes: an order, a user, a product.
      const order = await placeOrder(app, admin, 'after the backup');
      expect(order.status).to.equal(200);
      const orderId = ((await order.json()) as { id: number }).id;
      const user = await fetch(`${app.url}/api/register`, {
        method: 'POST',
        headers: bearer(admin),
        body: new URLSearchParams({ username: 'nuevo_vendedor', password: 'Vendedor2026x', rol: 'vendedor' }),
      });
      expect(user.status, await user.clone().text()).to.be.oneOf([200, 201]);
      const product = await fetch(`${app.url}/api/productos`, {
        method: 'POST',
        headers: json(admin),
        body: JSON.stringify({ nombre: 'Chorizo nuevo', precio: 320 }),
      });
      expect(product.status, await product.clone().text()).to.be.oneOf([200, 201]);
      expect(withoutAudit(await digestDatabase(app.dbPath))).to.not.deep.equal(withoutAudit(inBackup));

      const preview = await fetch(`${app.url}/api/admin/backups/${name}/restore-preview`, { headers: bearer(admin) });
      expect(preview.status).to.equal(200);
      const p = (await preview.json()) as {
        kind: string;
        restorable: boolean;
        migrations_to_run: string[];
        tables: { table: string; backup: number; current: number; difference: number }[];
        age_hours: number;
        verification: { now: string };
      };
      expect(p).to.include({ kind: 'manual', restorable: true });
      expect(p.migrations_to_run).to.deep.equal([]);
      expect(p.verification.now).to.match(/ok/);
      expect(p.tables.find((t) => t.table === 'pedidos')).to.include({ difference: -1 });
      expect(p.tables.find((t) => t.table === 'usuarios')).to.include({ difference: -1 });

      // A mismatched or missing confirmation changes nothing.
      const wrong = await restore(app, admin, name, 'ventas_19990101_000000.db');
      expect(wrong.status).to.equal(400);
      expect(((await wrong.json()) as { detail: string }).detail).to.match(/Confirmation does not match/);
      expect((await restore(app, admin, name, 42)).status).to.equal(422);

      const res = await restore(app, admin, name);
      const body = (await res.json()) as {
        success: boolean;
        pre_restore_backup: string;
        writes_paused_ms: number;
        migrations_applied: string[];
      };
      expect(res.status, JSON.stringify(body)).to.equal(200);
      expect(body.success).to.equal(true);

      // Every table equals the backup's; audit_log is the backup's plus the restore's own row.
      const after = await digestDatabase(app.dbPath);
      expect(withoutAudit(after)).to.deep.equal(withoutAudit(inBackup));
      const audit = await queryFile<{ accion: string; usuario: string; datos_despues: string }>(
        app.dbPath,
        'SELECT accion, usuario, datos_despues FROM audit_log ORDER BY id DESC LIMIT 1',
      );
      expect(audit[0]).to.include({ accion: 'RESTORE', usuario: 'admin' });
      expect(JSON.parse(audit[0]!.datos_despues)).to.include({ restored_from: name });
      expect(after.audit_log!.rows).to.equal(inBackup.audit_log!.rows + 1);
      expect(await checkDatabaseFile(app.dbPath)).to.equal('ok');
      const info = (await (await fetch(`${app.url}/api/admin/system-info`, { headers: bearer(admin) })).json()) as {
        database: { journal_mode: string };
      };
      expect(info.database.journal_mode).to.equal('wal');

      // The server serves the restored content without a restart: the order is gone.
      expect((await fetch(`${app.url}/api/pedidos/${orderId}`, { headers: bearer(admin) })).status).to.equal(404);

      // The pre-restore backup is listed, verified, and restoring it brings the changes back.
      const pre = (await listed(app, admin)).find((b) => b.filename === body.pre_restore_backup);
      expect(pre).to.include({ kind: 'pre-restore', verified: true });
      const rollback = await restore(app, admin, body.pre_restore_backup);
      expect(rollback.status).to.equal(200);
      const order2 = await fetch(`${app.url}/api/pedidos/${orderId}`, { headers: bearer(admin) });
      expect(order2.status).to.equal(200);
      expect(((await order2.json()) as { notas: string }).notas).to.equal('after the backup');
      expect(await queryFile(app.dbPath, "SELECT 1 FROM usuarios WHERE username = 'nuevo_vendedor'")).to.have.length(1);
      expect(await queryFile(app.dbPath, "SELECT 1 FROM productos WHERE nombre = 'Chorizo nuevo'")).to.have.length(1);
      // No working copy is left beside the database.
      expect(fs.readdirSync(path.dirname(app.dbPath)).filter((f) => f.startsWith('.scratch-'))).to.deep.equal([]);
    } finally {
      await app.close();
    }
  });

  it('orders placed during a restore: each 200 is in the restored database (acknowledged after) or in the pre-restore backup (before); refusals are 503 with Retry-After', async () => {
    const app = await startApp({ fixture: 'original-current.db' });
    try {
      const admin = await login(app, 'admin', 'friosur2026');
      const name = await backupNow(app, admin);
      const acked: { note: string; at: number }[] = [];
      const refused: string[] = [];
      let stop = false;
      const client = async (c: number) => {
        for (let i = 0; !stop; i++) {
          const note = `client ${c} order ${i}`;
          const res = await placeOrder(app, admin, note);
          if (res.status === 200) acked.push({ note, at: Date.now() });
          else refused.push(`${res.status} ${res.headers.get('retry-after')} ${await res.text()}`);
        }
      };
      const clients = Array.from({ length: 8 }, (_, c) => client(c));
      await new Promise((r) => setTimeout(r, 400));
      const restoreStarted = Date.now();
      const res = await restore(app, admin, name);
      const restoreEnded = Date.now();
      const body = (await res.json()) as { pre_restore_backup: string };
      expect(res.status, JSON.stringify(body)).to.equal(200);
      await new Promise((r) => setTimeout(r, 400));
      stop = true;
      await Promise.all(clients);

      for (const r of refused) expect(r).to.match(/^503 \d+ /);
      const pre = path.join(path.dirname(app.dbPath), 'backups', body.pre_restore_backup);
      const notesIn = async (file: string) =>
        new Set((await queryFile<{ notas: string }>(file, "SELECT notas FROM pedidos WHERE notas LIKE 'client %'")).map((r) => r.notas));
      const live = await notesIn(app.dbPath);
      const saved = await notesIn(pre);
      const before = acked.filter((a) => a.at < restoreStarted);
      const afterwards = acked.filter((a) => a.at > restoreEnded);
      expect(before.length).to.be.greaterThan(0);
      expect(afterwards.length).to.be.greaterThan(0);
      for (const a of before)
        expect(saved.has(a.note), `${a.note} (acknowledged before the restore) is in the pre-restore backup`).to.equal(true);
      for (const a of afterwards)
        expect(live.has(a.note), `${a.note} (acknowledged after the restore) is in the restored database`).to.equal(true);
      for (const a of acked)
        expect(saved.has(a.note) || live.has(a.note), `${a.note} was acknowledged and must not be lost`).to.equal(true);
      // Nothing acknowledged before the restore leaks into the restored content, which is the backup's plus new orders.
      for (const a of before) expect(live.has(a.note)).to.equal(false);
    } finally {
      await app.close();
    }
  });

  it('uploads: a good file is listed as uploaded; a truncated, a non-SQLite, a damaged and a newer-version file are refused with distinct messages and leave nothing behind', async () => {
    const app = await startApp({ fixture: 'original-current.db', env: { BACKUP_UPLOAD_MAX_MB: '1' } });
    try {
      const admin = await login(app, 'admin', 'friosur2026');
      const name = await backupNow(app, admin);
      const backupDir = path.join(path.dirname(app.dbPath), 'backups');
      const good = fs.readFileSync(path.join(backupDir, name));
      const before = await listed(app, admin);

      // A damaged copy: the root page of an index overwritten.
      const damagedFile = path.join(path.dirname(app.dbPath), 'damaged.db');
      fs.writeFileSync(damagedFile, good);
      const [{ rootpage }] = await queryFile<{ rootpage: number }>(
        damagedFile,
        "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND rootpage > 1 ORDER BY rootpage DESC LIMIT 1",
      );
      const pageSize = good.readUInt16BE(16);
      const damaged = Buffer.from(good);
      damaged.fill(0xab, (rootpage - 1) * pageSize, rootpage * pageSize);
      // A database from a newer version: it records a migration this code does not know.
      const newerFile = path.join(path.dirname(app.dbPath), 'newer.db');
      fs.writeFileSync(newerFile, good);
      await execFile(
        newerFile,
        "INSERT INTO migration_log (name, executed_at, success, migration_id, applied_at) VALUES ('099_from_the_future', '2027-01-01T00:00:00+00:00', 1, '099_from_the_future', '2027-01-01T00:00:00+00:00')",
      );

      const cases: [string, Buffer, number, RegExp][] = [
        ['truncated', good.subarray(0, Math.floor(good.length / 2)), 400, /truncated/],
        ['not sqlite', Buffer.from('id,nombre\n1,Chorizo\n'.repeat(50)), 400, /not a SQLite database/],
        ['damaged', damaged, 400, /database is damaged/],
        ['newer version', fs.readFileSync(newerFile), 409, /newer version of the backend.*099_from_the_future/],
      ];
      const messages = new Set<string>();
      for (const [label, bytes, status, pattern] of cases) {
        const res = await upload(app, admin, bytes);
        const b = (await res.json()) as { detail: string };
        expect(res.status, `${label}: ${b.detail}`).to.equal(status);
        expect(b.detail, label).to.match(pattern);
        messages.add(b.detail);
      }
      expect(messages.size).to.equal(4);
      const tooBig = await upload(app, admin, Buffer.alloc(2 * 1024 * 1024, 1));
      expect(tooBig.status).to.equal(413);
      expect(((await tooBig.json()) as { detail: string }).detail).to.match(/1 MB \(BACKUP_UPLOAD_MAX_MB\)/);
      expect((await fetch(`${app.url}/api/admin/backups/upload`, { method: 'POST', headers: json(admin), body: '{}' })).status).to.equal(
        400,
      );

      expect(await listed(app, admin)).to.deep.equal(before);
      expect(fs.readdirSync(backupDir).filter((f) => f.startsWith('.'))).to.deep.equal([]);

      const ok = await upload(app, admin, good, 'from-the-office-pc.db');
      const okBody = (await ok.json()) as { backup: { filename: string; kind: string; verified: boolean; sha256: string } };
      expect(ok.status, JSON.stringify(okBody)).to.equal(201);
      expect(okBody.backup).to.include({ kind: 'uploaded', verified: true, sha256: createHash('sha256').update(good).digest('hex') });
      expect((await listed(app, admin)).map((b) => b.filename)).to.include(okBody.backup.filename);
      const preview = (await (
        await fetch(`${app.url}/api/admin/backups/${okBody.backup.filename}/restore-preview`, { headers: bearer(admin) })
      ).json()) as { restorable: boolean; kind: string };
      expect(preview).to.include({ restorable: true, kind: 'uploaded' });
      const audit = await queryFile<{ accion: string }>(app.dbPath, "SELECT accion FROM audit_log WHERE accion = 'BACKUP_UPLOAD'");
      expect(audit).to.have.length(1);

      // A vendedor can do none of it.
      await fetch(`${app.url}/api/register`, {
        method: 'POST',
        headers: bearer(admin),
        body: new URLSearchParams({ username: 'vend_restore', password: 'Vendedor2026x', rol: 'vendedor' }),
      });
      const vendedor = await login(app, 'vend_restore', 'Vendedor2026x');
      expect((await upload(app, vendedor, good)).status).to.equal(403);
      expect((await restore(app, vendedor, name)).status).to.equal(403);
      expect((await fetch(`${app.url}/api/admin/backups/${name}/restore-preview`, { headers: bearer(vendedor) })).status).to.equal(403);
      expect((await fetch(`${app.url}/api/admin/migrations/dry-run`, { method: 'POST', headers: bearer(vendedor) })).status).to.equal(403);
      // Unknown backups.
      expect((await restore(app, admin, 'ventas_20200101_000000.db')).status).to.equal(404);
      expect((await fetch(`${app.url}/api/admin/backups/..%2Fventas.db/restore-preview`, { headers: bearer(admin) })).status).to.equal(404);
    } finally {
      await app.close();
    }
  });

  it('migration dry run: applies the pending migrations to a copy, reports each, and leaves the live file byte for byte unchanged', async () => {
    const app = await startApp({ fixture: 'original-current.db' });
    try {
      const admin = await login(app, 'admin', 'friosur2026');
      // The last migration's record removed (as if it had not run yet); its steps are idempotent.
      const last = (
        await queryFile<{ migration_id: string }>(app.dbPath, 'SELECT migration_id FROM migration_log ORDER BY id DESC LIMIT 1')
      )[0]!.migration_id;
      await app.store.write((m) => m.query('DELETE FROM migration_log WHERE migration_id = ?', [last]));
      if (!(app.store instanceof SqliteStore)) throw new Error('restores are SQLite-only');
      await app.store.checkpoint();
      const files = [app.dbPath, `${app.dbPath}-wal`].filter((f) => fs.existsSync(f));
      const before = files.map(sha256);

      const res = await fetch(`${app.url}/api/admin/migrations/dry-run`, { method: 'POST', headers: bearer(admin) });
      const body = (await res.json()) as {
        pending: string[];
        results: { id: string; status: string; duration_ms: number }[];
        would_succeed: boolean;
        live_database_changed: boolean;
      };
      expect(res.status, JSON.stringify(body)).to.equal(200);
      expect(body.pending).to.deep.equal([last]);
      expect(body.results).to.have.length(1);
      expect(body.results[0]).to.include({ id: last, status: 'ok' });
      expect(body.results[0]!.duration_ms).to.be.a('number');
      expect(body.would_succeed).to.equal(true);

      expect(files.map(sha256)).to.deep.equal(before);
      const status = (await (await fetch(`${app.url}/api/admin/migrations`, { headers: bearer(admin) })).json()) as { pending: string[] };
      expect(status.pending).to.deep.equal([last]);
      expect(fs.readdirSync(path.dirname(app.dbPath)).filter((f) => f.startsWith('.scratch-'))).to.deep.equal([]);
    } finally {
      await app.close();
    }
  });
});
