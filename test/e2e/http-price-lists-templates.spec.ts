import { expect } from 'chai';
import { startApp, login, bearer, callAs, jsonHeaders as json, expectError, type RunningApp } from '../support/http-app';

describe('e2e: price lists and recurring-order templates over HTTP (copy of original-current.db)', function () {
  this.timeout(60_000);
  let app: RunningApp;
  let admin: string;
  let vendedor: string;
  beforeEach(async () => {
    app = await startApp({ fixture: 'original-current.db' });
    admin = await login(app, 'admin', 'friosur2026');
    vendedor = await login(app, 'vendedor1', 'vendedor2026');
  });
  afterEach(async () => app.close());
  const call = (token: string, method: string, path: string, body?: unknown) => callAs(app, token, method, path, body);
  const body = async <T>(res: Response): Promise<T> => {
    expect(res.status, `${res.url}: ${await res.clone().text()}`).to.be.oneOf([200, 201]);
    return (await res.json()) as T;
  };

  it('price lists: create, counts, detail under precios and precios_especiales, PUT on a schema-created file, delete unassigns clients', async () => {
    const created = await body<{ id: number; nombre: string; multiplicador: number; message: string }>(
      await call(admin, 'POST', '/api/listas-precios', { nombre: '  Mayorista ', descripcion: 'Carnicerías', multiplicador: 0.9 }),
    );
    expect(created).to.include({ nombre: 'Mayorista', multiplicador: 0.9, message: 'Lista creada exitosamente' });
    await expectError(await call(admin, 'POST', '/api/listas-precios', { nombre: 'mayorista' }), 400, 'Ya existe una lista con ese nombre');
    await expectError(await call(admin, 'POST', '/api/listas-precios', { nombre: '   ' }), 400, 'El nombre de la lista es requerido');
    await expectError(await call(admin, 'POST', '/api/listas-precios', { nombre: 'Negativa', multiplicador: -1 }), 400);
    await expectError(await call(admin, 'POST', '/api/listas-precios', { descripcion: 'sin nombre' }), 422);
    await expectError(await call(vendedor, 'GET', '/api/listas-precios'), 403);
    const zero = await body<{ multiplicador: number }>(
      await call(admin, 'POST', '/api/listas-precios', { nombre: 'Base', multiplicador: 0 }),
    );
    expect(zero.multiplicador).to.equal(1);

    // Special prices: upsert, unknown list / product, delete.
    const sp = await call(admin, 'POST', `/api/listas-precios/${created.id}/precios`, { producto_id: 1, precio_especial: 100 });
    expect(await body(sp)).to.include({ message: 'Precio especial agregado', lista_id: created.id, producto_id: 1, precio_especial: 100 });
    await body(await call(admin, 'POST', `/api/listas-precios/${created.id}/precios`, { producto_id: 1, precio_especial: 95.5 }));
    await body(await call(admin, 'POST', `/api/listas-precios/${created.id}/precios`, { producto_id: 2, precio_especial: 10 }));
    await expectError(
      await call(admin, 'POST', `/api/listas-precios/${created.id}/precios`, { producto_id: 99999, precio_especial: 1 }),
      404,
      'Producto no encontrado',
    );
    await expectError(
      await call(admin, 'POST', '/api/listas-precios/9999/precios', { producto_id: 1, precio_especial: 1 }),
      404,
      'Lista no encontrada',
    );
    await expectError(await call(admin, 'POST', `/api/listas-precios/${created.id}/precios`, { producto_id: 1, precio_especial: -3 }), 400);
    await expectError(
      await call(admin, 'POST', `/api/listas-precios/${created.id}/precios`, { producto_id: 'x', precio_especial: 3 }),
      422,
    );

    // Two clients assigned (no API writes lista_precio_id; old data can hold it).
    await app.exec(`UPDATE clientes SET lista_precio_id = ${created.id} WHERE id IN (1, 2)`);
    const lists = await body<
      { id: number; nombre: string; productos_count: number; clientes_count: number; activa: boolean; created_at: string | null }[]
    >(await call(admin, 'GET', '/api/listas-precios'));
    expect(lists.map((l) => l.nombre)).to.deep.equal(['Base', 'Mayorista']);
    expect(lists[1]).to.include({ productos_count: 2, clientes_count: 2, activa: true });
    expect(lists[1]!.created_at).to.match(/^\d{4}-\d{2}-\d{2}T/);

    const [p1] = await app.query<{ nombre: string; precio: number }>('SELECT nombre, precio FROM productos WHERE id = 1');
    const detail = await body<{ precios: unknown[]; precios_especiales: unknown[] }>(
      await call(admin, 'GET', `/api/listas-precios/${created.id}`),
    );
    expect(detail.precios)
      .to.have.length(2)
      .and.to.deep.include({ producto_id: 1, producto_nombre: p1!.nombre, precio_especial: 95.5, precio_base: p1!.precio });
    expect(detail.precios_especiales).to.deep.equal(detail.precios);
    await expectError(await call(admin, 'GET', '/api/listas-precios/9999'), 404, 'Lista no encontrada');

    // PUT: the frontend sends all three fields; the original failed with 500 on this schema.
    const put = await body<{ message: string; id: number; multiplicador: number; nombre: string }>(
      await call(admin, 'PUT', `/api/listas-precios/${created.id}`, {
        nombre: 'Mayorista',
        descripcion: 'Carnicerías y restoranes',
        multiplicador: 0.85,
      }),
    );
    expect(put).to.include({ message: 'Lista actualizada', id: created.id, multiplicador: 0.85 });
    const [row] = await app.query<{ descripcion: string; updated_at: string | null }>(
      `SELECT descripcion, updated_at FROM listas_precios WHERE id = ${created.id}`,
    );
    expect(row!.descripcion).to.equal('Carnicerías y restoranes');
    expect(row!.updated_at).to.be.a('string');
    await body(await call(admin, 'PUT', `/api/listas-precios/${created.id}`, { multiplicador: 1.1 }));
    expect(await body<{ nombre: string; multiplicador: number }>(await call(admin, 'GET', `/api/listas-precios/${created.id}`))).to.include(
      { nombre: 'Mayorista', multiplicador: 1.1 },
    );
    await expectError(
      await call(admin, 'PUT', `/api/listas-precios/${created.id}`, { nombre: 'BASE' }),
      400,
      'Ya existe una lista con ese nombre',
    );
    await expectError(await call(admin, 'PUT', '/api/listas-precios/9999', { nombre: 'X' }), 404);

    await expectError(await call(admin, 'DELETE', `/api/listas-precios/${created.id}/precios/3`), 404, 'Precio especial no encontrado');
    expect(await body(await call(admin, 'DELETE', `/api/listas-precios/${created.id}/precios/2`))).to.deep.equal({
      message: 'Precio especial eliminado',
    });

    // Delete: its clients are left without a list (the original refused with 409).
    const del = await body<{ message: string; clientes_desasignados: number }>(
      await call(admin, 'DELETE', `/api/listas-precios/${created.id}`),
    );
    expect(del).to.include({ message: 'Lista eliminada', clientes_desasignados: 2 });
    expect(await app.query(`SELECT id FROM clientes WHERE lista_precio_id = ${created.id}`)).to.deep.equal([]);
    expect(await app.query(`SELECT id FROM precios_lista WHERE lista_id = ${created.id}`)).to.deep.equal([]);
    await expectError(await call(admin, 'DELETE', `/api/listas-precios/${created.id}`), 404, 'Lista no encontrada');
  });

  it('templates: created by the migrations, validated, PUT null clears client and frequency, and ejecutar stores the same order as the order screen', async () => {
    expect(await body(await call(vendedor, 'GET', '/api/templates'))).to.deep.equal([]);
    const productos = [
      { producto_id: 1, cantidad: 2.5, tipo: 'kg' },
      { producto_id: 3, cantidad: 1 },
    ];
    await expectError(
      await call(admin, 'POST', '/api/templates', { nombre: 'Vacía', cliente_id: 1, productos: [] }),
      400,
      'Se requiere al menos un producto',
    );
    await expectError(
      await call(admin, 'POST', '/api/templates', { nombre: 'Sin productos', cliente_id: 1 }),
      400,
      'Se requiere al menos un producto',
    );
    await expectError(
      await call(admin, 'POST', '/api/templates', { nombre: 'Mala', cliente_id: 1, productos: [{ producto_id: 99999, cantidad: 1 }] }),
      400,
      'Producto con ID 99999 no existe',
    );
    await expectError(
      await call(admin, 'POST', '/api/templates', { nombre: 'Mala', cliente_id: 99999, productos }),
      400,
      'Cliente con ID 99999 no existe',
    );
    await expectError(
      await call(admin, 'POST', '/api/templates', { nombre: 'Mala', cliente_id: 1, productos: [{ producto_id: 1, cantidad: 0 }] }),
      400,
    );
    await expectError(
      await call(admin, 'POST', '/api/templates', { nombre: 'Mala', cliente_id: 1, productos: [{ producto_id: 1, cantidad: 'dos' }] }),
      422,
    );
    await expectError(await call(vendedor, 'POST', '/api/templates', { nombre: 'X', cliente_id: 1, productos }), 403);

    const [c1] = await app.query<{ nombre: string }>('SELECT nombre FROM clientes WHERE id = 1');
    const t = await body<{
      id: number;
      nombre: string;
      cliente_nombre: string;
      productos_count: number;
      ultima_ejecucion: null;
      productos: null;
    }>(await call(admin, 'POST', '/api/templates', { nombre: ' Semanal carnicería ', cliente_id: 1, frecuencia: 'semanal', productos }));
    expect(t).to.include({
      nombre: 'Semanal carnicería',
      cliente_nombre: c1!.nombre,
      productos_count: 2,
      ultima_ejecucion: null,
      productos: null,
    });
    const detail = await body<{ productos: { producto_id: number; cantidad: number; tipo: string; nombre: string }[] }>(
      await call(vendedor, 'GET', `/api/templates/${t.id}`),
    );
    expect(detail.productos.map((p) => [p.producto_id, p.cantidad, p.tipo])).to.deep.equal([
      [1, 2.5, 'kg'],
      [3, 1, 'unidad'],
    ]);
    await expectError(await call(admin, 'GET', '/api/templates/9999'), 404, 'Template no encontrado');

    // The order screen and the template place the same order.
    const fromScreen = await body<{ id: number }>(
      await call(vendedor, 'POST', '/api/pedidos', {
        cliente_id: 1,
        items: [
          { producto_id: 1, cantidad: 2.5 },
          { producto_id: 3, cantidad: 1 },
        ],
      }),
    );
    const run = await call(vendedor, 'POST', `/api/templates/${t.id}/ejecutar`);
    const ran = await body<{ pedido_id: number; message: string }>(run);
    expect(ran.message).to.equal('Pedido creado desde template');
    // Every column but the id and the two timestamps (same formats, a moment apart).
    const stored = async (id: number) => {
      const [row] = await app.query<Record<string, unknown>>(
        `SELECT *, length(fecha) AS fecha_len, length(fecha_creacion) AS fc_len FROM pedidos WHERE id = ${id}`,
      );
      const { id: _id, fecha: _f, fecha_creacion: _fc, ...rest } = row!;
      return rest;
    };
    expect(await stored(ran.pedido_id)).to.deep.equal(await stored(fromScreen.id));
    const lineCols = 'producto_id, cantidad, precio_unitario';
    expect(await app.query(`SELECT ${lineCols} FROM detalles_pedido WHERE pedido_id = ${ran.pedido_id} ORDER BY id`)).to.deep.equal(
      await app.query(`SELECT ${lineCols} FROM detalles_pedido WHERE pedido_id = ${fromScreen.id} ORDER BY id`),
    );
    const [hist] = await app.query<{ accion: string; detalles: string }>(
      `SELECT accion, detalles FROM historial_pedidos WHERE pedido_id = ${ran.pedido_id}`,
    );
    expect(hist).to.deep.include({ accion: 'creado' });
    expect(hist!.detalles).to.contain(`plantilla ${t.id}`);
    const listed = await body<{ ultima_ejecucion: string }[]>(await call(admin, 'GET', '/api/templates'));
    expect(listed[0]!.ultima_ejecucion).to.match(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);

    // PUT: a present null clears cliente_id and frecuencia; absent keys are kept; productos replaces the lines.
    const kept = await body<{ cliente_id: number; frecuencia: string; productos_count: number }>(
      await call(admin, 'PUT', `/api/templates/${t.id}`, { nombre: 'Semanal' }),
    );
    expect(kept).to.include({ cliente_id: 1, frecuencia: 'semanal', productos_count: 2 });
    const cleared = await body<{ cliente_id: null; frecuencia: null; productos_count: number }>(
      await call(admin, 'PUT', `/api/templates/${t.id}`, {
        nombre: 'Semanal',
        cliente_id: null,
        frecuencia: null,
        productos: [{ producto_id: 2, cantidad: 4 }],
      }),
    );
    expect(cleared).to.include({ cliente_id: null, frecuencia: null, productos_count: 1 });
    await expectError(await call(vendedor, 'POST', `/api/templates/${t.id}/ejecutar`), 400, 'El template no tiene cliente asignado');
    await expectError(await call(admin, 'POST', '/api/templates/9999/ejecutar'), 404, 'Template no encontrado');
    await expectError(await call(admin, 'PUT', '/api/templates/9999', { nombre: 'x' }), 404);

    // A product used by a template cannot be deleted; deleting a client keeps its templates, without client.
    await app.exec("INSERT INTO productos (nombre, precio, stock) VALUES ('Sin pedidos', 10, 5)");
    const [unordered] = await app.query<{ id: number }>("SELECT id FROM productos WHERE nombre = 'Sin pedidos'");
    await body(
      await call(admin, 'PUT', `/api/templates/${t.id}`, { cliente_id: 2, productos: [{ producto_id: unordered!.id, cantidad: 1 }] }),
    );
    const confirmed = (path: string) =>
      fetch(`${app.url}${path}`, { method: 'DELETE', headers: { ...bearer(admin), 'X-Confirm-Delete': 'true' } });
    await expectError(
      await confirmed(`/api/productos/${unordered!.id}`),
      400,
      'No se puede eliminar el producto porque está en listas de precios o plantillas de pedido',
    );
    const newClient = await body<{ id: number }>(
      await call(admin, 'POST', '/api/clientes', { nombre: 'Temporal', telefono: '099', direccion: 'x' }),
    );
    await body(await call(admin, 'PUT', `/api/templates/${t.id}`, { cliente_id: newClient.id }));
    expect((await confirmed(`/api/clientes/${newClient.id}`)).status).to.equal(204);
    expect((await body<{ cliente_id: number | null }>(await call(admin, 'GET', `/api/templates/${t.id}`))).cliente_id).to.equal(null);

    expect((await call(admin, 'DELETE', `/api/templates/${t.id}`)).status).to.equal(204);
    await expectError(await call(admin, 'DELETE', `/api/templates/${t.id}`), 404);
    expect(await app.query('SELECT id FROM template_productos')).to.deep.equal([]);
  });

  it('debug and bootstrap endpoints of §13.12 are not served (404), whoever asks', async () => {
    const routes: [string, string][] = [
      ['POST', '/api/admin/bootstrap-database'],
      ['POST', '/api/admin/migrate-to-postgresql'],
      ['GET', '/api/admin/migration-status'],
      ['POST', '/api/admin/ensure-repartidores-table'],
      ['POST', '/api/admin/migrate/ofertas-advanced-types'],
      ['POST', '/api/admin/force-migration-007'],
      ['GET', '/api/admin/check-ofertas-schema'],
      ['GET', '/api/debug/ofertas-schema'],
      ['GET', '/api/debug/ofertas-test-insert'],
      ['GET', '/api/ws/status'],
    ];
    const before = await app.query('SELECT count(*) AS n FROM ofertas');
    for (const [method, path] of routes) {
      for (const headers of [json(admin), { 'X-Bootstrap-Token': 'x' }]) {
        const res = await fetch(`${app.url}${path}`, { method, headers });
        expect(res.status, `${method} ${path}`).to.equal(404);
      }
    }
    expect(await app.query('SELECT count(*) AS n FROM ofertas')).to.deep.equal(before);
  });
});
