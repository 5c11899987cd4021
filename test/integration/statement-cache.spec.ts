import { expect } from 'chai';
import * as path from 'node:path';
import sqlite3 from 'sqlite3';
import { StatementCache } from '../../src/infrastructure/persistence/store/statement-cache';
import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { RawSqlite } from '../../src/infrastructure/sqlite/sqlite-file';
import { tempDir } from '../support/temp';

const open = (file: string) =>
  new Promise<sqlite3.Database>((resolve, reject) => {
    const db = new sqlite3.Database(file, (e) => (e ? reject(e) : resolve(db)));
  });
const close = (db: sqlite3.Database) => new Promise<void>((resolve, reject) => db.close((e) => (e ? reject(e) : resolve())));

describe('integration: StatementCache (statements prepared once, on a real SQLite connection)', () => {
  let db: sqlite3.Database;
  beforeEach(async () => {
    db = await open(path.join(tempDir(), 'cache.db'));
    await new Promise<void>((r, j) => db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)', (e) => (e ? j(e) : r())));
  });
  afterEach(async () => close(db));

  it("answers in TypeORM's shapes: an INSERT its rowid, an UPDATE or DELETE nothing, anything else its rows", async () => {
    const c = new StatementCache(db);
    expect(await c.query('INSERT INTO t (v) VALUES (?)', ['a'])).to.equal(1);
    expect(await c.query('INSERT INTO t (v) VALUES (?)', ['b'])).to.equal(2);
    expect(await c.query('UPDATE t SET v = ? WHERE id = ?', ['B', 2])).to.equal(undefined);
    expect(await c.query('SELECT id, v FROM t ORDER BY id')).to.deep.equal([
      { id: 1, v: 'a' },
      { id: 2, v: 'B' },
    ]);
    expect(await c.query('DELETE FROM t WHERE id = ?', [1])).to.equal(undefined);
    expect(await c.query('SELECT count(*) AS n FROM t')).to.deep.equal([{ n: 1 }]);
    await c.clear();
  });

  it('prepares a statement once and runs it with each call’s parameters, also when calls overlap', async () => {
    const c = new StatementCache(db);
    await Promise.all(Array.from({ length: 50 }, (_, i) => c.query('INSERT INTO t (v) VALUES (?)', [`v${i}`])));
    const rows = await Promise.all(Array.from({ length: 50 }, (_, i) => c.query('SELECT v FROM t WHERE id = ?', [i + 1])));
    expect(rows.map((r: { v: string }[]) => r[0]!.v).sort()).to.deep.equal(Array.from({ length: 50 }, (_, i) => `v${i}`).sort());
    expect(c.size).to.equal(2);
    await c.clear();
  });

  it('a statement that cannot be prepared rejects its call (never hangs) and is not kept', async () => {
    const c = new StatementCache(db);
    let error: unknown = null;
    await c.query('SELECT * FROM no_such_table').catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/no such table/);
    expect(c.size).to.equal(0);
    error = null;
    await c.query('SELEKT 1').catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/syntax error/);
    // Once the table exists, the same text prepares and runs.
    await c.query('CREATE TABLE no_such_table (x)');
    expect(await c.query('SELECT * FROM no_such_table')).to.deep.equal([]);
    await c.clear();
  });

  it('is bounded: beyond its size the least recently used statement is finalized, also one still running, once it is done', async () => {
    const c = new StatementCache(db, 4);
    await c.query('INSERT INTO t (v) VALUES (?)', ['x']);
    // IN lists of every length: a statement text per call.
    const texts = Array.from({ length: 20 }, (_, n) => `SELECT id FROM t WHERE id IN (${new Array(n + 1).fill('?').join(', ')})`);
    const all = await Promise.all(texts.map((sql, n) => c.query(sql, new Array(n + 1).fill(1))));
    expect(all.every((r: unknown[]) => r.length === 1)).to.equal(true);
    expect(c.size).to.equal(4);
    await c.clear();
    // Every statement was finalized: the connection closes (it refuses while one is left).
  });

  it('a failing statement rejects with SQLite’s own error (the messages the HTTP layer maps)', async () => {
    const c = new StatementCache(db);
    await c.query('INSERT INTO t (v) VALUES (?)', ['a']);
    let error: unknown = null;
    await c.query('INSERT INTO t (id, v) VALUES (?, ?)', [1, 'dup']).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/SQLITE_CONSTRAINT: UNIQUE constraint failed: t\.id/);
    await c.clear();
  });
});

describe('integration: SqliteStore group commit on kept statements', () => {
  it('a batch with a failing write keeps the others whole; the failed one leaves nothing (savepoints without RELEASE)', async () => {
    const file = path.join(tempDir(), 'batch.db');
    const store = await SqliteStore.open(file);
    try {
      await store.write(async (m) => void (await m.query('CREATE TABLE o (id INTEGER PRIMARY KEY, v TEXT NOT NULL)')));
      await store.write(async (m) => void (await m.query('CREATE TABLE l (o INTEGER NOT NULL REFERENCES o(id), n INTEGER NOT NULL)')));
      // 40 writes queued at once: one or few batches. Every third writes its header, then fails
      // on its second line (NOT NULL), after reads that ran beside the savepoint.
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          store.write(async (m) => {
            await m.query('SELECT count(*) AS n FROM o');
            const id = Number(await m.query('INSERT INTO o (v) VALUES (?)', [`o${i}`]));
            await Promise.all([
              m.query('INSERT INTO l (o, n) VALUES (?, ?)', [id, 1]),
              m.query('INSERT INTO l (o, n) VALUES (?, ?)', [id, i % 3 === 0 ? null : 2]),
            ]);
            return id;
          }),
        ),
      );
      const failed = results.filter((r) => r.status === 'rejected').length;
      expect(failed).to.equal(14);
      const raw = await RawSqlite.open(file, 'readonly');
      try {
        const orders = await raw.all<{ v: string; lines: number }>(
          'SELECT v, (SELECT count(*) FROM l WHERE l.o = o.id) AS lines FROM o ORDER BY id',
        );
        expect(orders.map((o) => o.v)).to.deep.equal(
          Array.from({ length: 40 }, (_, i) => i)
            .filter((i) => i % 3 !== 0)
            .map((i) => `o${i}`),
        );
        expect(orders.every((o) => o.lines === 2)).to.equal(true);
        expect(await raw.all('SELECT count(*) AS n FROM l WHERE o NOT IN (SELECT id FROM o)')).to.deep.equal([{ n: 0 }]);
      } finally {
        await raw.close();
      }
    } finally {
      await store.close();
    }
  });
});
