import { expect } from 'chai';
import { tempDir } from '../support/temp';
import { shopOnPostgres } from '../support/postgres-shop';
import { describePostgres } from '../support/postgres';
import { loginAt, sleep, start } from '../reliability/support';
import { type ServerProcess } from '../support/server-process';
import { PostgresStore } from '../../src/infrastructure/persistence/postgres/postgres-store';

describePostgres('e2e: two API instances on one PostgreSQL database', function () {
  this.timeout(180_000);

  it('clients split between two instances, retrying with the same idempotency keys, one instance killed: 0 lost, 0 duplicated', async () => {
    const db = await shopOnPostgres();
    const extra = { DATABASE_URL: db.url };
    const servers: (ServerProcess | null)[] = [await start(tempDir('pg-a'), extra), await start(tempDir('pg-b'), extra)];
    try {
      for (const s of servers) {
        const health = (await (await fetch(`${s!.url}/api/health`)).json()) as { status: string; database_type: string };
        expect(health).to.include({ status: 'healthy', database_type: 'postgresql' });
      }
      // One signing key: a token from one instance works on the other.
      const token = await loginAt(servers[0]!.url, 'vendedor1', 'vendedor2026');
      expect((await fetch(`${servers[1]!.url}/api/users/me`, { headers: { Authorization: `Bearer ${token}` } })).status).to.equal(200);

      const urls = servers.map((s) => s!.url);
      const acked = new Map<string, number>();
      let stop = false;
      let retries = 0;
      /** Answers other than 2xx from an instance that was up: a 5xx would be an error shown to a clerk. */
      const statuses = new Map<number, number>();
      const place = async (url: string, key: string): Promise<number | null> => {
        try {
          const res = await fetch(`${url}/api/pedidos`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'X-Idempotency-Key': key },
            body: JSON.stringify({
              cliente_id: 1 + (key.length % 5),
              items: [
                { producto_id: 1, cantidad: 1 },
                { producto_id: 2, cantidad: 2 },
              ],
              notas: key,
            }),
          });
          if (!res.ok) {
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            await res.arrayBuffer();
            return null;
          }
          return ((await res.json()) as { id: number }).id;
        } catch {
          return null; // the instance is gone: never acknowledged
        }
      };
      const client = async (c: number): Promise<void> => {
        for (let i = 0; !stop; i++) {
          const key = `multi-${c}-${i}`;
          let id: number | null = null;
          // Every fourth order is sent to both instances at once (a double submit); the others to one, then retried on the other.
          if (i % 4 === 0) {
            const both = await Promise.all(urls.map((u) => place(u, key)));
            const got = both.filter((x): x is number => x !== null);
            if (got.length === 2) expect(got[0], `key ${key} answered two different orders`).to.equal(got[1]);
            id = got[0] ?? null;
          }
          for (let attempt = 0; id === null && attempt < 6; attempt++) {
            if (attempt > 0) retries++;
            id = await place(urls[(c + i + attempt) % 2]!, key);
            if (id === null) await sleep(50);
          }
          if (id !== null) acked.set(key, id);
        }
      };
      const load = Promise.all(Array.from({ length: 8 }, (_, c) => client(c)));
      await sleep(1_500);
      servers[0]!.proc.kill('SIGKILL');
      await servers[0]!.stop('SIGKILL');
      servers[0] = null;
      await sleep(1_500);
      stop = true;
      await load;

      expect(acked.size, 'orders acknowledged').to.be.greaterThan(40);
      expect(retries, 'requests retried on the other instance after the kill').to.be.greaterThan(0);
      const store = await PostgresStore.open(db.url);
      try {
        const rows = await store.query<{ notas: string; n: number; ids: string; lines: number }>(
          "SELECT p.notas, COUNT(DISTINCT p.id) AS n, MIN(p.id) AS ids, COUNT(d.id) AS lines FROM pedidos p LEFT JOIN detalles_pedido d ON d.pedido_id = p.id WHERE p.notas LIKE 'multi-%' GROUP BY p.notas",
        );
        const byKey = new Map(rows.map((r) => [r.notas, r]));
        const lost = [...acked.keys()].filter((k) => !byKey.has(k));
        const duplicated = rows.filter((r) => r.n !== 1).map((r) => r.notas);
        const wrongId = [...acked].filter(([k, id]) => Number(byKey.get(k)?.ids) !== id);
        const missingLines = rows.filter((r) => r.lines !== 2).map((r) => r.notas);
        expect({ lost, duplicated, wrongId, missingLines }).to.deep.equal({ lost: [], duplicated: [], wrongId: [], missingLines: [] });
        // Retries are for the killed instance's unanswered requests; a live one never answers 5xx.
        expect(
          [...statuses].filter(([status]) => status >= 500),
          'server errors from a live instance',
        ).to.deep.equal([]);
        console.log(`      ${acked.size} orders acknowledged across two instances (one killed), ${retries} retries: 0 lost, 0 duplicated`);
      } finally {
        await store.close();
      }
    } finally {
      for (const s of servers) await s?.stop('SIGTERM');
      await db.drop();
    }
  });
});
