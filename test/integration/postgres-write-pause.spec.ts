import { expect } from 'chai';
import { describePostgres, migratedPostgres } from '../support/postgres';
import { PostgresStore } from '../../src/infrastructure/persistence/postgres/postgres-store';
import { PgMaintenanceLock } from '../../src/infrastructure/persistence/postgres/advisory-locks';
import { WritesPausedError } from '../../src/infrastructure/persistence/store/write-pause';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describePostgres('integration: the write pause and the maintenance lock across instances', function () {
  this.timeout(60_000);

  it("one instance's pause waits for the other's writes in flight, then refuses its new writes until it ends", async () => {
    const db = await migratedPostgres();
    const a = await PostgresStore.open(db.url, { poolSize: 2 });
    const b = await PostgresStore.open(db.url, { poolSize: 4, pausedWriteWaitMs: 600 });
    try {
      // A write in flight on B when A pauses: the pause starts only once it committed.
      const events: string[] = [];
      const inFlight = b.write(async (r) => {
        await r.query("INSERT INTO categorias (nombre) VALUES ('in flight')");
        await sleep(400);
        events.push('write committed');
      });
      await sleep(100);
      const paused = a.withWritesPaused('restore of ventas_x.dump', async () => {
        events.push('paused');
        // B's writes now: refused once they waited 600 ms, nothing saved.
        const refused = await b.write((r) => r.query("INSERT INTO categorias (nombre) VALUES ('refused')")).catch((e: unknown) => e);
        expect(refused).to.be.instanceOf(WritesPausedError);
        expect((refused as WritesPausedError).message).to.contain('restore of ventas_x.dump, on another instance');
        expect((refused as WritesPausedError).retryAfterSeconds).to.equal(5);
        // A write that starts during the pause and outlasts it gets through once it ends.
        const waiting = b.write((r) => r.query("INSERT INTO categorias (nombre) VALUES ('after the pause')"));
        await sleep(300);
        events.push('resuming');
        return { waiting }; // not awaited here: the pause ends first
      });
      await inFlight;
      await (
        await paused
      ).waiting;
      expect(events).to.deep.equal(['write committed', 'paused', 'resuming']);
      const names = (await b.query<{ nombre: string }>('SELECT nombre FROM categorias ORDER BY id')).map((r) => r.nombre);
      expect(names).to.include.members(['in flight', 'after the pause']);
      expect(names).to.not.include('refused');
      // Reads go on during a pause.
      await a.withWritesPaused('reads', async () => expect(await b.query('SELECT count(*) AS n FROM categorias')).to.have.length(1));
    } finally {
      await a.close();
      await b.close();
      await db.close();
    }
  });

  it('a pausing process that dies releases the pause by itself', async () => {
    const db = await migratedPostgres();
    const a = await PostgresStore.open(db.url, { poolSize: 1 });
    const b = await PostgresStore.open(db.url, { poolSize: 2, pausedWriteWaitMs: 3000 });
    try {
      // The gate's session ends (as when its process is killed) while the pause holds.
      const session = await a.session('chorizaurio paused: dies');
      await session.query('SELECT pg_advisory_lock($1, $2)', [0x43484f52, 1]);
      const write = b.write((r) => r.query("INSERT INTO categorias (nombre) VALUES ('through')"));
      await sleep(300);
      await session.end();
      await write;
      expect((await b.query<{ n: number }>("SELECT count(*) AS n FROM categorias WHERE nombre = 'through'"))[0]!.n).to.equal(1);
    } finally {
      await a.close();
      await b.close();
      await db.close();
    }
  });

  it('one maintenance task at a time across instances; the busy one names what holds it', async () => {
    const db = await migratedPostgres();
    const a = new PgMaintenanceLock(db.store);
    const other = await PostgresStore.open(db.url, { poolSize: 1 });
    const b = new PgMaintenanceLock(other);
    try {
      let release!: () => void;
      const holding = a.run('backup (manual)', 1000, () => new Promise<void>((r) => (release = r)));
      await sleep(200);
      expect(await b.run('restore of x', 500, async () => 'ran')).to.equal(null);
      expect(b.holder()).to.equal('backup (manual) (another instance)');
      release();
      expect(await holding).to.deep.equal({ value: undefined });
      expect(await b.run('restore of x', 500, async () => 'ran')).to.deep.equal({ value: 'ran' });
    } finally {
      await other.close();
      await db.close();
    }
  });
});
