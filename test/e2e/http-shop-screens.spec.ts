import { expect } from 'chai';
import { DateTime } from 'luxon';
import { startApp, login, bearer, callAs, expectError, type RunningApp } from '../support/http-app';

const shopToday = (plus = 0) => DateTime.now().setZone('America/Montevideo').plus({ days: plus }).toFormat('yyyy-MM-dd');

describe('e2e: offers, drivers, tags, dashboard and statistics over HTTP (copy of original-current.db)', function () {
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

  it('offers: the four types validated, activas public with productos and productos_ids, hasta inclusive, PUT keeps what it leaves out, toggle re-dates', async () => {
    const today = shopToday();
    const pct = {
      titulo: '10% chorizos',
      descripcion: '',
      desde: shopToday(-5),
      hasta: today,
      tipo: 'porcentaje',
      descuento_porcentaje: 10,
      productos: [{ producto_id: 1, cantidad: 1.5 }, { producto_id: 2 }],
    };
    const created = await call(admin, 'POST', '/api/ofertas', pct);
    expect(created.status, await created.clone().text()).to.equal(200);
    const offer = (await created.json()) as { id: number; activa: number; productos: unknown[] };
    expect(offer).to.include({ activa: 1 });
    expect(offer.productos).to.deep.equal([
      { producto_id: 1, cantidad: 1.5 },
      { producto_id: 2, cantidad: 1 },
    ]);

    await expectError(
      await call(admin, 'POST', '/api/ofertas', { ...pct, descuento_porcentaje: null }),
      400,
      'descuento_porcentaje requerido para tipo porcentaje',
    );
    await expectError(
      await call(admin, 'POST', '/api/ofertas', { ...pct, tipo: 'nxm', compra_cantidad: 2, paga_cantidad: 2 }),
      400,
      'paga_cantidad debe ser menor que compra_cantidad',
    );
    await expectError(
      await call(admin, 'POST', '/api/ofertas', { ...pct, tipo: 'precio_cantidad' }),
      400,
      'reglas requeridas para tipo precio_cantidad',
    );
    await expectError(
      await call(admin, 'POST', '/api/ofertas', { ...pct, tipo: 'regalo' }),
      400,
      'regalo_producto_id requerido para tipo regalo',
    );
    await expectError(await call(admin, 'POST', '/api/ofertas', { ...pct, tipo: 'mitad' }), 422);
    await expectError(await call(admin, 'POST', '/api/ofertas', { ...pct, descuento_porcentaje: 120 }), 422);
    await expectError(
      await call(admin, 'POST', '/api/ofertas', { ...pct, productos: [{ producto_id: 99999 }] }),
      409,
      'Productos inexistentes: 99999',
    );
    await expectError(await call(vendedor, 'POST', '/api/ofertas', pct), 403);
    const tiers = await call(admin, 'POST', '/api/ofertas', {
      ...pct,
      titulo: 'Escalonado',
      tipo: 'precio_cantidad',
      descuento_porcentaje: undefined,
      reglas: [
        { cantidad: 10, precio_unitario: 400 },
        { cantidad: 5, precio_unitario: 450 },
      ],
      productos: [{ producto_id: 3 }],
      hasta: shopToday(10),
    });
    expect(((await tiers.json()) as { reglas: { cantidad: number }[] }).reglas.map((r) => r.cantidad)).to.deep.equal([5, 10]);
    const future = (await (
      await call(admin, 'POST', '/api/ofertas', { ...pct, titulo: 'Futura', desde: shopToday(3), hasta: shopToday(9), productos: [] })
    ).json()) as { id: number };

    // Public, no token; both productos and productos_ids; hasta = today still counts.
    const activas = (await (await fetch(`${app.url}/api/ofertas/activas`)).json()) as {
      id: number;
      titulo: string;
      productos_ids: number[];
      productos: { producto_id: number }[];
    }[];
    expect(activas.map((o) => o.titulo)).to.deep.equal(['Escalonado', '10% chorizos']);
    expect(activas[1]!.productos_ids).to.deep.equal([1, 2]);
    expect(activas[1]!.productos.map((p) => p.producto_id)).to.deep.equal([1, 2]);
    const forVendedor = (await (await call(vendedor, 'GET', '/api/ofertas')).json()) as { titulo: string }[];
    expect(forVendedor.map((o) => o.titulo)).to.deep.equal(['Escalonado', '10% chorizos']);
    const forAdmin = (await (await call(admin, 'GET', '/api/ofertas')).json()) as { titulo: string; productos: unknown[] }[];
    expect(forAdmin).to.have.length(3);
    expect(forAdmin.find((o) => o.titulo === '10% chorizos')!.productos).to.have.length(2);

    // The frontend's edit sends no activa; a paused offer stays paused and absent productos are kept.
    expect(((await (await call(admin, 'POST', `/api/ofertas/${offer.id}/toggle`)).json()) as { activa: boolean }).activa).to.equal(false);
    const { productos: _p, ...withoutProducts } = pct;
    const edited = (await (await call(admin, 'PUT', `/api/ofertas/${offer.id}`, { ...withoutProducts, titulo: 'Editada' })).json()) as {
      titulo: string;
      activa: number;
      productos: unknown[];
    };
    expect(edited).to.include({ titulo: 'Editada', activa: 0 });
    expect(edited.productos).to.have.length(2);
    await expectError(await call(admin, 'PUT', '/api/ofertas/99999', pct), 404, 'Oferta no encontrada');

    // Toggle on a future offer: re-dated to today .. today + 30.
    await call(admin, 'POST', `/api/ofertas/${future.id}/toggle`); // off
    const on = (await (await call(admin, 'POST', `/api/ofertas/${future.id}/toggle`)).json()) as Record<string, unknown>;
    expect(on).to.deep.equal({ success: true, activa: true, fechas_actualizadas: true, desde: today, hasta: shopToday(30) });
    await expectError(await call(admin, 'POST', '/api/ofertas/99999/toggle'), 404);

    expect((await call(admin, 'DELETE', `/api/ofertas/${offer.id}`)).status).to.equal(204);
    expect(await app.query('SELECT * FROM oferta_productos WHERE oferta_id = ?', [offer.id])).to.deep.equal([]);
    await expectError(await call(admin, 'GET', `/api/ofertas/${offer.id}`), 404);
    const [stored] = await app.query<{ reglas_json: string; descuento_porcentaje: number | null }>(
      "SELECT reglas_json, descuento_porcentaje FROM ofertas WHERE titulo = 'Escalonado'",
    );
    expect(JSON.parse(stored!.reglas_json)).to.deep.equal([
      { cantidad: 5, precio_unitario: 450 },
      { cantidad: 10, precio_unitario: 400 },
    ]);
  });

  it('drivers: active list by name, create 201, duplicate 400, partial update, soft delete by admins only', async () => {
    const list = async (q = '') =>
      ((await (await call(vendedor, 'GET', `/api/repartidores${q}`)).json()) as { nombre: string; activo: number }[]).map((r) => r.nombre);
    expect(await list()).to.deep.equal(['Carlos', 'Lucía', 'Matías']);
    const res = await call(vendedor, 'POST', '/api/repartidores', { nombre: '  Ana  ', telefono: '099 123 456' });
    expect(res.status).to.equal(201);
    const ana = (await res.json()) as { id: number };
    expect(ana).to.deep.equal({ id: ana.id, nombre: 'Ana', telefono: '099 123 456', color: null, activo: 1 });
    await expectError(await call(vendedor, 'POST', '/api/repartidores', { nombre: 'Ana' }), 400, 'Ya existe un repartidor con ese nombre');
    await expectError(await call(vendedor, 'POST', '/api/repartidores', { nombre: 'A' }), 422);
    expect(await (await call(vendedor, 'PUT', `/api/repartidores/${ana.id}`, { color: '#ff0000', telefono: null })).json()).to.include({
      color: '#ff0000',
      telefono: '099 123 456',
    });
    await expectError(
      await call(vendedor, 'PUT', `/api/repartidores/${ana.id}`, { nombre: 'Carlos' }),
      400,
      'Ya existe un repartidor con ese nombre',
    );
    await expectError(await call(vendedor, 'PUT', `/api/repartidores/${ana.id}`, { activo: 2 }), 422);
    await expectError(await call(vendedor, 'DELETE', `/api/repartidores/${ana.id}`), 403);
    expect(await (await call(admin, 'DELETE', `/api/repartidores/${ana.id}`)).json()).to.deep.equal({
      msg: 'Repartidor desactivado exitosamente',
    });
    expect(await list()).to.not.include('Ana');
    expect(await list('?incluir_inactivos=true')).to.include('Ana');
    await expectError(await call(vendedor, 'GET', '/api/repartidores?incluir_inactivos=quizas'), 422);
    await expectError(await call(admin, 'DELETE', '/api/repartidores/99999'), 404, 'Repartidor no encontrado');
  });

  it('tags as objects: list, products with their tags, link and unlink, refusals', async () => {
    await app.exec(
      "INSERT INTO tags (id, nombre, tipo, color, icono) VALUES (1, '❄️ Congelado', 'conservacion', '#00f', '❄️'); INSERT INTO tags (id, nombre) VALUES (2, '🥩 Carnes');",
    );
    const tags = (await (await call(vendedor, 'GET', '/api/tags')).json()) as unknown[];
    expect(tags).to.deep.equal([
      { id: 1, nombre: '❄️ Congelado', color: '#00f', icono: '❄️', tipo: 'conservacion' },
      { id: 2, nombre: '🥩 Carnes', color: '#6366f1', icono: '🏷️', tipo: 'tipo' },
    ]);
    expect((await call(admin, 'POST', '/api/productos/1/tags/1')).status).to.equal(201);
    expect((await call(admin, 'POST', '/api/productos/1/tags/2')).status).to.equal(201);
    await expectError(await call(admin, 'POST', '/api/productos/1/tags/2'), 400, 'El producto ya tiene este tag');
    await expectError(await call(admin, 'POST', '/api/productos/99999/tags/2'), 404, 'Producto no encontrado');
    await expectError(await call(admin, 'POST', '/api/productos/1/tags/99'), 404, 'Tag no encontrado');
    await expectError(await call(vendedor, 'POST', '/api/productos/2/tags/2'), 403);
    const withTags = (await (await call(vendedor, 'GET', '/api/productos-con-tags')).json()) as {
      id: number;
      tags: { id: number; tipo: string }[];
    }[];
    expect(withTags.map((p) => [p.id, p.tags.map((t) => t.id)])).to.deep.equal([[1, [1, 2]]]);
    expect((await call(admin, 'DELETE', '/api/productos/1/tags/1')).status).to.equal(204);
    await expectError(await call(admin, 'DELETE', '/api/productos/1/tags/1'), 404, 'Tag no encontrado en este producto');
    const created = (await (await call(admin, 'POST', '/api/tags', { nombre: 'Ofertas' })).json()) as { id: number };
    expect(created).to.include({ nombre: 'Ofertas', tipo: 'tipo' });
    await expectError(await call(admin, 'POST', '/api/tags', { nombre: 'Ofertas' }), 400, 'El tag ya existe');
    expect((await call(admin, 'DELETE', '/api/tags/2')).status).to.equal(204);
    expect(await app.query('SELECT * FROM productos_tags WHERE tag_id = 2')).to.deep.equal([]);
    await expectError(await call(admin, 'DELETE', '/api/tags/2'), 404, 'Tag no encontrado');
  });

  it('dashboard and statistics: Montevideo days, distinct orders, snapshot prices, low-stock alerts as the original words them', async () => {
    // Two orders at 01:30 UTC today (22:30 of the previous day in Montevideo) and one now.
    const now = DateTime.utc();
    const lateYesterday = now.setZone('America/Montevideo').startOf('day').minus({ minutes: 90 }).toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss");
    await app.exec(`INSERT INTO pedidos (id, cliente_id, fecha, estado, creado_por, dispositivo) VALUES (9001, 1, '${lateYesterday}', 'pendiente', 'vendedor2', 'Mobile'), (9002, 1, '${lateYesterday}', 'entregado', 'vendedor2', NULL);
      INSERT INTO detalles_pedido (pedido_id, producto_id, cantidad, tipo, precio_unitario) VALUES (9001, 1, 2, 'unidad', 100), (9001, 2, 1, 'unidad', NULL), (9002, 1, 4, 'unidad', 100);`);
    const placed = await call(vendedor, 'POST', '/api/pedidos', { cliente_id: 1, items: [{ producto_id: 1, cantidad: 3 }] });
    expect(placed.status).to.equal(200);

    const metrics = (await (await call(admin, 'GET', '/api/dashboard/metrics')).json()) as Record<string, unknown> & {
      top_productos: { id: number; cantidad: number }[];
    };
    const [expected] = await app.query<{ clientes: number; productos: number; low: number }>(
      'SELECT (SELECT COUNT(*) FROM clientes) clientes, (SELECT COUNT(*) FROM productos) productos, (SELECT COUNT(*) FROM productos WHERE stock < stock_minimo AND stock_minimo > 0) low',
    );
    expect(metrics).to.include({
      total_clientes: expected!.clientes,
      total_productos: expected!.productos,
      pedidos_hoy: 1,
      stock_bajo_count: expected!.low,
      pedidos_mes: 3,
    });
    expect(metrics.top_productos[0]).to.include({ id: 1, cantidad: 9 });

    const perDay = (await (await call(admin, 'GET', '/api/dashboard/pedidos_por_dia?dias=30')).json()) as {
      fecha: string;
      cantidad: number;
    }[];
    expect(perDay).to.deep.equal([
      { fecha: shopToday(-1), cantidad: 2 },
      { fecha: shopToday(), cantidad: 1 },
    ]);
    await expectError(await call(admin, 'GET', '/api/dashboard/pedidos_por_dia?dias=0'), 422);

    const alertas = (await (await call(admin, 'GET', '/api/dashboard/alertas')).json()) as {
      producto: string;
      mensaje: string;
      tipo: string;
    }[];
    expect(alertas.length).to.equal(Math.min(10, expected!.low));
    expect(alertas[0]!.tipo).to.equal('stock_bajo');
    expect(alertas.find((a) => a.producto === 'Bife ancho')!.mensaje).to.equal('⚠️ Bife ancho: stock 0 (mínimo: 10.0)');

    const usuarios = (await (await call(vendedor, 'GET', '/api/estadisticas/usuarios')).json()) as {
      por_vendedor: { usuario: string; vendedor: string; cantidad: number }[];
      por_dispositivo: unknown[];
    };
    expect(usuarios.por_vendedor[0]).to.deep.equal({ vendedor: 'vendedor2', usuario: 'vendedor2', cantidad: 2 });
    expect(usuarios.por_dispositivo).to.deep.equal(
      [
        { dispositivo: 'web', cantidad: 1 },
        { dispositivo: 'mobile', cantidad: 1 },
      ].sort((a, b) => (a.dispositivo < b.dispositivo ? -1 : 1)),
    );

    const ventas = (await (await call(admin, 'GET', '/api/estadisticas/ventas?dias=7')).json()) as {
      por_dia: { fecha: string; pedidos: number; monto: number }[];
    };
    const [precio2] = await app.query<{ precio: number }>('SELECT precio FROM productos WHERE id = 2');
    const [precio1] = await app.query<{ precio_unitario: number }>(
      'SELECT precio_unitario FROM detalles_pedido WHERE pedido_id = (SELECT MAX(id) FROM pedidos)',
    );
    expect(ventas.por_dia).to.deep.equal([
      { fecha: shopToday(-1), pedidos: 2, monto: Math.round((200 + precio2!.precio + 400) * 100) / 100 },
      { fecha: shopToday(), pedidos: 1, monto: 3 * precio1!.precio_unitario },
    ]);
  });

  it('answers 401 without a token on every new screen except the public offers', async () => {
    for (const path of [
      '/api/ofertas',
      '/api/repartidores',
      '/api/tags',
      '/api/productos-con-tags',
      '/api/dashboard/metrics',
      '/api/dashboard/alertas',
      '/api/estadisticas/usuarios',
    ]) {
      expect((await fetch(`${app.url}${path}`)).status, path).to.equal(401);
    }
    expect((await fetch(`${app.url}/api/ofertas/activas`, { headers: bearer('not-a-token') })).status).to.equal(200);
  });
});
