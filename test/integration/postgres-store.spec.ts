import { expect } from 'chai';
import { describePostgres, migratedPostgres } from '../support/postgres';

describePostgres('integration: PostgresStore', function () {
  this.timeout(60_000);

  it('every connection runs without JIT compilation (it cost a month-long report 830 ms to run in 100)', async () => {
    const db = await migratedPostgres();
    try {
      expect(await db.store.query('SHOW jit')).to.deep.equal([{ jit: 'off' }]);
      const session = await db.store.session('chorizaurio test');
      try {
        expect((await session.query('SHOW jit')).rows).to.deep.equal([{ jit: 'off' }]);
      } finally {
        await session.end();
      }
    } finally {
      await db.close();
    }
  });

  it('many writers on one hot row (the stock of a best seller): every one commits, conflicts are retried, none fails', async () => {
    const db = await migratedPostgres();
    try {
      await db.store.query("INSERT INTO categorias (nombre) VALUES ('hot')");
      const writers = 120;
      const before = db.store.retried;
      await Promise.all(
        Array.from({ length: writers }, () =>
          db.store.write(async (r) => {
            // Read, then write what was read: under SERIALIZABLE, concurrent ones conflict.
            const [row] = await r.query("SELECT descripcion FROM categorias WHERE nombre = 'hot'");
            const n = Number((row as { descripcion: string | null }).descripcion ?? 0);
            await new Promise((resolve) => setTimeout(resolve, 5));
            await r.query("UPDATE categorias SET descripcion = ? WHERE nombre = 'hot'", [String(n + 1)]);
          }),
        ),
      );
      const [row] = await db.store.query<{ descripcion: string }>("SELECT descripcion FROM categorias WHERE nombre = 'hot'");
      expect(row!.descripcion).to.equal(String(writers));
      expect(db.store.retried - before, 'the conflicts happened and were absorbed').to.be.greaterThan(0);
    } finally {
      await db.close();
    }
  });
});
