import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runToExit, CLI } from '../support/server-process';
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

  it('usage errors exit 2 with the usage text', async () => {
    const dir = tempDir();
    for (const args of [[], ['frobnicate'], ['migrate'], ['migrate', 'status', '--bogus']]) {
      const result = await cli(args, {}, dir);
      expect(result.code, args.join(' ')).to.equal(args.includes('--bogus') ? 1 : 2);
      if (!args.includes('--bogus')) expect(result.stderr).to.contain('Usage: chorizaurio');
    }
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
});
