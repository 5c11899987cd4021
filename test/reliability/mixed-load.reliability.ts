import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../support/temp';
import { withOrders } from '../support/ordering';
import { ADMIN_PASSWORD, SECRET_KEY, between, json, loginAt, orderLines, pick, sleep, start, verifyListedBackups, withDb } from './support';

/**
 * Mixed load: 50 clients mixing orders, order lists, catalog reads and stock deltas against the
 * real server, with a backup every 5 s. No 5xx, no "database busy" reaching a client, and the
 * final stock of every product is its initial stock plus exactly the acknowledged deltas.
 */
describe('reliability: mixed load with backups', function () {
  const seconds = pick(10, 60);
  this.timeout((seconds + 120) * 1000);

  it(`${seconds} s of 50 clients (orders, lists, catalog, stock deltas) with a backup every 5 s`, async () => {
    const dir = tempDir('chorizaurio-load-');
    fs.copyFileSync(await withOrders(10_000), path.join(dir, 'ventas.db'));
    const db = path.join(dir, 'ventas.db');
    // Stock far from 0, so the floor at 0 never hides a delta.
    await withDb(db, (d) => d.all('UPDATE productos SET stock = 1000000'), 'readwrite');
    const initial = new Map(
      (await withDb(db, (d) => d.all<{ id: number; stock: number }>('SELECT id, stock FROM productos'))).map((r) => [r.id, r.stock]),
    );
    const products = [...initial.keys()];
    const clients = (await withDb(db, (d) => d.all<{ id: number }>('SELECT id FROM clientes'))).map((r) => r.id);

    const server = await start(dir);
    try {
      const admin = await loginAt(server.url, 'admin', 'friosur2026');
      const vendedor = await loginAt(server.url, 'vendedor1', 'vendedor2026');
      const oficina = await loginAt(server.url, 'oficina1', 'oficina2026');
      const statuses = new Map<string, number>();
      const serverErrors: string[] = [];
      const deltas = new Map<number, number>();
      const acked = new Map<number, number>();
      let backups = 0;
      const deadline = Date.now() + seconds * 1000;
      const count = (what: string, status: number, body: string) => {
        const key = `${what} ${status}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (status >= 500) serverErrors.push(`${key}: ${body.slice(0, 200)}`);
      };

      const client = async (i: number): Promise<void> => {
        while (Date.now() < deadline) {
          const r = Math.random();
          if (r < 0.35) {
            const chosen = new Set<number>();
            while (chosen.size < 3) chosen.add(products[between(0, products.length - 1)]!);
            const items = [...chosen].map((producto_id) => ({ producto_id, cantidad: between(1, 4) }));
            const res = await fetch(`${server.url}/api/pedidos`, {
              method: 'POST',
              headers: json(vendedor),
              body: JSON.stringify({ cliente_id: clients[i % clients.length], items }),
            });
            const text = await res.text();
            count('order', res.status, text);
            if (res.ok) acked.set((JSON.parse(text) as { id: number }).id, items.length);
          } else if (r < 0.55) {
            const res = await fetch(`${server.url}/api/pedidos`, { headers: json(i % 2 ? admin : oficina) });
            count('list', res.status, await res.text());
          } else if (r < 0.8) {
            const res = await fetch(`${server.url}/api/productos${i % 2 ? '?lite=true' : ''}`, { headers: json(vendedor) });
            count('catalog', res.status, await res.text());
          } else {
            const id = products[between(0, products.length - 1)]!;
            const delta = between(-5, 5) || 1;
            const res = await fetch(`${server.url}/api/productos/${id}/stock`, {
              method: 'PATCH',
              headers: json(admin),
              body: JSON.stringify({ delta }),
            });
            count('stock', res.status, await res.text());
            if (res.ok) deltas.set(id, (deltas.get(id) ?? 0) + delta);
          }
        }
      };
      const backupLoop = async (): Promise<void> => {
        while (Date.now() < deadline - 1000) {
          await sleep(5_000);
          const res = await fetch(`${server.url}/api/admin/backup-now`, { method: 'POST', headers: json(admin) });
          count('backup', res.status, await res.text());
          if (res.ok) backups++;
        }
      };
      await Promise.all([...Array.from({ length: 50 }, (_, i) => client(i)), backupLoop()]);

      const summary = [...statuses.entries()]
        .sort()
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ');
      process.stdout.write(`      ${summary}; ${backups} backups\n`);
      expect(serverErrors, summary).to.deep.equal([]);
      expect(
        [...statuses.keys()].filter((k) => / 503$/.test(k)),
        summary,
      ).to.deep.equal([]);
      expect(backups).to.be.at.least(Math.floor(seconds / 5) - 1);

      const final = new Map(
        (await withDb(db, (d) => d.all<{ id: number; stock: number }>('SELECT id, stock FROM productos'))).map((r) => [r.id, r.stock]),
      );
      for (const [id, start] of initial) expect(final.get(id), `product ${id}`).to.equal(start + (deltas.get(id) ?? 0));
      const lines = await orderLines(db, [...acked.keys()]);
      expect([...acked].filter(([id, n]) => lines.get(id) !== n)).to.deep.equal([]);
      const listed = await verifyListedBackups(path.join(dir, 'backups'));
      expect(listed.problems).to.deep.equal([]);
      // No secret in what the server wrote: the signing key, the admin password, the users' passwords, tokens.
      const output = JSON.stringify(server.logs) + server.stderr();
      for (const secret of [SECRET_KEY, ADMIN_PASSWORD, 'friosur2026', 'vendedor2026', admin, vendedor])
        expect(output.includes(secret), 'a secret in the log').to.equal(false);
    } finally {
      await server.stop('SIGTERM');
    }
  });
});
