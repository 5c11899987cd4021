import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { bootstrapFromSeed, SeedError } from '../../src/infrastructure/sqlite/seed-bootstrap';
import { encodeSeed } from '../../src/infrastructure/sqlite/seed-encode';
import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { copyFixture, tempDir, FIXTURES } from '../support/temp';
import { digestDatabase } from '../support/db-digest';

const SEED = path.join(FIXTURES, 'ventas.db.gz.b64');

function layout() {
  const dir = tempDir();
  return { dir, dbPath: path.join(dir, 'data', 'ventas.db'), backupDir: path.join(dir, 'data', 'backups'), seedPath: SEED, force: false };
}

async function refusal(promise: Promise<unknown>): Promise<SeedError> {
  try {
    await promise;
  } catch (e) {
    expect(e).to.be.instanceOf(SeedError);
    return e as SeedError;
  }
  throw new Error('expected the seed to be refused');
}

const leftovers = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.includes('.tmp')) : []);

describe('integration: seed bootstrap (RUNBOOK "seed database, used only if DB missing")', function () {
  this.timeout(30_000);

  it('creates the database from the secret when it is missing: same content as the original file', async () => {
    const l = layout();
    const outcome = await bootstrapFromSeed(l);
    expect(outcome).to.include({ action: 'seeded', from: SEED });
    expect(await digestDatabase(l.dbPath)).to.deep.equal(await digestDatabase(path.join(FIXTURES, 'original-current.db')));
    expect(leftovers(path.dirname(l.dbPath))).to.deep.equal([]);
  });

  it('also accepts a plain (not gzipped) base64 seed', async () => {
    const l = layout();
    const plain = path.join(l.dir, 'ventas.db.b64');
    fs.writeFileSync(
      plain,
      fs
        .readFileSync(path.join(FIXTURES, 'original-current.db'))
        .toString('base64')
        .replace(/(.{76})/g, '$1\n'),
    );
    expect((await bootstrapFromSeed({ ...l, seedPath: plain })).action).to.equal('seeded');
    expect((await digestDatabase(l.dbPath)).pedidos!.rows).to.equal(240);
  });

  it("falls back to the original's .b64 name beside the configured .gz.b64", async () => {
    const l = layout();
    fs.writeFileSync(path.join(l.dir, 'ventas.db.b64'), fs.readFileSync(path.join(FIXTURES, 'original-current.db')).toString('base64'));
    const outcome = await bootstrapFromSeed({ ...l, seedPath: path.join(l.dir, 'ventas.db.gz.b64') });
    expect(outcome).to.include({ action: 'seeded', from: path.join(l.dir, 'ventas.db.b64') });
  });

  it('is never used when a database is already there', async () => {
    const l = layout();
    fs.mkdirSync(path.dirname(l.dbPath), { recursive: true });
    copyFixture('original-old-generation.db', path.dirname(l.dbPath), 'ventas.db');
    const before = fs.readFileSync(l.dbPath);
    expect(await bootstrapFromSeed(l)).to.deep.equal({ action: 'kept-existing' });
    expect(fs.readFileSync(l.dbPath).equals(before)).to.equal(true);
  });

  it('replaces a zero-byte or table-less file', async () => {
    const l = layout();
    fs.mkdirSync(path.dirname(l.dbPath), { recursive: true });
    fs.writeFileSync(l.dbPath, '');
    expect((await bootstrapFromSeed(l)).action).to.equal('seeded');
    const l2 = layout();
    const empty = await SqliteStore.open(l2.dbPath);
    await empty.close();
    for (const suffix of ['-wal', '-shm']) fs.rmSync(l2.dbPath + suffix, { force: true });
    expect((await bootstrapFromSeed(l2)).action).to.equal('seeded');
  });

  it('does nothing without a seed file', async () => {
    const l = layout();
    expect(await bootstrapFromSeed({ ...l, seedPath: path.join(l.dir, 'none.gz.b64') })).to.deep.equal({ action: 'no-seed' });
    expect(fs.existsSync(l.dbPath)).to.equal(false);
  });

  it('a truncated seed fails cleanly: a clear message, nothing at DB_PATH, no temporary file', async () => {
    const l = layout();
    const truncated = path.join(l.dir, 'truncated.gz.b64');
    const text = fs.readFileSync(SEED, 'utf8');
    fs.writeFileSync(truncated, text.slice(0, Math.floor(text.length / 2)).replace(/=+$/, ''));
    const e = await refusal(bootstrapFromSeed({ ...l, seedPath: truncated }));
    expect(e.message)
      .to.match(/truncated or corrupt gzip/)
      .and.contain(truncated);
    expect(fs.existsSync(l.dbPath)).to.equal(false);
    expect(leftovers(path.dirname(l.dbPath))).to.deep.equal([]);
  });

  it('refuses a seed that is not SQLite, not base64, or a damaged database', async () => {
    const l = layout();
    const notSqlite = path.join(l.dir, 'text.gz.b64');
    fs.writeFileSync(notSqlite, gzipSync(Buffer.from('hello, this is not a database'.repeat(10))).toString('base64'));
    expect((await refusal(bootstrapFromSeed({ ...l, seedPath: notSqlite }))).message).to.match(/does not contain a SQLite database/);
    const notB64 = path.join(l.dir, 'binary.gz.b64');
    fs.writeFileSync(notB64, Buffer.from([0, 1, 2, 250, 251]));
    expect((await refusal(bootstrapFromSeed({ ...l, seedPath: notB64 }))).message).to.match(/not base64/);
    // A SQLite header with a page cut off: it decodes but the database is damaged.
    const damaged = path.join(l.dir, 'damaged.b64');
    const bytes = fs.readFileSync(path.join(FIXTURES, 'original-current.db'));
    fs.writeFileSync(damaged, bytes.subarray(0, bytes.length - 4096 * 10).toString('base64'));
    expect((await refusal(bootstrapFromSeed({ ...l, seedPath: damaged }))).message).to.match(/quick_check|unreadable/);
    expect(fs.existsSync(l.dbPath)).to.equal(false);
    expect(leftovers(path.dirname(l.dbPath))).to.deep.equal([]);
  });

  it('refuses when backups exist but the database does not (disk not mounted?), unless SEED_FORCE', async () => {
    const l = layout();
    fs.mkdirSync(l.backupDir, { recursive: true });
    fs.writeFileSync(path.join(l.backupDir, 'ventas_20260106_220000.db'), 'x');
    const e = await refusal(bootstrapFromSeed(l));
    expect(e.message).to.contain('not mounted').and.contain('SEED_FORCE=true').and.contain('1 backup');
    expect(fs.existsSync(l.dbPath)).to.equal(false);
    expect((await bootstrapFromSeed({ ...l, force: true })).action).to.equal('seeded');
  });

  it('refuses when -wal/-shm files sit beside the missing database', async () => {
    const l = layout();
    fs.mkdirSync(path.dirname(l.dbPath), { recursive: true });
    fs.writeFileSync(l.dbPath + '-wal', 'x');
    expect((await refusal(bootstrapFromSeed(l))).message).to.contain('ventas.db-wal exists');
    expect(fs.existsSync(l.dbPath)).to.equal(false);
  });

  it('seed-encode produces a seed that bootstraps the same content, from a live WAL database', async () => {
    const dir = tempDir();
    const live = copyFixture('original-current.db', dir);
    const store = await SqliteStore.open(live); // WAL mode, connections open, as on the server
    await store.write((m) => m.query("INSERT INTO clientes (nombre) VALUES ('Cliente en el WAL')"));
    try {
      const text = await encodeSeed(live);
      expect(text).to.match(/^[A-Za-z0-9+/]+=*$/);
      const seedPath = path.join(dir, 'new.gz.b64');
      fs.writeFileSync(seedPath, text);
      const l = layout();
      await bootstrapFromSeed({ ...l, seedPath });
      const seeded = await digestDatabase(l.dbPath);
      expect(seeded.clientes!.rows).to.equal(19);
      expect(seeded.pedidos!.rows).to.equal(240);
    } finally {
      await store.close();
    }
  });
});

describe('integration: seed bootstrap with SEED_FORCE over stale WAL files', () => {
  it('removes the stale -wal/-shm so they are not replayed into the seeded file', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'ventas.db');
    fs.writeFileSync(dbPath + '-wal', Buffer.alloc(4096, 7));
    fs.writeFileSync(dbPath + '-shm', Buffer.alloc(4096, 7));
    await bootstrapFromSeed({ dbPath, seedPath: SEED, backupDir: path.join(dir, 'backups'), force: true });
    expect(fs.existsSync(dbPath + '-wal')).to.equal(false);
    expect((await digestDatabase(dbPath)).pedidos!.rows).to.equal(240);
  });
});
