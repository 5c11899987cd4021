import { expect } from 'chai';
import sharp from 'sharp';
import ExcelJS from 'exceljs';
import { startApp, login, bearer, expectError, type RunningApp } from '../support/http-app';
import { counts } from '../support/ordering';

const json = (token: string, extra: Record<string, string> = {}) => ({ ...bearer(token), 'Content-Type': 'application/json', ...extra });

describe("e2e: the shop's order flow over HTTP (copy of original-current.db)", function () {
  this.timeout(60_000);
  let app: RunningApp;
  beforeEach(async () => (app = await startApp({ fixture: 'original-current.db' })));
  afterEach(async () => app.close());

  it('replays the frontend: sign in, load, place with X-Idempotency-Key, list, advance, assign driver, cancel', async () => {
    const token = await login(app, 'vendedor1', 'vendedor2026');
    const clientes = (await (await fetch(`${app.url}/api/clientes`, { headers: bearer(token) })).json()) as {
      id: number;
      nombre: string;
    }[];
    expect(clientes).to.have.length(18);
    expect(clientes.map((c) => c.nombre)).to.deep.equal([...clientes.map((c) => c.nombre)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const productos = (await (await fetch(`${app.url}/api/productos?lite=true`, { headers: bearer(token) })).json()) as {
      id: number;
      nombre: string;
      precio: number;
      imagen_url: null;
    }[];
    expect(productos).to.have.length(26);
    expect(productos.every((p) => p.imagen_url === null)).to.equal(true);
    const images = (await (
      await fetch(`${app.url}/api/productos/images`, {
        method: 'POST',
        headers: json(token),
        body: JSON.stringify({ ids: productos.map((p) => p.id) }),
      })
    ).json()) as { images: Record<string, string> };
    expect(Object.values(images.images)[0]).to.match(/^data:image\//);
    expect((await fetch(`${app.url}/api/categorias`, { headers: bearer(token) })).status).to.equal(200);

    const cliente = clientes[0]!;
    const lines = productos.slice(0, 3).map((p, i) => ({ id: p.id, nombre: p.nombre, precio: p.precio, cantidad: i + 1, tipo: 'unidad' }));
    const key = crypto.randomUUID();
    const placed = await fetch(`${app.url}/api/pedidos`, {
      method: 'POST',
      headers: json(token, { 'X-Idempotency-Key': key }),
      body: JSON.stringify({ cliente, productos: lines, notas: 'Entregar antes de las 10' }),
    });
    expect(placed.status).to.equal(200);
    const pedido = (await placed.json()) as { id: number; estado: string };
    expect(pedido.estado).to.equal('pendiente');

    const list = (await (await fetch(`${app.url}/api/pedidos`, { headers: bearer(token) })).json()) as {
      id: number;
      productos: { cantidad: number }[];
      fecha_creacion: string;
      creado_por: string;
    }[];
    const mine = list.find((p) => p.id === pedido.id)!;
    expect(mine.productos.map((l) => l.cantidad)).to.deep.equal([1, 2, 3]);
    expect(mine.fecha_creacion).to.be.a('string');
    expect(new Set(list.map((p) => p.creado_por))).to.deep.equal(new Set(['vendedor1']));

    const admin = await login(app, 'admin', 'friosur2026');
    const advance = (id: number, estado: string, repartidor?: string) =>
      fetch(`${app.url}/api/pedidos/${id}/estado`, {
        method: 'PUT',
        headers: json(admin),
        body: JSON.stringify(repartidor === undefined ? { estado } : { estado, repartidor }),
      });
    expect((await advance(pedido.id, 'preparando')).status).to.equal(200);
    expect(await (await advance(pedido.id, 'preparando', 'Marcelo')).json()).to.include({ estado: 'preparando', repartidor: 'Marcelo' });
    expect(await (await advance(pedido.id, 'entregado')).json()).to.include({ estado: 'entregado', repartidor: 'Marcelo' });
    const other = list.find((p) => p.id !== pedido.id)!;
    expect((await advance(other.id, 'cancelado')).status).to.equal(200);
    await expectError(await advance(other.id, 'tomado'), 400, /Estado no válido/);
    const hist = await app.query<{ accion: string }>('SELECT accion FROM historial_pedidos WHERE pedido_id = ? ORDER BY id', [pedido.id]);
    expect(hist.map((h) => h.accion)).to.deep.equal(['creado', 'cambio_estado', 'cambio_estado', 'cambio_estado']);
    // oficina may not change states (admin only, as the original).
    await expectError(
      await fetch(`${app.url}/api/pedidos/${other.id}/estado`, {
        method: 'PUT',
        headers: json(await login(app, 'oficina1', 'oficina2026')),
        body: '{"estado":"pendiente"}',
      }),
      403,
    );
  });

  it('the same order posted twice with one key exists once, also across a restart', async () => {
    const token = await login(app, 'admin', 'friosur2026');
    const body = JSON.stringify({ cliente_id: 2, items: [{ producto_id: 4, cantidad: 3 }] });
    const post = (a: RunningApp, t: string) =>
      fetch(`${a.url}/api/pedidos`, { method: 'POST', headers: json(t, { 'X-Idempotency-Key': 'same-key' }), body });
    const first = (await (await post(app, token)).json()) as { id: number };
    const before = await counts(app);
    app = await app.restart();
    const token2 = await login(app, 'admin', 'friosur2026');
    const second = (await (await post(app, token2)).json()) as { id: number };
    expect(second.id).to.equal(first.id);
    expect((await counts(app)).pedidos).to.equal(before.pedidos);
    // The key in the body works too.
    const viaBody = await fetch(`${app.url}/api/pedidos`, {
      method: 'POST',
      headers: json(token2),
      body: JSON.stringify({ cliente_id: 2, items: [{ producto_id: 4, cantidad: 3 }], idempotency_key: 'same-key' }),
    });
    expect(((await viaBody.json()) as { id: number }).id).to.equal(first.id);
  });

  it('each refusal is a 400 with the §0.2 body and leaves pedidos and detalles_pedido unchanged', async () => {
    const token = await login(app, 'vendedor1', 'vendedor2026');
    const before = await counts(app);
    const cases: [unknown, RegExp][] = [
      [{ productos: [{ id: 1, cantidad: 1 }] }, /El cliente_id o cliente es requerido/],
      [{ cliente_id: 9999, productos: [{ id: 1, cantidad: 1 }] }, /Cliente con ID 9999 no existe/],
      [{ cliente: { id: 1 }, productos: [{ id: 31337, cantidad: 1 }] }, /Producto con ID 31337 no existe/],
      [{ cliente: { id: 1 }, productos: [{ id: 1, cantidad: 0 }] }, /Cantidad inválida para el producto 1: 0/],
      [{ cliente: { id: 1 }, productos: [{ id: 1, cantidad: -2 }] }, /Cantidad inválida para el producto 1: -2/],
      [{ cliente: { id: 1 }, productos: [{ id: 2, cantidad: 'mucho' }] }, /Cantidad inválida para el producto 2: mucho/],
      // eslint-disable-next-line no-loss-of-precision -- Infinity on purpose
      [{ cliente: { id: 1 }, productos: [{ id: 2, cantidad: 1e400 }] }, /Cantidad inválida para el producto 2/],
      [{ cliente: { id: 1 }, productos: [] }, /Se requieren productos o items/],
      [{ cliente: { id: 1 } }, /Se requieren productos o items/],
      [{ cliente: { id: 1 }, productos: Array.from({ length: 201 }, () => ({ id: 1, cantidad: 1 })) }, /201 líneas; el máximo es 200/],
      [{ cliente: { id: 1 }, productos: [{ nombre: 'sin id', cantidad: 1 }] }, /falta id\/producto_id/],
      [{ cliente: { id: 'abc' }, productos: [{ id: 1, cantidad: 1 }] }, /Cliente con ID abc no existe/],
    ];
    for (const [body, message] of cases) {
      const raw = JSON.stringify(body).replace('"1e400"', '1e400');
      await expectError(await fetch(`${app.url}/api/pedidos`, { method: 'POST', headers: json(token), body: raw }), 400, message);
    }
    expect(await counts(app)).to.deep.equal(before);
    const usuario = await fetch(`${app.url}/api/pedidos`, {
      method: 'POST',
      headers: json(await loginAs(app, 'usuario')),
      body: '{"cliente_id":1,"items":[{"producto_id":1,"cantidad":1}]}',
    });
    await expectError(usuario, 403, 'No tienes permiso para crear pedidos');
  });

  it('lists all 240 orders with all 823 lines to an admin; a vendedor only their own; detail and filters', async () => {
    const admin = await login(app, 'admin', 'friosur2026');
    const all = (await (await fetch(`${app.url}/api/pedidos`, { headers: bearer(admin) })).json()) as {
      id: number;
      productos: unknown[];
      estado: string;
    }[];
    expect(all).to.have.length(240);
    expect(all.reduce((n, o) => n + o.productos.length, 0)).to.equal(823);
    const entregados = (await (await fetch(`${app.url}/api/pedidos?estado=entregado`, { headers: bearer(admin) })).json()) as {
      estado: string;
    }[];
    expect(entregados).to.have.length(96);
    const vendedor = await login(app, 'vendedor1', 'vendedor2026');
    const own = (await (await fetch(`${app.url}/api/pedidos`, { headers: bearer(vendedor) })).json()) as {
      id: number;
      creado_por: string;
    }[];
    expect(own.length).to.be.greaterThan(0).and.lessThan(240);
    expect(own.every((o) => o.creado_por === 'vendedor1')).to.equal(true);
    const foreign = all.find((o) => !own.some((m) => m.id === o.id))!;
    await expectError(
      await fetch(`${app.url}/api/pedidos/${foreign.id}`, { headers: bearer(vendedor) }),
      403,
      'No tienes permiso para ver este pedido',
    );
    const detail = (await (await fetch(`${app.url}/api/pedidos/${own[0]!.id}`, { headers: bearer(vendedor) })).json()) as {
      items: { precio_unitario: number }[];
    };
    expect(detail.items.length).to.be.greaterThan(0);
    await expectError(await fetch(`${app.url}/api/pedidos/777777`, { headers: bearer(admin) }), 404, 'Pedido no encontrado');
    const old = (await (await fetch(`${app.url}/api/pedidos/antiguos?horas=24`, { headers: bearer(admin) })).json()) as {
      cliente: string;
      fecha_creacion: string;
    }[];
    expect(old).to.have.length(10);
    expect(old[0]!.cliente).to.be.a('string');
    await expectError(await fetch(`${app.url}/api/pedidos/antiguos?horas=500`, { headers: bearer(admin) }), 422);
    expect(await (await fetch(`${app.url}/api/pedidos/creators`, { headers: bearer(admin) })).json()).to.include('vendedor1');
    await expectError(await fetch(`${app.url}/api/pedidos/creators`, { headers: bearer(vendedor) }), 403);
    const preview = (await (
      await fetch(`${app.url}/api/pedidos/preview_stock`, {
        method: 'POST',
        headers: json(admin),
        body: JSON.stringify({ pedido_ids: [1, 2] }),
      })
    ).json()) as Record<string, unknown>;
    expect(preview).to.include.keys('productos', 'ok', 'pedidos_count', 'stock_changes', 'warnings');
  });

  it('items, notes, client assignment and deletes', async () => {
    const admin = await login(app, 'admin', 'friosur2026');
    const vendedor = await login(app, 'vendedor1', 'vendedor2026');
    const own = (await app.query<{ id: number }>("SELECT id FROM pedidos WHERE creado_por = 'vendedor1' LIMIT 1"))[0]!.id;
    const foreign = (await app.query<{ id: number }>("SELECT id FROM pedidos WHERE creado_por <> 'vendedor1' LIMIT 1"))[0]!.id;
    expect(
      await (
        await fetch(`${app.url}/api/pedidos/${own}/items`, {
          method: 'POST',
          headers: json(vendedor),
          body: '{"producto_id": 20, "cantidad": 2}',
        })
      ).json(),
    ).to.deep.equal({ message: 'Item agregado' });
    await fetch(`${app.url}/api/pedidos/${own}/items`, {
      method: 'POST',
      headers: json(vendedor),
      body: '{"producto_id": 20, "cantidad": 3, "tipo": "caja"}',
    });
    expect(await app.query('SELECT cantidad, tipo FROM detalles_pedido WHERE pedido_id = ? AND producto_id = 20', [own])).to.deep.equal([
      { cantidad: 5, tipo: 'caja' },
    ]);
    await expectError(
      await fetch(`${app.url}/api/pedidos/${foreign}/items`, {
        method: 'POST',
        headers: json(vendedor),
        body: '{"producto_id": 20, "cantidad": 2}',
      }),
      403,
    );
    await expectError(
      await fetch(`${app.url}/api/pedidos/${own}/items`, {
        method: 'POST',
        headers: json(vendedor),
        body: '{"producto_id": 20, "cantidad": -1}',
      }),
      400,
      /Cantidad inválida/,
    );
    expect(
      (
        await fetch(`${app.url}/api/pedidos/${own}/items/20`, {
          method: 'PUT',
          headers: json(vendedor),
          body: '{"producto_id": 20, "cantidad": 1}',
        })
      ).status,
    ).to.equal(200);
    await expectError(
      await fetch(`${app.url}/api/pedidos/${own}/items/25`, {
        method: 'PUT',
        headers: json(vendedor),
        body: '{"producto_id": 25, "cantidad": 1}',
      }),
      404,
      'Item no encontrado en este pedido',
    );
    expect((await fetch(`${app.url}/api/pedidos/${own}/items/20`, { method: 'DELETE', headers: bearer(vendedor) })).status).to.equal(204);
    expect(
      await (
        await fetch(`${app.url}/api/pedidos/${own}/notas`, {
          method: 'PUT',
          headers: json(vendedor),
          body: '{"notas": "Llamar al llegar"}',
        })
      ).json(),
    ).to.deep.equal({ message: 'Notas actualizadas' });
    expect(
      await (await fetch(`${app.url}/api/pedidos/${own}/cliente?cliente_id=3`, { method: 'PUT', headers: bearer(admin) })).json(),
    ).to.deep.equal({ message: 'Cliente asignado' });
    await expectError(
      await fetch(`${app.url}/api/pedidos/${own}/cliente?cliente_id=9999`, { method: 'PUT', headers: bearer(admin) }),
      404,
      'Cliente no encontrado',
    );
    const before = await counts(app);
    await expectError(
      await fetch(`${app.url}/api/pedidos/bulk-delete`, { method: 'POST', headers: json(admin), body: '{"pedido_ids":[1,2,999999]}' }),
      404,
      'Pedidos no encontrados: 999999',
    );
    await expectError(
      await fetch(`${app.url}/api/pedidos/bulk-delete`, { method: 'POST', headers: json(admin), body: '{"pedido_ids":[]}' }),
      422,
    );
    expect(await counts(app)).to.deep.equal(before);
    expect(
      await (
        await fetch(`${app.url}/api/pedidos/bulk-delete`, { method: 'POST', headers: json(admin), body: '{"pedido_ids":[1,2,2]}' })
      ).json(),
    ).to.include({ deleted: 2 });
    expect((await fetch(`${app.url}/api/pedidos/3`, { method: 'DELETE', headers: bearer(admin) })).status).to.equal(204);
    expect((await counts(app)).pedidos).to.equal(before.pedidos - 3);
  });

  it('clients: create rules, full replacement, guarded deletes, bulk delete', async () => {
    const admin = await login(app, 'admin', 'friosur2026');
    const created = await fetch(`${app.url}/api/clientes`, {
      method: 'POST',
      headers: json(admin),
      body: JSON.stringify({ nombre: 'Carnicería Nueva', telefono: '', direccion: 'Av. Italia 1234', zona: 'Malvín', vendedor_id: 3 }),
    });
    const client = (await created.json()) as { id: number; telefono: null; vendedor_nombre: string };
    expect(client).to.include({ telefono: null, vendedor_nombre: 'vendedor1' });
    await expectError(
      await fetch(`${app.url}/api/clientes`, {
        method: 'POST',
        headers: json(admin),
        body: JSON.stringify({ nombre: 'Carnicería Nueva' }),
      }),
      400,
      'El cliente ya existe',
    );
    await expectError(
      await fetch(`${app.url}/api/clientes`, {
        method: 'POST',
        headers: json(admin),
        body: JSON.stringify({ nombre: 'Otra', vendedor_id: 404 }),
      }),
      400,
      'Vendedor con ID 404 no existe',
    );
    await expectError(
      await fetch(`${app.url}/api/clientes`, { method: 'POST', headers: json(admin), body: JSON.stringify({ nombre: 'X' }) }),
      422,
    );
    const replaced = (await (
      await fetch(`${app.url}/api/clientes/${client.id}`, {
        method: 'PUT',
        headers: json(admin),
        body: JSON.stringify({ nombre: 'Carnicería Nueva', zona: 'Centro' }),
      })
    ).json()) as Record<string, unknown>;
    expect(replaced).to.include({ zona: 'Centro', direccion: null, vendedor_id: null });
    await expectError(
      await fetch(`${app.url}/api/clientes/${client.id}`, { method: 'DELETE', headers: bearer(admin) }),
      400,
      /X-Confirm-Delete/,
    );
    await expectError(
      await fetch(`${app.url}/api/clientes/1`, { method: 'DELETE', headers: { ...bearer(admin), 'X-Confirm-Delete': 'true' } }),
      400,
      'No se puede eliminar el cliente porque tiene pedidos asociados',
    );
    expect(
      (await fetch(`${app.url}/api/clientes/${client.id}`, { method: 'DELETE', headers: { ...bearer(admin), 'X-Confirm-Delete': 'true' } }))
        .status,
    ).to.equal(204);
    const bulk = (await (
      await fetch(`${app.url}/api/clientes/bulk-delete`, { method: 'POST', headers: json(admin), body: '[1, 424242]' })
    ).json()) as { deleted: number; errors: unknown[] };
    expect(bulk.deleted).to.equal(0);
    expect(bulk.errors).to.have.length(2);
    await expectError(
      await fetch(`${app.url}/api/clientes/1`, {
        method: 'PUT',
        headers: json(await login(app, 'oficina1', 'oficina2026')),
        body: '{"nombre":"Hack"}',
      }),
      403,
    );
  });

  it('products and categories: rules, stock patch, soft delete', async () => {
    const admin = await login(app, 'admin', 'friosur2026');
    const made = (await (
      await fetch(`${app.url}/api/productos`, {
        method: 'POST',
        headers: json(admin),
        body: JSON.stringify({ nombre: 'Chorizo de la casa', precio: '210.5', categoria_id: 1 }),
      })
    ).json()) as { id: number };
    expect(made).to.include({ precio: 210.5, stock: 0, stock_minimo: 10, stock_tipo: 'unidad' });
    await expectError(
      await fetch(`${app.url}/api/productos`, {
        method: 'POST',
        headers: json(admin),
        body: JSON.stringify({ nombre: 'Chorizo de la casa', precio: 1 }),
      }),
      400,
      'El producto ya existe',
    );
    await expectError(
      await fetch(`${app.url}/api/productos`, {
        method: 'POST',
        headers: json(admin),
        body: JSON.stringify({ nombre: 'Otro', precio: 1, categoria_id: 99 }),
      }),
      400,
      'Categoría con ID 99 no existe',
    );
    await expectError(
      await fetch(`${app.url}/api/productos`, {
        method: 'POST',
        headers: json(admin),
        body: JSON.stringify({ nombre: 'Otro', precio: -1 }),
      }),
      422,
    );
    await expectError(
      await fetch(`${app.url}/api/productos/${made.id}/stock`, { method: 'PATCH', headers: json(admin), body: '{}' }),
      422,
      'Validation failed',
    );
    expect(
      await (
        await fetch(`${app.url}/api/productos/${made.id}/stock`, {
          method: 'PATCH',
          headers: json(admin),
          body: '{"stock": 12, "stock_tipo": "kg"}',
        })
      ).json(),
    ).to.include({ stock: 12, stock_tipo: 'kg' });
    const withImage = (await (await fetch(`${app.url}/api/productos/1`, { headers: bearer(admin) })).json()) as {
      imagen_url: string;
      nombre: string;
      precio: number;
    };
    // A save from a `lite` screen (imagen_url null) keeps the image.
    await fetch(`${app.url}/api/productos/1`, {
      method: 'PUT',
      headers: json(admin),
      body: JSON.stringify({ nombre: withImage.nombre, precio: withImage.precio, imagen_url: null }),
    });
    expect(
      ((await (await fetch(`${app.url}/api/productos/1`, { headers: bearer(admin) })).json()) as { imagen_url: string }).imagen_url,
    ).to.equal(withImage.imagen_url);
    await expectError(
      await fetch(`${app.url}/api/productos/1`, { method: 'DELETE', headers: { ...bearer(admin), 'X-Confirm-Delete': 'true' } }),
      400,
      'No se puede eliminar el producto porque está asociado a pedidos',
    );
    const search = (await (await fetch(`${app.url}/api/productos?q=CHORIZO%20DE&limit=5`, { headers: bearer(admin) })).json()) as {
      nombre: string;
    }[];
    expect(search.map((p) => p.nombre)).to.include('Chorizo de la casa');
    await expectError(await fetch(`${app.url}/api/productos?limit=0`, { headers: bearer(admin) }), 422);
    const cat = (await (
      await fetch(`${app.url}/api/categorias`, { method: 'POST', headers: json(admin), body: JSON.stringify({ nombre: '  Embutidos  ' }) })
    ).json()) as { id: number; nombre: string; activa: number };
    expect(cat).to.include({ nombre: 'Embutidos', activa: 1 });
    await expectError(
      await fetch(`${app.url}/api/categorias`, { method: 'POST', headers: json(admin), body: JSON.stringify({ nombre: 'embutidos' }) }),
      400,
      "Ya existe una categoría con el nombre 'embutidos'",
    );
    expect(
      await (
        await fetch(`${app.url}/api/categorias/${cat.id}`, { method: 'DELETE', headers: { ...bearer(admin), 'X-Confirm-Delete': 'true' } })
      ).json(),
    ).to.deep.equal({ status: 'deleted', message: 'Categoría eliminada' });
    const used = await fetch(`${app.url}/api/categorias/1`, {
      method: 'DELETE',
      headers: { ...bearer(admin), 'X-Confirm-Delete': 'true' },
    });
    expect(await used.json()).to.include({ status: 'deactivated' });
    const vendedor = await login(app, 'vendedor1', 'vendedor2026');
    const visible = (await (await fetch(`${app.url}/api/categorias`, { headers: bearer(vendedor) })).json()) as { id: number }[];
    expect(visible.some((c) => c.id === 1)).to.equal(false);
  });

  it('exports: CSV formats with formula guards, streamed; XLSX opens with its header', async () => {
    const admin = await login(app, 'admin', 'friosur2026');
    await app.exec("INSERT INTO clientes (nombre, telefono) VALUES ('=HYPERLINK(\"http://evil\")', '+598 99')");
    // Decoded by hand: Response.text() would drop the BOM this test checks.
    const clientes = Buffer.from(
      await (await fetch(`${app.url}/api/clientes/export/csv`, { headers: bearer(admin) })).arrayBuffer(),
    ).toString('utf8');
    expect(clientes.startsWith('\ufeffid;nombre;telefono;direccion;zona\n')).to.equal(true);
    expect(clientes).to.contain(`"'=HYPERLINK(""http://evil"")";"'+598 99"`);
    expect(clientes.trim().split('\n')).to.have.length(20);
    const pedidos = await fetch(`${app.url}/api/pedidos/export/csv?desde=2026-02-03`, { headers: bearer(admin) });
    expect(pedidos.headers.get('content-disposition')).to.match(/^attachment; filename=pedidos_\d{8}\.csv$/);
    const text = await pedidos.text();
    expect(text.startsWith('ID,Cliente,Fecha,Estado,Notas,Creado Por\r\n')).to.equal(true);
    const expected = await app.query<{ n: number }>("SELECT count(*) AS n FROM pedidos WHERE fecha >= '2026-02-03'");
    expect(text.trim().split('\r\n')).to.have.length(expected[0]!.n + 1);
    await expectError(
      await fetch(`${app.url}/api/pedidos/export/csv`, { headers: bearer(await login(app, 'vendedor1', 'vendedor2026')) }),
      403,
      'No tienes permiso para exportar',
    );
    const productosCsv = Buffer.from(
      await (await fetch(`${app.url}/api/productos/export/csv`, { headers: bearer(admin) })).arrayBuffer(),
    ).toString('utf8');
    expect(productosCsv.startsWith('\ufeffid;nombre;precio;imagen_url;stock;categoria\n')).to.equal(true);
    const xlsx = Buffer.from(await (await fetch(`${app.url}/api/productos/export/xlsx`, { headers: bearer(admin) })).arrayBuffer());
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx as unknown as ExcelJS.Buffer);
    const sheet = book.getWorksheet('Productos')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).to.deep.equal([
      'ID',
      'Nombre',
      'Precio',
      'Stock',
      'Tipo Stock',
      'Stock Mínimo',
      'Categoría',
      'Imagen URL',
    ]);
    expect(sheet.rowCount).to.equal(27);
  });

  it('uploads: validated, downscaled to 800 px, stored content-addressed, served with a long cache; traversal is 404', async () => {
    const token = await login(app, 'oficina1', 'oficina2026');
    const big = await sharp({ create: { width: 2400, height: 1200, channels: 3, background: { r: 200, g: 30, b: 30 } } })
      .png()
      .toBuffer();
    const upload = (bytes: Buffer, name: string, type: string) => {
      const form = new FormData();
      form.set('file', new Blob([bytes], { type }), name);
      return fetch(`${app.url}/api/upload`, { method: 'POST', headers: bearer(token), body: form });
    };
    const res = await upload(big, 'asado.png', 'image/png');
    expect(res.status, await res.clone().text()).to.equal(200);
    const body = (await res.json()) as { url: string; filename: string; size: number; original_size: number; optimized: boolean };
    expect(body.url).to.match(/^\/uploads\/[0-9a-f]{32}\.jpg$/);
    expect(body.original_size).to.equal(big.length);
    const served = await fetch(`${app.url}/api${body.url}`);
    expect(served.status).to.equal(200);
    expect(served.headers.get('content-type')).to.equal('image/jpeg');
    expect(served.headers.get('cache-control')).to.contain('max-age=31536000');
    const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).to.deep.equal([800, 400]);
    expect((await upload(big, 'asado.png', 'image/png')).status).to.equal(200); // same content, same name
    await expectError(await upload(big, 'asado.exe', 'image/png'), 400, /Tipo de archivo no permitido/);
    await expectError(await upload(big, 'asado.png', 'text/html'), 400, 'Tipo de contenido no permitido: text/html');
    await expectError(await upload(Buffer.from('not an image at all'), 'x.png', 'image/png'), 400, 'El archivo no es una imagen válida');
    await expectError(await upload(Buffer.alloc(6 * 1024 * 1024, 1), 'huge.png', 'image/png'), 400, /demasiado grande/);
    for (const name of ['..%2F..%2Fetc%2Fpasswd', '%2e%2e%2fventas.db', 'ventas.db', `${body.filename}.tmp`]) {
      expect((await fetch(`${app.url}/api/uploads/${name}`)).status, name).to.equal(404);
    }
  });
});

async function loginAs(app: RunningApp, rol: string): Promise<string> {
  const admin = await login(app, 'admin', 'friosur2026');
  const username = `rol_${rol}_${Math.random().toString(36).slice(2, 8)}`;
  await fetch(`${app.url}/api/register`, {
    method: 'POST',
    headers: bearer(admin),
    body: new URLSearchParams({ username, password: 'Carne2026x', rol }),
  });
  return login(app, username, 'Carne2026x');
}
