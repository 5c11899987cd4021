import { expect } from 'chai';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { SqliteStore, DatabaseBusyError, WritesPausedError } from '../../src/infrastructure/persistence/data-source';
import { StoreTransactionRunner } from '../../src/infrastructure/persistence/store-transaction-runner';
import { RawSqlite } from '../../src/infrastructure/sqlite/sqlite-file';
import { checkDatabaseFile } from '../../src/infrastructure/sqlite/checks';
import { tempDir } from '../support/temp';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('integration: SqliteStore on a real file', () => {
  let store: SqliteStore;
  let file: string;
  beforeEach(async () => {
    file = path.join(tempDir(), 'store.db');
    store = await SqliteStore.open(file);
    await store.write(
      async (m) => void (await m.query('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL, parent INTEGER REFERENCES t(id))')),
    );
  });
  afterEach(async () => store.close());

  it('sets journal_mode=WAL, busy_timeout=30000, foreign_keys=ON and synchronous=FULL on both connections', async () => {
    expect(await store.pragma('journal_mode')).to.deep.equal({ writer: 'wal', reader: 'wal' });
    expect(await store.pragma('busy_timeout')).to.deep.equal({ writer: 30000, reader: 30000 });
    expect(await store.pragma('foreign_keys')).to.deep.equal({ writer: 1, reader: 1 });
    expect(await store.pragma('synchronous')).to.deep.equal({ writer: 2, reader: 2 });
    // WAL is a property of the file: a separate connection sees it too.
    const raw = await RawSqlite.open(file);
    expect(await raw.all('PRAGMA journal_mode')).to.deep.equal([{ journal_mode: 'wal' }]);
    await raw.close();
  });

  it('enforces foreign keys on writes', async () => {
    let error: unknown;
    await store.write((m) => m.query("INSERT INTO t (v, parent) VALUES ('orphan', 999)")).catch((e) => (error = e));
    expect(String(error)).to.match(/FOREIGN KEY/);
  });

  it("overlapping transactions: a rollback never takes another request's rows, and readers never see uncommitted rows", async () => {
    let seenDuringA: string[] = [];
    const a = store.write(async (m) => {
      await m.query("INSERT INTO t (v) VALUES ('a-uncommitted')");
      await sleep(60);
      throw new Error('request A fails after writing');
    });
    const b = store.write(async (m) => {
      await m.query("INSERT INTO t (v) VALUES ('b-committed')");
    });
    await sleep(20); // A is in the middle of its transaction now
    seenDuringA = (await store.query<{ v: string }>('SELECT v FROM t')).map((r) => r.v);
    const outcomes = await Promise.allSettled([a, b]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(['rejected', 'fulfilled']);
    expect(seenDuringA).to.deep.equal([]);
    expect((await store.query<{ v: string }>('SELECT v FROM t ORDER BY id')).map((r) => r.v)).to.deep.equal(['b-committed']);
  });

  it('many concurrent transactions, some failing: exactly the committed ones remain, whole', async () => {
    const jobs = Array.from({ length: 30 }, (_, i) =>
      store.write(async (m) => {
        for (let k = 0; k < 5; k++) {
          await m.query('INSERT INTO t (v) VALUES (?)', [`job${i}-row${k}`]);
          if (k === 2) await sleep(1);
        }
        if (i % 3 === 0) throw new Error(`job ${i} fails`);
      }),
    );
    const outcomes = await Promise.allSettled(jobs);
    expect(outcomes.filter((o) => o.status === 'rejected')).to.have.length(10);
    const rows = await store.query<{ v: string }>('SELECT v FROM t');
    expect(rows).to.have.length(20 * 5);
    const jobsPresent = new Set(rows.map((r) => Number(/^job(\d+)/.exec(r.v)![1])));
    for (const i of jobsPresent) expect(i % 3).to.not.equal(0);
    expect(await store.query('PRAGMA integrity_check')).to.deep.equal([{ integrity_check: 'ok' }]);
  });

  it('nested use of the transaction runner joins the outer transaction (all or nothing)', async () => {
    const tx = new StoreTransactionRunner(store);
    await tx
      .run(async () => {
        await store.write((m) => m.query("INSERT INTO t (v) VALUES ('outer')"));
        await tx.run(async () => store.write((m) => m.query("INSERT INTO t (v) VALUES ('inner')")));
        // Inside the transaction, reads see its own writes.
        expect((await store.query('SELECT v FROM t')).length).to.equal(2);
        throw new Error('abort all');
      })
      .catch(() => undefined);
    expect(await store.query('SELECT v FROM t')).to.deep.equal([]);
  });

  it("prepared reads: see every commit (this store's and another process's), read through the current transaction inside write(), and track data_version", async () => {
    const read = () => store.queryPrepared<{ v: string }>('SELECT v FROM t ORDER BY id');
    const v0 = await store.dataVersion();
    expect(await read()).to.deep.equal([]);
    await store.write((m) => m.query("INSERT INTO t (v) VALUES ('a')"));
    expect(await read()).to.deep.equal([{ v: 'a' }]);
    const v1 = await store.dataVersion();
    expect(v1).to.not.equal(v0);
    const other = await RawSqlite.open(file, 'readwrite');
    await other.all("INSERT INTO t (v) VALUES ('b')");
    await other.close();
    expect((await read()).map((r) => r.v)).to.deep.equal(['a', 'b']);
    expect(await store.dataVersion()).to.not.equal(v1);
    const inside = await store.write(async (m) => {
      await m.query("INSERT INTO t (v) VALUES ('c')");
      return read();
    });
    expect(inside.map((r) => r.v)).to.deep.equal(['a', 'b', 'c']);
    const v2 = await store.dataVersion();
    expect(await store.dataVersion()).to.equal(v2); // no commit, no change
  });

  it('the read connection cannot write', async () => {
    let error: unknown;
    await store.query("INSERT INTO t (v) VALUES ('sneaky')").catch((e) => (error = e));
    expect(String(error)).to.match(/readonly|query_only|attempt to write/i);
  });

  it('a lock held by another process is waited for, then reported clearly', async () => {
    const other = await RawSqlite.open(file, 'readwrite');
    await other.exec('BEGIN IMMEDIATE');
    const short = await SqliteStore.open(file, { busyTimeoutMs: 150 });
    try {
      let error: unknown;
      await short.write((m) => m.query("INSERT INTO t (v) VALUES ('x')")).catch((e) => (error = e));
      expect(error).to.be.instanceOf(DatabaseBusyError);
      expect((error as Error).message).to.contain('locked by another process');
      await other.exec('COMMIT');
      await short.write((m) => m.query("INSERT INTO t (v) VALUES ('after')"));
      expect((await short.query<{ v: string }>('SELECT v FROM t')).map((r) => r.v)).to.deep.equal(['after']);
    } finally {
      await other.close();
      await short.close();
    }
  });

  it('group commit: a write that breaks the shared transaction fails its whole batch, none of it acknowledged or kept; later writes go on', async () => {
    const results = await Promise.allSettled([
      store.write((m) => m.query("INSERT INTO t (v) VALUES ('a')")),
      store.write((m) => m.query("INSERT INTO t (v) VALUES ('b')")),
      // As SQLite does on disk full or an I/O error: the whole transaction is gone.
      store.write(async (m) => {
        await m.query('ROLLBACK');
        throw new Error('disk I/O error (simulated)');
      }),
      store.write((m) => m.query("INSERT INTO t (v) VALUES ('d')")),
    ]);
    // The first write may have had a transaction of its own; the batch it joined, never partly.
    const kept = (await store.query<{ v: string }>('SELECT v FROM t ORDER BY id')).map((r) => r.v);
    const acknowledged = results.map((r, i) => (r.status === 'fulfilled' ? ['a', 'b', null, 'd'][i] : null)).filter(Boolean);
    expect(kept).to.deep.equal(acknowledged);
    expect(results[2]!.status).to.equal('rejected');
    await store.write((m) => m.query("INSERT INTO t (v) VALUES ('later')"));
    expect((await store.query<{ v: string }>('SELECT v FROM t ORDER BY id')).map((r) => r.v)).to.deep.equal([...acknowledged, 'later']);
  });

  describe('pausing writes and replacing the content in place (restores)', () => {
    it('writes queued before a pause finish first; writes during it wait and then run; reads go on', async () => {
      const order: string[] = [];
      const before = store.write(async (m) => (await m.query("INSERT INTO t (v) VALUES ('before')"), order.push('before')));
      let release!: () => void;
      const paused = store.withWritesPaused('test', async () => {
        order.push('pause');
        await new Promise<void>((r) => (release = r));
      });
      await sleep(20);
      const during = store.write(async (m) => (await m.query("INSERT INTO t (v) VALUES ('during')"), order.push('during')));
      await sleep(50);
      expect(await store.query('SELECT v FROM t')).to.deep.equal([{ v: 'before' }]);
      expect(store.writesPaused).to.equal('test');
      release();
      await Promise.all([before, paused, during]);
      expect(order).to.deep.equal(['before', 'pause', 'during']);
    });

    it('a write that waits longer than the pause allows is refused, nothing written', async () => {
      const short = await SqliteStore.open(path.join(tempDir(), 'short.db'), { pausedWriteWaitMs: 100 });
      try {
        await short.write((m) => m.query('CREATE TABLE x (v TEXT)'));
        let error: unknown;
        await short.withWritesPaused('a restore', async () => {
          await short.write((m) => m.query("INSERT INTO x VALUES ('late')")).catch((e) => (error = e));
        });
        expect(error).to.be.instanceOf(WritesPausedError);
        expect((error as WritesPausedError).message).to.match(/paused for a moment \(a restore\); nothing was saved/);
        expect(await short.query('SELECT * FROM x')).to.deep.equal([]);
      } finally {
        await short.close();
      }
    });

    it('withConnectionsClosed: refused outside a pause; reads wait at the gate; the connections reopen on the file now at the path, with every pragma', async () => {
      await store.write((m) => m.query("INSERT INTO t (v) VALUES ('old')"));
      const other = path.join(path.dirname(store.path), 'other.db');
      const raw = await RawSqlite.open(other, 'readwrite');
      await raw.exec(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL, parent INTEGER); CREATE TABLE extra (n INTEGER); INSERT INTO t (v) VALUES ('new1'), ('new2'); INSERT INTO extra VALUES (7);",
      );
      await raw.close();
      let outside: unknown;
      await store.withConnectionsClosed(async () => undefined).catch((e) => (outside = e));
      expect(String(outside)).to.match(/needs writes paused/);
      const versionBefore = await store.dataVersion();
      let readDuring: Promise<unknown> | null = null;
      const seenInside: string[] = [];
      await store.withWritesPaused('test', () =>
        store.withConnectionsClosed(async () => {
          // A read that arrives while the connections are closed waits for the reopened ones.
          readDuring = store.query<{ v: string }>('SELECT v FROM t ORDER BY id');
          seenInside.push(...['-wal', '-shm'].filter((s) => fs.existsSync(store.path + s)));
          fs.renameSync(store.path, `${store.path}.old`);
          fs.renameSync(other, store.path);
        }),
      );
      expect(seenInside, 'a cleanly closed database leaves no -wal/-shm').to.deep.equal([]);
      expect(await readDuring).to.deep.equal([{ v: 'new1' }, { v: 'new2' }]);
      expect(await store.query('SELECT n FROM extra')).to.deep.equal([{ n: 7 }]);
      expect(await checkDatabaseFile(store.path)).to.equal('ok');
      expect(await store.pragma('journal_mode')).to.deep.equal({ writer: 'wal', reader: 'wal' });
      expect(await store.pragma('foreign_keys')).to.deep.equal({ writer: 1, reader: 1 });
      expect(await store.pragma('query_only')).to.deep.equal({ writer: 0, reader: 1 });
      expect(await store.dataVersion(), 'a cache keyed on data_version never matches across a reopen').to.not.equal(versionBefore);
      await store.write((m) => m.query("INSERT INTO t (v) VALUES ('after')"));
      expect(await store.query('SELECT count(*) AS n FROM t')).to.deep.equal([{ n: 3 }]);
    });
  });
});
