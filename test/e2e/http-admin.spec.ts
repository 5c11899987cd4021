import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startApp, login, bearer, type RunningApp } from '../support/http-app';
import { queryFile } from '../support/db-digest';
import { tempDir } from '../support/temp';

/** A shell, as the operator's: the runbook's commands run word for word with $TOKEN set. */
const sh = async (script: string, env: Record<string, string>): Promise<string> =>
  (await promisify(execFile)('bash', ['-c', script], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 })).stdout;

describe('e2e: admin operations API (runbook "Backup System" and "Migration System")', function () {
  this.timeout(60_000);
  let app: RunningApp;
  let token: string;
  beforeEach(async () => {
    app = await startApp({ fixture: 'original-current.db' });
    token = await login(app, 'admin', 'friosur2026');
  });
  afterEach(async () => app.close());

  it('every backup and migration curl command of the runbook works verbatim', async () => {
    const env = { TOKEN: token, API: app.url };
    const rewrite = (cmd: string) => cmd.replace(/https:\/\/api\.pedidosfriosur\.com/g, '$API');
    // Create backup now
    const created = JSON.parse(
      await sh(
        rewrite(`curl -s -X POST "https://api.pedidosfriosur.com/api/admin/backup-now" \\\n  -H "Authorization: Bearer $TOKEN"`),
        env,
      ),
    ) as { success: boolean; backup: { filename: string } };
    expect(created.success).to.equal(true);
    // The CI workflow greps the compact JSON.
    const raw = await sh(
      rewrite(`curl -s -X POST "https://api.pedidosfriosur.com/api/admin/backup-now" -H "Authorization: Bearer $TOKEN"`),
      env,
    );
    expect(raw).to.match(/"filename":"ventas_\d{8}_\d{6}(_\d+)?\.db"/);
    // List backups
    const listed = JSON.parse(
      await sh(rewrite(`curl "https://api.pedidosfriosur.com/api/admin/backups" \\\n  -H "Authorization: Bearer $TOKEN"`), env),
    ) as { backups: { filename: string; sha256: string; verified: boolean }[]; total_count: number };
    expect(listed.backups[0]!.verified).to.equal(true);
    expect(listed.total_count).to.be.greaterThanOrEqual(2);
    // Download specific backup (the runbook's name, substituted with a real one)
    const dir = tempDir();
    const name = created.backup.filename;
    await sh(
      `cd ${dir} && ` +
        rewrite(
          `curl -o ventas_backup.db "https://api.pedidosfriosur.com/api/admin/backups/${name}" \\\n  -H "Authorization: Bearer $TOKEN"`,
        ),
      env,
    );
    const bytes = fs.readFileSync(path.join(dir, 'ventas_backup.db'));
    expect(createHash('sha256').update(bytes).digest('hex')).to.equal(listed.backups.find((b) => b.filename === name)!.sha256);
    expect((await queryFile(path.join(dir, 'ventas_backup.db'), 'SELECT count(*) AS n FROM pedidos'))[0]).to.deep.equal({ n: 240 });
    // Migrations
    const migrations = JSON.parse(
      await sh(rewrite(`curl "https://api.pedidosfriosur.com/api/admin/migrations" \\\n  -H "Authorization: Bearer $TOKEN"`), env),
    ) as { executed: { name: string }[]; pending: string[] };
    expect(migrations.executed.map((e) => e.name)).to.include('001_ensure_activo_default');
    expect(migrations.pending).to.deep.equal([]);
    const run = JSON.parse(
      await sh(
        rewrite(`curl -X POST "https://api.pedidosfriosur.com/api/admin/migrations/run" \\\n  -H "Authorization: Bearer $TOKEN"`),
        env,
      ),
    );
    expect(run).to.include({ success: true, count: 0 });
    // Troubleshooting: backup-status
    const status = JSON.parse(await sh(`curl -s "$API/api/admin/backup-status" -H "Authorization: Bearer $TOKEN"`, env)) as {
      scheduler: Record<string, unknown>;
      latest_backup: { filename: string };
    };
    expect(status.scheduler).to.include.keys(
      'interval_hours',
      'retention_count',
      'backup_dir',
      'backup_dir_exists',
      'backup_dir_writable',
      'enabled',
      'running',
      'next_runs',
      'last_run',
      'consecutive_failures',
    );
    expect((status.scheduler.next_runs as unknown[]).length).to.equal(3);
    expect(status.latest_backup.filename).to.be.a('string');
  });

  it('downloads stream with Content-Length, X-Backup-Filename and X-Backup-SHA256; any other name is 404', async () => {
    const created = (await (await fetch(`${app.url}/api/admin/backup-now`, { method: 'POST', headers: bearer(token) })).json()) as {
      backup: { filename: string; size: number; sha256: string };
    };
    const res = await fetch(`${app.url}/api/admin/backups/${created.backup.filename}`, { headers: bearer(token) });
    expect(res.headers.get('content-length')).to.equal(String(created.backup.size));
    expect(res.headers.get('x-backup-filename')).to.equal(created.backup.filename);
    expect(res.headers.get('x-backup-sha256')).to.equal(created.backup.sha256);
    expect(res.headers.get('content-disposition')).to.equal(`attachment; filename=${created.backup.filename}`);
    expect((await res.arrayBuffer()).byteLength).to.equal(created.backup.size);
    fs.writeFileSync(path.join(path.dirname(app.dbPath), 'backups', 'ventas_20200101_000000.db'), 'unverified');
    for (const bad of [
      '..%2Fventas.db',
      'ventas.db',
      'ventas_20200101_000000.db',
      `${created.backup.filename}.json`,
      'ventas_20991231_000000.db',
      '%2Fetc%2Fpasswd',
    ]) {
      const r = await fetch(`${app.url}/api/admin/backups/${bad}`, { headers: bearer(token) });
      expect(r.status, bad).to.equal(404);
      expect(((await r.json()) as { detail: string }).detail).to.equal('Backup not found or invalid filename');
    }
    const del = await fetch(`${app.url}/api/admin/backups/${created.backup.filename}`, { method: 'DELETE', headers: bearer(token) });
    expect(del.status).to.equal(200);
    expect((await fetch(`${app.url}/api/admin/backups/${created.backup.filename}`, { headers: bearer(token) })).status).to.equal(404);
  });

  it('system-info, delete-impact previews, and admin-only access', async () => {
    const info = (await (await fetch(`${app.url}/api/admin/system-info`, { headers: bearer(token) })).json()) as {
      database: Record<string, unknown>;
    };
    expect(info.database).to.deep.include({ type: 'sqlite', journal_mode: 'wal', foreign_keys_enabled: true });
    expect(info.database.table_counts).to.deep.equal({ usuarios: 5, clientes: 18, productos: 26, pedidos: 240, categorias: 8 });
    const cliente = (await (await fetch(`${app.url}/api/admin/delete-impact/cliente/1`, { headers: bearer(token) })).json()) as {
      can_delete: boolean;
      message: string;
    };
    expect(cliente.can_delete).to.equal(false);
    expect(cliente.message).to.match(/^No se puede eliminar: el cliente tiene \d+ pedidos \(\d+ activos\)$/);
    expect(await (await fetch(`${app.url}/api/admin/delete-impact/categoria/1`, { headers: bearer(token) })).json()).to.include({
      will_soft_delete: true,
    });
    expect((await fetch(`${app.url}/api/admin/delete-impact/producto/9999`, { headers: bearer(token) })).status).to.equal(404);
    const vendedor = await login(app, 'vendedor1', 'vendedor2026');
    for (const p of ['/api/admin/backups', '/api/admin/backup-status', '/api/admin/migrations', '/api/admin/system-info']) {
      expect((await fetch(app.url + p, { headers: bearer(vendedor) })).status, p).to.equal(403);
      expect((await fetch(app.url + p)).status, p).to.equal(401);
    }
  });

  it('a migration run at start-up on a database with data takes a verified pre-migration backup first', async () => {
    const old = await startApp({ fixture: 'original-old-generation.db' });
    try {
      const t = await login(old, 'admin', 'friosur2026');
      const list = (await (await fetch(`${old.url}/api/admin/backups`, { headers: bearer(t) })).json()) as {
        backups: { filename: string; kind: string }[];
      };
      expect(list.backups.map((b) => b.kind)).to.deep.equal(['pre-migration']);
      const snapshot = path.join(path.dirname(old.dbPath), 'backups', list.backups[0]!.filename);
      // The backup is the database as it was before migrating: no migration_log yet.
      expect(await queryFile(snapshot, "SELECT count(*) AS n FROM sqlite_master WHERE name = 'migration_log'")).to.deep.equal([{ n: 0 }]);
      expect(await queryFile(snapshot, 'PRAGMA journal_mode')).to.deep.equal([{ journal_mode: 'delete' }]);
      const manifest = JSON.parse(fs.readFileSync(`${snapshot}.json`, 'utf8')) as Record<string, unknown>;
      expect(manifest).to.include({ kind: 'pre-migration', app_version: '2.0.0', last_migration: null });
      expect(manifest.verification).to.deep.equal({ check: 'quick_check', result: 'ok', foreign_key_violations: 0 });
    } finally {
      await old.close();
    }
  });

  it('/api/health reports the backups too', async () => {
    const health = (await (await fetch(`${app.url}/api/health`)).json()) as Record<string, unknown>;
    expect(health).to.include({ status: 'healthy', backups: 'ok' });
  });

  it('GET /api/admin/audit-log: newest first, limited, filtered by action; bad parameters are 4xx that say why', async () => {
    const users = (await (await fetch(`${app.url}/api/usuarios`, { headers: bearer(token) })).json()) as { id: number; username: string }[];
    const vendedor2 = users.find((u) => u.username === 'vendedor2')!;
    expect((await fetch(`${app.url}/api/usuarios/${vendedor2.id}/activar`, { method: 'PUT', headers: bearer(token) })).status).to.equal(
      200,
    );
    expect((await fetch(`${app.url}/api/usuarios/${vendedor2.id}/desactivar`, { method: 'PUT', headers: bearer(token) })).status).to.equal(
      200,
    );
    const all = (await (await fetch(`${app.url}/api/admin/audit-log`, { headers: bearer(token) })).json()) as {
      entries: { id: number; accion: string; usuario: string; tabla: string; registro_id: number }[];
      count: number;
    };
    expect(all.entries.slice(0, 2).map((e) => e.accion)).to.deep.equal(['DEACTIVATE', 'ACTIVATE']);
    expect(all.entries[0]).to.include({ usuario: 'admin', tabla: 'usuarios', registro_id: vendedor2.id });
    expect(all.entries[0]!.id).to.be.greaterThan(all.entries[1]!.id);
    const one = (await (await fetch(`${app.url}/api/admin/audit-log?limit=1&accion=ACTIVATE`, { headers: bearer(token) })).json()) as {
      entries: { accion: string }[];
    };
    expect(one.entries.map((e) => e.accion)).to.deep.equal(['ACTIVATE']);
    const tooMany = await fetch(`${app.url}/api/admin/audit-log?limit=501`, { headers: bearer(token) });
    expect(tooMany.status).to.equal(422);
    expect(await tooMany.text()).to.contain('query.limit');
    const badAction = await fetch(`${app.url}/api/admin/audit-log?accion=${encodeURIComponent("x' OR 1=1 --")}`, {
      headers: bearer(token),
    });
    expect(badAction.status).to.equal(400);
    expect(((await badAction.json()) as { detail: string }).detail).to.contain('action must be an audit action');
  });
});
