import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { startServer, runToExit, type ServerProcess } from '../support/server-process';
import { copyFixture, tempDir, FIXTURES } from '../support/temp';
import { execFile, queryFile, digestDatabase } from '../support/db-digest';

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('e2e: the server process', function () {
  this.timeout(60_000);

  describe('on an empty data directory (npm start on a fresh machine)', () => {
    let dir: string;
    let server: ServerProcess;
    before(async () => {
      dir = tempDir();
      server = await startServer({}, dir);
    });
    after(async () => server.stop());

    it('serves GET /api/health and GET /health (API.md §9.1)', async () => {
      for (const p of ['/api/health', '/health']) {
        const res = await fetch(server.url + p);
        expect(res.status).to.equal(200);
        const body = (await res.json()) as Record<string, unknown>;
        expect(body).to.include({ status: 'healthy', database: 'ok', database_type: 'sqlite', environment: 'development' });
        expect(body.version).to.match(/^\d+\.\d+\.\d+/);
        expect(new Date(String(body.timestamp)).getTime()).to.be.closeTo(Date.now(), 60_000);
      }
    });

    it('creates ./data with the database, backups and uploads folders, in WAL mode', async () => {
      const data = path.join(dir, 'data');
      expect(fs.readdirSync(data)).to.include.members(['ventas.db', 'backups', 'uploads', '.secret_key']);
      expect(await queryFile(path.join(data, 'ventas.db'), 'PRAGMA journal_mode')).to.deep.equal([{ journal_mode: 'wal' }]);
    });

    it('creates `admin` and says where its password came from; prints a generated one once, never in the log', async () => {
      const messages = server.logs.map((l) => String(l.msg ?? ''));
      expect(messages.some((m) => m.startsWith('admin password: ADMIN_PASSWORD is not set'))).to.equal(true);
      const printed = /generated password\s+(\S+)/.exec(server.stderr());
      expect(printed, server.stderr()).to.not.equal(null);
      expect(JSON.stringify(server.logs)).to.not.contain(printed![1]);
      const users = await queryFile<{ username: string; rol: string; activo: number; password_hash: string }>(
        path.join(dir, 'data', 'ventas.db'),
        'SELECT * FROM usuarios',
      );
      expect(users).to.have.length(1);
      expect(users[0]).to.include({ username: 'admin', rol: 'admin', activo: 1 });
      expect(users[0]!.password_hash).to.match(/^\$2b\$12\$/);
    });

    it('echoes X-Request-ID, adds X-Process-Time, and logs one JSON line per request', async () => {
      const res = await fetch(server.url + '/api/health', { headers: { 'X-Request-ID': 'req-abc-123' } });
      expect(res.headers.get('x-request-id')).to.equal('req-abc-123');
      expect(res.headers.get('x-process-time')).to.match(/^\d+\.\d\dms$/);
      const generated = await fetch(server.url + '/health');
      expect(generated.headers.get('x-request-id')).to.match(/^[0-9a-f]{8}$/);
      await new Promise((r) => setTimeout(r, 100));
      const line = server.logs.find((l) => l.request_id === 'req-abc-123');
      expect(line).to.include({ method: 'GET', path: '/api/health', status: 200, msg: 'request' });
      expect(line!.duration_ms).to.be.a('number');
    });

    it('answers unknown routes and wrong methods with the §0.2 error body', async () => {
      const notFound = await fetch(server.url + '/api/no-such-thing');
      expect(notFound.status).to.equal(404);
      expect(await notFound.json()).to.include({ detail: 'Not Found', error: 'Not Found', code: 'NOT_FOUND' });
      const wrong = await fetch(server.url + '/api/health', { method: 'DELETE' });
      expect(wrong.status).to.equal(405);
      expect(wrong.headers.get('allow')).to.contain('GET');
      const body = (await wrong.json()) as Record<string, unknown>;
      expect(body).to.include({ detail: 'Method Not Allowed', error: 'Method Not Allowed' });
      expect(body.timestamp).to.be.a('string');
    });

    it('a restart keeps the secret key and the admin password, and prints no password', async () => {
      const hashBefore = (
        await queryFile<{ password_hash: string }>(path.join(dir, 'data', 'ventas.db'), 'SELECT password_hash FROM usuarios')
      )[0]!.password_hash;
      const keyBefore = fs.readFileSync(path.join(dir, 'data', '.secret_key'), 'utf8');
      const second = await startServer({ ADMIN_PASSWORD: 'OtraClave2026' }, tempDir()).catch((e) => {
        throw e;
      });
      await second.stop();
      // The same directory, a second time:
      await server.stop();
      const again = await startServer({ ADMIN_PASSWORD: 'OtraClave2026' }, dir);
      try {
        expect(again.stderr()).to.not.match(/generated password/);
        expect(again.logs.some((l) => String(l.msg).includes('its password was left unchanged'))).to.equal(true);
        expect(again.logs.some((l) => String(l.msg).includes('development key kept in'))).to.equal(true);
        const hashAfter = (
          await queryFile<{ password_hash: string }>(path.join(dir, 'data', 'ventas.db'), 'SELECT password_hash FROM usuarios')
        )[0]!.password_hash;
        expect(hashAfter).to.equal(hashBefore);
        expect(fs.readFileSync(path.join(dir, 'data', '.secret_key'), 'utf8')).to.equal(keyBefore);
      } finally {
        server = again; // stopped by after()
      }
    });
  });

  it('SIGTERM: stops accepting, closes the database cleanly (WAL checkpointed) and exits 0', async () => {
    const dir = tempDir();
    const server = await startServer({}, dir);
    expect((await fetch(server.url + '/api/health')).status).to.equal(200);
    const code = await server.stop('SIGTERM');
    expect(code).to.equal(0);
    expect(server.logs.some((l) => l.msg === 'stopped cleanly')).to.equal(true);
    expect(fs.existsSync(path.join(dir, 'data', 'ventas.db-wal'))).to.equal(false);
  });

  it('starts on a copy of the production database, migrates it and keeps every row', async () => {
    const dir = tempDir();
    const db = copyFixture('original-current.db', dir, 'ventas.db');
    const before = await digestDatabase(db);
    const server = await startServer({ DB_PATH: db, ADMIN_PASSWORD: 'NoDebeUsarse1' }, dir);
    try {
      expect(((await (await fetch(server.url + '/api/health')).json()) as { status: string }).status).to.equal('healthy');
      expect(server.logs.some((l) => String(l.msg).includes('its password was left unchanged'))).to.equal(true);
    } finally {
      expect(await server.stop()).to.equal(0);
    }
    const after = await digestDatabase(db, Object.fromEntries(Object.entries(before).map(([t, d]) => [t, d.columns])));
    for (const table of Object.keys(before).filter((t) => t !== 'migration_log')) expect(after[table], table).to.deep.equal(before[table]);
  });

  it('bootstraps an empty DATA_DIR from the seed secret, and ignores the seed once a database exists', async () => {
    const dir = tempDir();
    const seed = path.join(FIXTURES, 'ventas.db.gz.b64');
    const server = await startServer({ SEED_DB_PATH: seed }, dir);
    await server.stop();
    expect(server.logs.some((l) => l.msg === 'database created from the seed secret (quick_check ok)')).to.equal(true);
    const db = path.join(dir, 'data', 'ventas.db');
    expect((await queryFile(db, 'SELECT count(*) AS n FROM pedidos'))[0]).to.deep.equal({ n: 240 });
    await execFile(db, 'DELETE FROM detalles_pedido WHERE pedido_id = 1; DELETE FROM pedidos WHERE id = 1');
    const again = await startServer({ SEED_DB_PATH: seed }, dir);
    await again.stop();
    expect(again.logs.some((l) => String(l.msg).includes('seed'))).to.equal(false);
    expect((await queryFile(db, 'SELECT count(*) AS n FROM pedidos'))[0]).to.deep.equal({ n: 239 });
  });

  it('a truncated seed stops start-up with a clear message and writes nothing at DB_PATH', async () => {
    const dir = tempDir();
    const seed = path.join(dir, 'ventas.db.gz.b64');
    fs.writeFileSync(seed, fs.readFileSync(path.join(FIXTURES, 'ventas.db.gz.b64'), 'utf8').slice(0, 20_000));
    const result = await runToExit([], { SEED_DB_PATH: seed }, dir);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.contain('Start-up failed').and.contain('truncated or corrupt');
    expect(fs.existsSync(path.join(dir, 'data', 'ventas.db'))).to.equal(false);
  });

  it('DATABASE_URL: an invalid one is named with the other problems; without a shared key it is refused, touching no file', async () => {
    const dir = tempDir();
    const bad = await runToExit([], { DATABASE_URL: 'mysql://u:pw@db/shop', DATA_DIR: path.join(dir, 'data') }, dir);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.contain('DATABASE_URL has the scheme mysql; it must be postgres:// or postgresql://');
    const valid = await runToExit(
      [],
      { DATABASE_URL: 'postgres://u:topsecret@127.0.0.1:5432/shop', DATA_DIR: path.join(dir, 'data') },
      dir,
    );
    expect(valid.code).to.equal(1);
    expect(valid.stderr).to.contain('SECRET_KEY (or SECRET_KEY_FILE) must be set');
    expect(valid.stderr + valid.stdout).to.not.contain('topsecret');
    expect(fs.existsSync(path.join(dir, 'data', 'ventas.db'))).to.equal(false);
    // An unreachable server is named without its password.
    const down = await runToExit(
      [],
      {
        DATABASE_URL: 'postgres://u:topsecret@127.0.0.1:1/shop',
        BACKUP_ENABLED: 'false',
        SECRET_KEY: 'k'.repeat(40),
        DATA_DIR: path.join(dir, 'data'),
      },
      dir,
    );
    expect(down.code).to.equal(1);
    expect(down.stderr).to.contain('Cannot connect to postgres://u:***@127.0.0.1:1/shop');
    expect(down.stderr + down.stdout).to.not.contain('topsecret');
    expect(fs.existsSync(path.join(dir, 'data', 'ventas.db'))).to.equal(false);
  });

  it('production with a weak SECRET_KEY, a short ADMIN_PASSWORD and an invalid BACKUP_TIMEZONE exits non-zero naming all three, touching no file', async () => {
    const dir = tempDir();
    const result = await runToExit(
      [],
      {
        ENVIRONMENT: 'production',
        SECRET_KEY: 'secret',
        ADMIN_PASSWORD: 'abc',
        BACKUP_TIMEZONE: 'America/Montevidео',
        CORS_ORIGINS: 'https://www.pedidosfriosur.com',
        DATA_DIR: path.join(dir, 'data'),
      },
      dir,
    );
    expect(result.code).to.not.equal(0);
    expect(result.stderr).to.contain('SECRET_KEY').and.contain('ADMIN_PASSWORD').and.contain('BACKUP_TIMEZONE');
    expect(result.stderr).to.contain('3 problems');
    expect(fs.readdirSync(dir)).to.deep.equal([]);
  });

  it('refuses to start on a database with an unknown applied migration, naming it, without writing', async () => {
    const dir = tempDir();
    const db = copyFixture('original-current.db', dir, 'ventas.db');
    await execFile(
      db,
      "INSERT INTO migration_log (name, executed_at, success) VALUES ('099_newer_feature', '2027-01-01T00:00:00+00:00', 1)",
    );
    const hash = sha256(db);
    const result = await runToExit([], { DB_PATH: db }, dir);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.contain('099_newer_feature').and.contain('nothing was written');
    expect(sha256(db)).to.equal(hash);
    expect(fs.existsSync(db + '-wal')).to.equal(false);
  });

  it('refuses to start when an applied migration was edited, naming it', async () => {
    const dir = tempDir();
    const db = copyFixture('original-current.db', dir, 'ventas.db');
    const first = await startServer({ DB_PATH: db }, dir);
    await first.stop();
    await execFile(db, "UPDATE migration_log SET checksum = 'e'||substr(checksum, 2) WHERE name = '010_add_missing_columns'");
    const hash = sha256(db);
    const result = await runToExit([], { DB_PATH: db }, dir);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.contain('010_add_missing_columns').and.contain('changed since they ran');
    expect(sha256(db)).to.equal(hash);
  });
});
