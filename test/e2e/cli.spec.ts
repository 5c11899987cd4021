import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { runToExit, startServer, CLI } from '../support/server-process';
import { copyFixture, tempDir, REPO_ROOT } from '../support/temp';
import { queryFile } from '../support/db-digest';
import { bootstrapFromSeed } from '../../src/infrastructure/sqlite/seed-bootstrap';
import { MIGRATIONS } from '../../migrations';

const cli = (args: string[], env: Record<string, string>, cwd: string) => runToExit(args, env, cwd, CLI);

describe('e2e: the operator CLI (chorizaurio …)', function () {
  this.timeout(60_000);

  it("`migrate status` on the production copy shows the original's eight ids as applied", async () => {
    const dir = tempDir();
    const db = copyFixture('original-current.db', dir);
    const result = await cli(['migrate', 'status'], { DB_PATH: db }, dir);
    expect(result.code, result.stderr).to.equal(0);
    for (const m of MIGRATIONS.slice(0, 8)) expect(result.stdout).to.match(new RegExp(`applied\\s+${m.id}`));
    for (const m of MIGRATIONS.slice(8)) expect(result.stdout).to.match(new RegExp(`pending\\s+${m.id}`));
    expect(result.stdout).to.contain(`8 applied, ${MIGRATIONS.length - 8} pending, 0 failed`);
    const json = await cli(['migrate', 'status', '--json'], { DB_PATH: db }, dir);
    const status = JSON.parse(json.stdout) as { executed: { name: string }[]; pending: string[] };
    expect(status.executed.map((e) => e.name)).to.deep.equal(MIGRATIONS.slice(0, 8).map((m) => m.id));
  });

  it('works through the package bin (bin/chorizaurio.js), as `npx chorizaurio` runs it', async () => {
    const dir = tempDir();
    const db = copyFixture('original-current.db', dir);
    const result = await runToExit(['migrate', 'status'], { DB_PATH: db }, dir, path.join(REPO_ROOT, 'bin', 'chorizaurio.js'));
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.contain('8 applied');
  });

  it('`migrate run` applies the pending ones, then has nothing to do', async () => {
    const dir = tempDir();
    const db = copyFixture('original-old-generation.db', dir);
    const first = await cli(['migrate', 'run'], { DB_PATH: db }, dir);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.contain(`Applied ${MIGRATIONS.length}:`);
    const second = await cli(['migrate', 'run'], { DB_PATH: db }, dir);
    expect(second.stdout).to.contain('Nothing to do');
  });

  it('`migrate mark-applied` checks the id, needs a reason, and records who and why', async () => {
    const dir = tempDir();
    const db = copyFixture('original-current.db', dir);
    const unknown = await cli(['migrate', 'mark-applied', 'xxx', '--reason', 'runbook example'], { DB_PATH: db }, dir);
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.contain('Unknown migration id "xxx"');
    const noReason = await cli(['migrate', 'mark-applied', '009_create_core_schema'], { DB_PATH: db }, dir);
    expect(noReason.code).to.equal(2);
    expect(noReason.stderr).to.contain('--reason');
    const ok = await cli(
      ['migrate', 'mark-applied', '009_create_core_schema', '--reason', 'tables created by hand', '--by', 'ana'],
      { DB_PATH: db },
      dir,
    );
    expect(ok.code, ok.stderr).to.equal(0);
    const row = await queryFile(db, "SELECT success, applied_by, reason FROM migration_log WHERE name = '009_create_core_schema'");
    expect(row).to.deep.equal([{ success: 1, applied_by: 'ana', reason: 'tables created by hand' }]);
    const again = await cli(['migrate', 'mark-applied', '009_create_core_schema', '--reason', 'twice'], { DB_PATH: db }, dir);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.contain('already recorded as applied');
  });

  it('`migrate status` on a missing database says so and creates nothing', async () => {
    const dir = tempDir();
    const result = await cli(['migrate', 'status'], { DATA_DIR: path.join(dir, 'data') }, dir);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.contain('No database at');
    expect(fs.existsSync(path.join(dir, 'data', 'ventas.db'))).to.equal(false);
  });

  it('usage errors exit 2 with the usage text, and change nothing', async () => {
    const dir = tempDir();
    for (const args of [[], ['frobnicate'], ['migrate'], ['migrate', 'status', '--bogus'], ['users', 'reactivate'], ['backups', 'nope']]) {
      const result = await cli(args, {}, dir);
      expect(result.code, args.join(' ')).to.equal(2);
      expect(result.stderr, args.join(' ')).to.contain('Usage: chorizaurio');
    }
    expect(fs.readdirSync(dir)).to.deep.equal([]);
  });

  it('`seed-encode` writes the seed secret format, which bootstraps the same database', async () => {
    const dir = tempDir();
    const db = copyFixture('original-current.db', dir);
    const result = await cli(['seed-encode', db], {}, dir);
    expect(result.code, result.stderr).to.equal(0);
    const seedPath = path.join(dir, 'ventas.db.gz.b64');
    fs.writeFileSync(seedPath, result.stdout);
    const target = path.join(dir, 'new', 'ventas.db');
    expect(
      (await bootstrapFromSeed({ dbPath: target, seedPath, backupDir: path.join(dir, 'new', 'backups'), force: false })).action,
    ).to.equal('seeded');
    expect(await queryFile(target, 'SELECT count(*) AS n FROM detalles_pedido')).to.deep.equal([{ n: 823 }]);
  });

  it('two processes migrating the same file at once: each migration runs exactly once', async () => {
    const dir = tempDir();
    const db = copyFixture('original-old-generation.db', dir);
    const [a, b] = await Promise.all([cli(['migrate', 'run'], { DB_PATH: db }, dir), cli(['migrate', 'run'], { DB_PATH: db }, dir)]);
    expect([a.code, b.code], a.stderr + b.stderr).to.deep.equal([0, 0]);
    const rows = await queryFile<{ name: string; n: number }>(
      db,
      'SELECT name, count(*) AS n FROM migration_log GROUP BY name ORDER BY name',
    );
    expect(rows).to.deep.equal(MIGRATIONS.map((m) => ({ name: m.id, n: 1 })));
    const applied = (s: string) => Number(/Applied (\d+)/.exec(s)?.[1] ?? 0);
    expect(applied(a.stdout) + applied(b.stdout)).to.equal(MIGRATIONS.length);
    expect(await queryFile(db, 'PRAGMA integrity_check')).to.deep.equal([{ integrity_check: 'ok' }]);
  });

  it('`backup` takes a verified backup beside a running server, which lists it; `backups list` shows kind, size and SHA-256', async () => {
    const dir = tempDir();
    const db = copyFixture('original-current.db', dir);
    const env = { DB_PATH: db, BACKUP_DIR: path.join(dir, 'backups'), ADMIN_PASSWORD: 'friosur2026' };
    const server = await startServer(env, dir);
    try {
      const taken = await cli(['backup'], env, dir);
      expect(taken.code, taken.stderr).to.equal(0);
      const name = /Backup (ventas_\S+\.db) taken and verified/.exec(taken.stdout)?.[1] ?? expect.fail(taken.stdout + taken.stderr);
      expect(taken.stderr).to.contain('copying, verifying and listing the backup');
      const listed = await cli(['backups', 'list', '--json'], env, dir);
      expect(listed.code, listed.stderr).to.equal(0);
      const entry = (
        JSON.parse(listed.stdout) as { backups: { filename: string; kind: string; sha256: string; size: number }[] }
      ).backups.find((b) => b.filename === name)!;
      const file = fs.readFileSync(path.join(dir, 'backups', name));
      expect(entry).to.include({ kind: 'manual', size: file.length, sha256: createHash('sha256').update(file).digest('hex') });
      expect((await cli(['backups', 'list'], env, dir)).stdout).to.match(new RegExp(`${name}\\s+manual`));
      // The running server sees the CLI's backup as verified, with the same hash.
      const login = await fetch(`${server.url}/api/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'username=admin&password=friosur2026',
      });
      const { access_token } = (await login.json()) as { access_token: string };
      const onServer = (await (
        await fetch(`${server.url}/api/admin/backups`, { headers: { Authorization: `Bearer ${access_token}` } })
      ).json()) as {
        backups: { filename: string; sha256: string }[];
      };
      expect(onServer.backups.find((b) => b.filename === name)?.sha256).to.equal(entry.sha256);
    } finally {
      await server.stop('SIGTERM');
    }
  });

  it('`users list` and `users reactivate <username>`: the lockout fix without curl, recorded in the audit log', async () => {
    const dir = tempDir();
    const db = copyFixture('original-current.db', dir);
    const env = { DB_PATH: db };
    const list = await cli(['users', 'list', '--json'], env, dir);
    expect(list.code, list.stderr).to.equal(0);
    const users = JSON.parse(list.stdout) as { username: string; activo: boolean; rol: string }[];
    expect(users.find((u) => u.username === 'vendedor2')).to.include({ activo: false, rol: 'vendedor' });
    expect((await cli(['users', 'list'], env, dir)).stdout).to.match(/vendedor2\s+vendedor\s+INACTIVE/);

    const unknown = await cli(['users', 'reactivate', 'nadie'], env, dir);
    expect([unknown.code, unknown.stderr.trim()]).to.deep.equal([1, 'No account named "nadie". See them with: chorizaurio users list']);
    const done = await cli(['users', 'reactivate', 'vendedor2'], env, dir);
    expect(done.code, done.stderr).to.equal(0);
    expect(done.stdout).to.contain('vendedor2 is active again');
    const again = await cli(['users', 'reactivate', 'vendedor2'], env, dir);
    expect([again.code, again.stdout.trim()]).to.deep.equal([0, 'vendedor2 is already active: nothing changed.']);

    expect(await queryFile(db, "SELECT activo FROM usuarios WHERE username = 'vendedor2'")).to.deep.equal([{ activo: 1 }]);
    const audit = await queryFile<{ usuario: string; accion: string; user_agent: string }>(
      db,
      "SELECT usuario, accion, user_agent FROM audit_log WHERE accion = 'ACTIVATE'",
    );
    expect(audit).to.have.length(1);
    expect(audit[0]!.usuario).to.match(/@.* \(cli\)$/);
    expect(audit[0]!.user_agent).to.equal('chorizaurio cli');
  });

  it('output piped into a reader that stops early (| head) ends quietly, with no stack trace', async () => {
    const child = spawn(process.execPath, [CLI, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.destroy(); // the reader is gone before the help is written
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(stderr).to.not.contain('EPIPE');
    expect(code).to.equal(0);
  });
});
