import { expect } from 'chai';
import { startApp, login, bearer, type RunningApp } from '../support/http-app';
import { execFile, queryFile } from '../support/db-digest';

/** pedido_totales as stored, and as recomputed from the order lines: they must always be equal. */
async function totalsVsLines(file: string) {
  const stored = await queryFile(file, 'SELECT pedido_id, lineas, round(monto, 6) AS monto FROM pedido_totales ORDER BY pedido_id');
  const fromLines = await queryFile(
    file,
    'SELECT d.pedido_id, COUNT(*) AS lineas, round(COALESCE(SUM(d.cantidad * COALESCE(d.precio_unitario, pr.precio, 0)), 0), 6) AS monto ' +
      'FROM detalles_pedido d LEFT JOIN productos pr ON pr.id = d.producto_id WHERE d.pedido_id IS NOT NULL GROUP BY d.pedido_id ORDER BY d.pedido_id',
  );
  return { stored, fromLines };
}

describe('integration: pedido_totales stays equal to the order lines, whoever writes (migration 014 triggers)', function () {
  this.timeout(60_000);
  let app: RunningApp;
  let admin: string;
  before(async () => {
    app = await startApp({ fixture: 'original-current.db' });
    admin = await login(app, 'admin', 'friosur2026');
  });
  after(async () => app.close());
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: { ...bearer(admin), 'Content-Type': 'application/json', 'X-Confirm-Delete': 'true' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.status, `${method} ${path}: ${await res.clone().text()}`).to.be.oneOf([200, 201, 204]);
    return res.status === 204 ? null : ((await res.json()) as Record<string, unknown>);
  };
  const expectConsistent = async (step: string) => {
    const { stored, fromLines } = await totalsVsLines(app.dbPath);
    expect(stored, step).to.deep.equal(fromLines);
  };

  it('is filled by the migration for every order of the production copy', async () => {
    await expectConsistent('after migration');
    expect(await queryFile(app.dbPath, 'SELECT count(*) AS n FROM pedido_totales')).to.deep.equal(
      await queryFile(app.dbPath, 'SELECT count(DISTINCT pedido_id) AS n FROM detalles_pedido'),
    );
  });

  it('follows orders placed, items added, changed and removed, orders deleted, over HTTP', async () => {
    const placed = (await call('POST', '/api/pedidos', {
      cliente_id: 1,
      items: [
        { producto_id: 1, cantidad: 2 },
        { producto_id: 2, cantidad: 1.5 },
      ],
    }))!;
    await expectConsistent('placed');
    await call('POST', `/api/pedidos/${placed.id}/items`, { producto_id: 3, cantidad: 4 });
    await expectConsistent('item added');
    await call('PUT', `/api/pedidos/${placed.id}/items/3`, { cantidad: 7 });
    await expectConsistent('item changed');
    await call('DELETE', `/api/pedidos/${placed.id}/items/1`);
    await expectConsistent('item removed');
    await call('DELETE', `/api/pedidos/${placed.id}`);
    await expectConsistent('order deleted');
    expect(await queryFile(app.dbPath, `SELECT * FROM pedido_totales WHERE pedido_id = ${placed.id}`)).to.deep.equal([]);
  });

  it("follows a product's price for the lines that have no price snapshot (the original's lines), not for the others", async () => {
    const [line] = await queryFile<{ producto_id: number }>(
      app.dbPath,
      'SELECT producto_id FROM detalles_pedido WHERE precio_unitario IS NULL LIMIT 1',
    );
    const product = (await call('GET', `/api/productos/${line!.producto_id}`))!;
    const before = await queryFile(app.dbPath, 'SELECT sum(monto) AS m FROM pedido_totales');
    await call('PUT', `/api/productos/${line!.producto_id}`, { nombre: product.nombre, precio: Number(product.precio) + 100 });
    await expectConsistent('price changed');
    expect(await queryFile(app.dbPath, 'SELECT sum(monto) AS m FROM pedido_totales')).not.to.deep.equal(before);
  });

  it('follows writes made outside this backend (sqlite3 by hand, the original after a rollback)', async () => {
    await execFile(
      app.dbPath,
      `INSERT INTO pedidos (id, cliente_id, fecha) VALUES (900001, 1, '2026-03-01T10:00:00');
       INSERT INTO pedidos (id, cliente_id, fecha) VALUES (900002, 2, '2026-03-01T11:00:00');
       INSERT INTO detalles_pedido (pedido_id, producto_id, cantidad) VALUES (900001, 1, 3), (900001, 2, 1);
       UPDATE detalles_pedido SET pedido_id = 900002 WHERE pedido_id = 900001 AND producto_id = 2;
       UPDATE detalles_pedido SET cantidad = NULL WHERE pedido_id = 900001;
       INSERT INTO detalles_pedido (pedido_id, producto_id, cantidad) VALUES (NULL, 1, 1);`,
    );
    await expectConsistent('raw writes');
    await execFile(
      app.dbPath,
      "INSERT INTO productos (id, nombre, precio) VALUES (900001, 'Efímero', 10); INSERT INTO detalles_pedido (pedido_id, producto_id, cantidad) VALUES (900002, 900001, 2);",
    );
    await execFile(app.dbPath, 'PRAGMA foreign_keys = OFF; DELETE FROM productos WHERE id = 900001;');
    await expectConsistent('product deleted');
    await execFile(app.dbPath, 'DELETE FROM pedidos WHERE id IN (900001, 900002)');
    await expectConsistent('raw order delete');
  });
});
