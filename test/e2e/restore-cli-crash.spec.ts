import { expect } from 'chai';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, runToExit, startServer, baseEnv } from '../support/server-process';
import { tempDir } from '../support/temp';
import { withOrders } from '../support/ordering';
import { digestDatabase, execFile, queryFile, withoutAudit } from '../support/db-digest';
import { SqliteBackupMaker } from '../../src/infrastructure/backups/sqlite-backup-maker';
import { SqliteScratchDatabases } from '../../src/infrastructure/backups/sqlite-restore';
import { RawSqlite } from '../../src/infrastructure/sqlite/sqlite-file';
import { SystemClock } from '../../src/infrastructure/time/system-clock';

const env = (dir: string) => ({
  DATA_DIR: dir,
  DB_PATH: path.join(dir, 'ventas.db'),
  SECRET_KEY: 'k'.repeat(48),
  ADMIN_PASSWORD: 'Admin2026x',
});

/** A database in `dir` and, in its backups, a verified backup whose content differs from it. */
async function databaseWithOlderBackup(orders: number): Promise<{ dir: string; db: string; backup: string }> {
  const db = await withOrders(orders);
  const dir = path.dirname(db);
  const made = await new SqliteBackupMaker(db, path.join(dir, 'backups'), 'test', new SystemClock()).make({
    kind: 'manual',
    trigger: 'test',
    fullCheck: false,
  });
  await execFile(
    db,
    'BEGIN; DELETE FROM detalles_pedido WHERE pedido_id % 3 = 0; DELETE FROM historial_pedidos WHERE pedido_id % 3 = 0; DELETE FROM pedidos WHERE id % 3 = 0; UPDATE productos SET precio = precio + 1; COMMIT;',
  );
  return { dir, db, backup: made.filename };
}

describe('e2e: restore from the CLI, and kill -9 during a restore', function () {
  this.timeout(180_000);

  it('chorizaurio restore refuses while a server holds the database, asks for confirmation, and restores with --yes', async () => {
    const { dir, db, backup } = await databaseWithOlderBackup(2_000);
    const server = await startServer(env(dir), dir);
    try {
      const refused = await runToExit(['restore', backup, '--yes'], env(dir), dir, CLI);
      expect(refused.code).to.equal(1);
      expect(refused.stderr).to.match(new RegExp(`a server \\(pid ${server.proc.pid}.*POST /api/admin/backups/\\{filename\\}/restore`));
    } finally {
      await server.stop();
    }
    const before = withoutAudit(await digestDatabase(db));
    const unconfirmed = await runToExit(['restore', backup], env(dir), dir, CLI);
    expect(unconfirmed.code).to.equal(2);
    expect(unconfirmed.stderr).to.match(/add --yes/);
    expect(withoutAudit(await digestDatabase(db))).to.deep.equal(before);
    expect((await runToExit(['restore', 'ventas_20000101_000000.db', '--yes'], env(dir), dir, CLI)).stderr).to.match(
      /No verified backup named/,
    );

    const inBackup = withoutAudit(await digestDatabase(path.join(dir, 'backups', backup)));
    const done = await runToExit(['restore', backup, '--yes'], env(dir), dir, CLI);
    expect(done.code, done.stderr).to.equal(0);
    expect(done.stdout).to.match(/Restored ventas_/);
    expect(done.stderr).to.match(/100%/);
    expect(withoutAudit(await digestDatabase(db))).to.deep.equal(inBackup);
    const pre = /pre-restore backup (ventas_\S+\.db)/.exec(done.stdout)![1]!;

    // Rollback from the CLI, by path as well as by name: the state before comes back.
    const undo = await runToExit(['restore', path.join(dir, 'backups', pre), '--yes'], env(dir), dir, CLI);
    expect(undo.code, undo.stderr).to.equal(0);
    expect(withoutAudit(await digestDatabase(db))).to.deep.equal(before);
    const audit = await queryFile<{ usuario: string }>(db, "SELECT usuario FROM audit_log WHERE accion = 'RESTORE'");
    expect(audit).to.have.length(1); // the first restore's row went back with the rollback; the rollback wrote its own
    expect(audit[0]!.usuario).to.match(/\(cli\)$/);
  });

  it('kill -9 at any point of a restore leaves a database that passes integrity_check and equals the state before or the backup', async () => {
    const base = await databaseWithOlderBackup(40_000);
    const stateBefore = withoutAudit(await digestDatabase(base.db));
    const stateBackup = withoutAudit(await digestDatabase(path.join(base.dir, 'backups', base.backup)));
    // One uninterrupted run measures how long a restore takes here; the kills spread over it.
    const timing = tempDir();
    fs.cpSync(base.dir, timing, { recursive: true });
    const t0 = Date.now();
    const full = await runToExit(['restore', base.backup, '--yes'], env(timing), timing, CLI);
    expect(full.code, full.stderr).to.equal(0);
    const took = Date.now() - t0;
    const outcomes: string[] = [];
    // 2.0: a kill that lands after a restore slowed by a busy machine still shows the "restored" side.
    for (const delay of [0.2, 0.4, 0.6, 0.75, 0.85, 0.95, 1.05, 1.3, 2.0].map((f) => Math.round(f * took))) {
      const dir = tempDir();
      fs.cpSync(base.dir, dir, { recursive: true });
      const child = spawn(process.execPath, [CLI, 'restore', base.backup, '--yes'], { cwd: dir, env: baseEnv(env(dir)), stdio: 'ignore' });
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;

      // The next command recovers what the kill interrupted (the restore journal), as a server start would.
      const next = await runToExit(['migrate', 'status'], env(dir), dir, CLI);
      expect(next.code, next.stderr).to.equal(0);
      const raw = await RawSqlite.open(path.join(dir, 'ventas.db'), 'readwrite');
      const [check] = await raw.all<{ integrity_check: string }>('PRAGMA integrity_check');
      await raw.close();
      expect(check!.integrity_check, `after a kill at ${delay} ms`).to.equal('ok');
      const now = withoutAudit(await digestDatabase(path.join(dir, 'ventas.db')));
      const same = JSON.stringify(now);
      const outcome = same === JSON.stringify(stateBefore) ? 'before' : same === JSON.stringify(stateBackup) ? 'restored' : 'NEITHER';
      outcomes.push(`${delay}ms:${outcome}`);
      expect(outcome, `after a kill at ${delay} ms`).to.not.equal('NEITHER');
      if (outcome === 'restored') {
        // Nothing lost: the content before the restore is a listed pre-restore backup.
        const pre = fs
          .readdirSync(path.join(dir, 'backups'))
          .filter(
            (f) =>
              /^ventas_.*\.db$/.test(f) &&
              JSON.parse(fs.readFileSync(path.join(dir, 'backups', `${f}.json`), 'utf8')).kind === 'pre-restore',
          );
        expect(pre, `after a kill at ${delay} ms`).to.have.length(1);
        expect(withoutAudit(await digestDatabase(path.join(dir, 'backups', pre[0]!))), `after a kill at ${delay} ms`).to.deep.equal(
          stateBefore,
        );
      }
      expect(
        fs.readdirSync(dir).filter((f) => f.startsWith('.pre-restore-') || f.endsWith('.restore-journal')),
        `after a kill at ${delay} ms`,
      ).to.deep.equal([]);
      // What the killed process left (its working copy) is removed at the next start.
      SqliteScratchDatabases.cleanLeftovers(path.join(dir, 'ventas.db'));
      expect(fs.readdirSync(dir).filter((f) => f.startsWith('.scratch-'))).to.deep.equal([]);
    }
    // The kills landed on both sides of the replacement.
    expect(
      outcomes.some((o) => o.endsWith('before')),
      outcomes.join(' '),
    ).to.equal(true);
    expect(
      outcomes.some((o) => o.endsWith('restored')),
      outcomes.join(' '),
    ).to.equal(true);
  });
});
