import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { runToExit, CLI } from '../support/server-process';
import { copyFixture, tempDir } from '../support/temp';
import { createTestDatabase, describePostgres } from '../support/postgres';
import { PostgresStore } from '../../src/infrastructure/persistence/postgres/postgres-store';
import { queryFile } from '../support/db-digest';

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describePostgres('e2e: chorizaurio migrate-to-postgres', function () {
  this.timeout(120_000);

  it('moves the production fixture into an empty database: schema first, every row, verified; the SQLite file is untouched; a second run is refused', async () => {
    const dir = tempDir('to-pg');
    const file = copyFixture('original-current.db', dir, 'ventas.db');
    const before = sha(file);
    const db = await createTestDatabase();
    try {
      const run = await runToExit(['migrate-to-postgres', '--from', file], { DATABASE_URL: db.url }, dir, CLI);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.contain('Schema created on PostgreSQL');
      expect(run.stdout).to.match(/pedidos\s+240 rows\s+sha256 [0-9a-f]{16}\s+verified/);
      expect(run.stdout).to.match(/detalles_pedido\s+823 rows/);
      expect(run.stdout).to.match(/\d+ tables, \d+ rows copied and verified/);
      expect(run.stderr).to.match(/pedidos\s*: 100% \(240 of 240 rows\)/);
      expect(sha(file), 'the source file is not changed').to.equal(before);

      const pg = await PostgresStore.open(db.url);
      try {
        for (const table of ['usuarios', 'clientes', 'productos', 'pedidos', 'detalles_pedido', 'historial_pedidos']) {
          const [{ n }] = await queryFile<{ n: number }>(file, `SELECT count(*) AS n FROM ${table}`);
          expect(await pg.query(`SELECT count(*) AS n FROM ${table}`), table).to.deep.equal([{ n }]);
        }
        // The passwords stay bcrypt hashes, byte for byte.
        const hashes = await queryFile<{ username: string; password_hash: string }>(
          file,
          'SELECT username, password_hash FROM usuarios ORDER BY id',
        );
        expect(await pg.query('SELECT username, password_hash FROM usuarios ORDER BY id')).to.deep.equal(hashes);
      } finally {
        await pg.close();
      }

      const again = await runToExit(['migrate-to-postgres', '--from', file, '--to', db.url], {}, dir, CLI);
      expect(again.code).to.equal(1);
      expect(again.stderr).to.contain('The target database is not empty');
    } finally {
      await db.drop();
    }
  });

  it('kill -9 in the middle of the copy leaves the target without a copied row; the next run moves the shop whole', async () => {
    const dir = tempDir('to-pg-kill');
    const file = copyFixture('original-current.db', dir, 'ventas.db');
    const db = await createTestDatabase();
    try {
      // Killed once the copy is under way (its first progress lines are out), before it finishes.
      const child = spawn(process.execPath, [CLI, 'migrate-to-postgres', '--from', file, '--to', db.url], {
        cwd: dir,
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let said = '';
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      await new Promise<void>((resolve) => {
        const look = (d: Buffer) => {
          said += d.toString();
          if (/clientes\s*:|productos\s*:|pedidos\s*:/.test(said)) resolve();
        };
        child.stderr.on('data', look);
        child.stdout.on('data', look);
        void exited.then(() => resolve());
      });
      child.kill('SIGKILL');
      expect(await exited, `the copy was still running when killed:\n${said}`).to.equal(null);
      const pg = await PostgresStore.open(db.url);
      try {
        for (const table of ['usuarios', 'clientes', 'productos', 'pedidos', 'detalles_pedido'])
          expect(await pg.query(`SELECT count(*) AS n FROM ${table}`), table).to.deep.equal([{ n: 0 }]);
      } finally {
        await pg.close();
      }
      const run = await runToExit(['migrate-to-postgres', '--from', file, '--to', db.url], {}, dir, CLI);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.match(/pedidos\s+240 rows\s+sha256 [0-9a-f]{16}\s+verified/);
    } finally {
      await db.drop();
    }
  });

  it('says what is wrong with the command line (exit 2) and with the source (exit 1)', async () => {
    const dir = tempDir('to-pg-bad');
    const noTarget = await runToExit(['migrate-to-postgres', '--from', 'x.db'], {}, dir, CLI);
    expect([noTarget.code, noTarget.stderr.split('\n')[0]]).to.deep.equal([
      2,
      'error: migrate-to-postgres needs --to postgres://… or DATABASE_URL',
    ]);
    const badUrl = await runToExit(['migrate-to-postgres', '--from', 'x.db', '--to', 'mysql://h/db'], {}, dir, CLI);
    expect([badUrl.code, badUrl.stderr.split('\n')[0]]).to.deep.equal([
      2,
      'error: --to has the scheme mysql; it must be postgres:// or postgresql://',
    ]);
    const db = await createTestDatabase();
    try {
      const missing = await runToExit(['migrate-to-postgres', '--from', 'nope.db', '--to', db.url], {}, dir, CLI);
      expect(missing.code).to.equal(1);
      expect(missing.stderr).to.contain('No database file at nope.db');
    } finally {
      await db.drop();
    }
  });
});
