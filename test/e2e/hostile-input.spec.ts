import { expect } from 'chai';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { startApp, login, bearer, jsonHeaders, callAs, expectError, type RunningApp } from '../support/http-app';
import { digestDatabase } from '../support/db-digest';
import { FsBackupStore } from '../../src/infrastructure/backups/fs-backup-store';

/** A §0.2 error body: detail = error, a code and a timestamp. */
async function expectErrorShape(res: Response, status?: number): Promise<Record<string, unknown>> {
  const text = await res.text();
  if (status !== undefined) expect(res.status, text.slice(0, 300)).to.equal(status);
  expect(res.headers.get('content-type') ?? '', text.slice(0, 200)).to.match(/application\/json/);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body.detail, text.slice(0, 200)).to.be.a('string');
  expect(body.error).to.equal(body.detail);
  expect(body.code).to.be.a('string');
  expect(body.timestamp).to.be.a('string');
  return body;
}

/** Sends raw bytes over a socket and reads the whole answer (what fetch refuses to send). */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
    let data = '';
    socket.on('data', (d) => (data += d.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

/**
 * Regression tests of the defects of issue #14 that came from outside: each reproduces how it was
 * found, against the real app over HTTP on a copy of the production file.
 */
describe('e2e: hostile input (issue #14 defects 3–10)', function () {
  this.timeout(60_000);
  let app: RunningApp;
  let admin: string;
  before(async () => {
    app = await startApp({ fixture: 'original-current.db' });
    admin = await login(app, 'admin', 'friosur2026');
  });
  after(async () => app.close());

  it('deeply nested JSON on every body route of the router is a §0.2 422, never a plain-text 500', async () => {
    const bodyRoutes = app.routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && !r.path.includes('upload'));
    expect(bodyRoutes.length).to.be.at.least(31);
    for (const depth of [5_000, 10_000]) {
      const nested = '['.repeat(depth) + ']'.repeat(depth);
      for (const r of bodyRoutes) {
        const url = app.url + r.path.replace(/:[a-z_]+/g, '1');
        const res = await fetch(url, { method: r.method, headers: jsonHeaders(admin), body: nested });
        const body = await expectErrorShape(res);
        expect(res.status, `${r.method} ${r.path}`).to.be.within(400, 499);
        if (res.status === 422) expect(JSON.stringify(body).length, `${r.method} ${r.path}`).to.be.below(2_000);
      }
    }
  });

  it('absurd numbers are refused: a 1e308 quantity, raw 1e309, huge prices and stock deltas; the money figures stay numbers', async () => {
    const vendedor = await login(app, 'vendedor1', 'vendedor2026');
    const before = await app.query('SELECT count(*) AS n FROM pedidos');
    for (const cantidad of [1e308, 1e15, 100_001]) {
      const res = await callAs(app, vendedor, 'POST', '/api/pedidos', { cliente_id: 1, items: [{ producto_id: 1, cantidad }] });
      await expectErrorShape(res);
      expect(res.status, String(cantidad)).to.be.oneOf([400, 422]);
    }
    const raw = await fetch(`${app.url}/api/pedidos`, {
      method: 'POST',
      headers: jsonHeaders(vendedor),
      body: '{"cliente_id":1,"items":[{"producto_id":1,"cantidad":1e309}]}',
    });
    await expectErrorShape(raw, 422);
    expect(await app.query('SELECT count(*) AS n FROM pedidos')).to.deep.equal(before);
    await expectError(await callAs(app, admin, 'POST', '/api/productos', { nombre: 'Caro', precio: 1e12 }), 422);
    await expectError(await callAs(app, admin, 'PATCH', '/api/productos/1/stock', { delta: 1e300 }), 422);
    await expectError(await callAs(app, admin, 'PATCH', '/api/productos/1/stock', { stock: 1e300 }), 422);
    const ventas = (await (await callAs(app, admin, 'GET', '/api/reportes/ventas?desde=2020-01-01&hasta=2030-12-31')).json()) as Record<
      string,
      unknown
    >;
    expect(JSON.stringify(ventas)).to.not.contain('null,"total_vendido":null');
    for (const v of Object.values(ventas)) if (typeof v === 'number') expect(Number.isFinite(v)).to.equal(true);
  });

  it("a vendedor sees only their own orders in antiguos and preview_stock (and the shop screens' own calls still work)", async () => {
    const vendedor = await login(app, 'vendedor1', 'vendedor2026');
    const old = (await (await callAs(app, vendedor, 'GET', '/api/pedidos/antiguos?horas=1')).json()) as { creado_por: string }[];
    expect(
      old.every((o) => o.creado_por === 'vendedor1'),
      JSON.stringify(old.map((o) => o.creado_por)),
    ).to.equal(true);
    const everyone = (await (await callAs(app, admin, 'GET', '/api/pedidos/antiguos?horas=1')).json()) as { creado_por: string }[];
    expect(everyone.some((o) => o.creado_por !== 'vendedor1')).to.equal(true);
    const others = (
      await app.query<{ id: number }>(
        "SELECT id FROM pedidos WHERE creado_por = 'vendedor2' AND id IN (SELECT pedido_id FROM detalles_pedido) LIMIT 5",
      )
    ).map((r) => r.id);
    const own = (
      await app.query<{ id: number }>(
        "SELECT id FROM pedidos WHERE creado_por = 'vendedor1' AND id IN (SELECT pedido_id FROM detalles_pedido) LIMIT 5",
      )
    ).map((r) => r.id);
    const preview = async (token: string, ids: number[]) =>
      (await (await callAs(app, token, 'POST', '/api/pedidos/preview_stock', { pedido_ids: ids })).json()) as { productos: unknown[] };
    expect((await preview(vendedor, others)).productos).to.deep.equal([]);
    expect((await preview(admin, others)).productos.length).to.be.greaterThan(0);
    expect((await preview(vendedor, own)).productos).to.deep.equal((await preview(admin, own)).productos);
  });

  it('a URL over 16 KB (and a malformed request line) get the §0.2 body from the HTTP parser, not an empty answer', async () => {
    const port = Number(new URL(app.url).port);
    const long = await rawRequest(port, `GET /api/productos?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(long).to.match(/^HTTP\/1\.1 431 /);
    const body = JSON.parse(long.slice(long.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expect(body.detail)
      .to.equal(body.error)
      .and.to.match(/demasiado grande/);
    expect(body.code).to.equal('HTTP_ERROR');
    const bad = await rawRequest(port, 'GARBAGE\r\n\r\n');
    expect(bad).to.match(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(bad.slice(bad.indexOf('\r\n\r\n') + 4)).code).to.equal('HTTP_ERROR');
  });

  it('text is trimmed and NFC-normalised; control characters are a 422 (line breaks only in notes); nothing of a refusal is stored', async () => {
    const vendedor = await login(app, 'vendedor1', 'vendedor2026');
    const before = await digestDatabase(app.dbPath);
    for (const nombre of ['Bad\u0000Name', 'Tab\tName', 'Line\nBreak', 'Esc\u001b[31m', 'C1\u0085x', ' 7 ']) {
      const res = await callAs(app, admin, 'POST', '/api/clientes', { nombre, telefono: '099', direccion: 'x' });
      await expectErrorShape(res, 422);
    }
    await expectErrorShape(
      await callAs(app, vendedor, 'POST', '/api/pedidos', { cliente_id: 1, items: [{ producto_id: 1, cantidad: 1 }], notas: 'a\u0000b' }),
      422,
    );
    await expectErrorShape(
      await callAs(app, vendedor, 'POST', '/api/pedidos', {
        cliente_id: 1,
        items: [{ producto_id: 1, cantidad: 1 }],
        notas: '\ud800 lone surrogate',
      }),
      422,
    );
    // Another encoding: declared (refused, never decoded wrongly) or not (bytes that are not UTF-8).
    const latin1 = Buffer.from('{"nombre":"\xd1and\xfa","telefono":"1"}', 'latin1');
    await expectErrorShape(
      await fetch(`${app.url}/api/clientes`, {
        method: 'POST',
        headers: { ...bearer(admin), 'Content-Type': 'application/json; charset=latin1' },
        body: latin1,
      }),
      415,
    );
    await expectErrorShape(
      await fetch(`${app.url}/api/clientes`, {
        method: 'POST',
        headers: { ...bearer(admin), 'Content-Type': 'application/json; charset=klingon' },
        body: '{}',
      }),
      415,
    );
    await expectErrorShape(await fetch(`${app.url}/api/clientes`, { method: 'POST', headers: jsonHeaders(admin), body: latin1 }), 422);
    expect(await digestDatabase(app.dbPath)).to.deep.equal(before);

    const created = (await (
      await callAs(app, admin, 'POST', '/api/clientes', { nombre: '  Jose\u0301 Pérez  ', telefono: ' 099 123 ', direccion: 'Calle 1' })
    ).json()) as { id: number };
    const [row] = await app.query<{ nombre: string; telefono: string }>('SELECT nombre, telefono FROM clientes WHERE id = ?', [created.id]);
    expect(row).to.deep.equal({ nombre: 'José Pérez', telefono: '099 123' });
    expect(row!.nombre).to.equal('José Pérez'.normalize('NFC'));
    const order = (await (
      await callAs(app, vendedor, 'POST', '/api/pedidos', {
        cliente_id: 1,
        items: [{ producto_id: 1, cantidad: 1 }],
        notas: 'Primera línea\nSegunda\tcon tab',
      })
    ).json()) as { id: number };
    const [o] = await app.query<{ notas: string }>('SELECT notas FROM pedidos WHERE id = ?', [order.id]);
    expect(o!.notas).to.equal('Primera línea\nSegunda\tcon tab');
  });

  it('a password is never echoed, whatever its length, on login, register, cambiar-password and the admin reset', async () => {
    const secret = `Zz9${'x'.repeat(1_100)}`;
    const calls: [string, string, Record<string, string>, string | null][] = [
      ['POST', '/api/login', { username: 'admin', password: secret }, null],
      ['POST', '/api/register', { username: 'nuevo', password: secret, rol: 'vendedor' }, admin],
      ['POST', '/api/cambiar-password', { password_actual: secret, password_nuevo: secret }, admin],
      ['PUT', '/api/usuarios/3/password', { new_password: secret }, admin],
      ['PUT', '/api/usuarios/3/reset-password', { new_password: secret }, admin],
    ];
    for (const [method, p, form, token] of calls) {
      const res = await fetch(`${app.url}${p}`, { method, headers: token ? bearer(token) : {}, body: new URLSearchParams(form) });
      const text = await res.text();
      expect(res.status, `${p}: ${text.slice(0, 200)}`).to.be.within(400, 499);
      expect(text, p).to.not.contain('xxxxxxxxxx');
    }
    // JSON bodies too, and nested secrets.
    const res = await fetch(`${app.url}/api/usuarios/3`, {
      method: 'PUT',
      headers: jsonHeaders(admin),
      body: JSON.stringify({ activo: 'nope', password: secret }),
    });
    expect(await res.text()).to.not.contain('xxxxxxxxxx');
    // Nor logged.
    expect(JSON.stringify(app.logs)).to.not.contain('xxxxxxxxxx').and.not.contain('friosur2026');
  });

  it('the error texts of API.md verbatim: bulk-delete of missing ids, an unknown estado, path.cliente_id', async () => {
    await expectError(
      await callAs(app, admin, 'POST', '/api/pedidos/bulk-delete', { pedido_ids: [999999, 999999] }),
      404,
      'Pedidos no encontrados: 999999',
    );
    await expectError(
      await callAs(app, admin, 'POST', '/api/pedidos/bulk-delete', { pedido_ids: [999999, 999998] }),
      404,
      'Pedidos no encontrados: 999999, 999998',
    );
    await expectError(
      await fetch(`${app.url}/api/pedidos/999999`, { method: 'DELETE', headers: bearer(admin) }),
      404,
      'Pedido no encontrado',
    );
    const estado = await callAs(app, admin, 'PUT', '/api/pedidos/1/estado', { estado: 'tomado' });
    const body = await expectErrorShape(estado, 400);
    expect(body.detail).to.equal('Estado no válido');
    expect(JSON.stringify(body.details)).to.contain('tomado').and.contain('pendiente, preparando');
    const invalid = await fetch(`${app.url}/api/clientes/invalid_id`, { headers: bearer(admin) });
    const inv = await expectErrorShape(invalid, 422);
    expect((inv.details as { field: string }[])[0]!.field).to.equal('path.cliente_id');
  });

  it('links in the backup and upload folders are never listed, adopted, served or followed', async () => {
    const dir = path.dirname(app.dbPath);
    const backupDir = path.join(dir, 'backups');
    fs.mkdirSync(backupDir, { recursive: true });
    const link = path.join(backupDir, 'ventas_20990101_000001.db');
    fs.symlinkSync(app.dbPath, link);
    const made = (await (await fetch(`${app.url}/api/admin/backup-now`, { method: 'POST', headers: bearer(admin) })).json()) as {
      backup: { filename: string };
    };
    // A link named like a real backup, beside a manifest that would list it.
    const linkedManifestTarget = path.join(backupDir, `ventas_20990101_000002.db`);
    fs.symlinkSync(path.join(backupDir, made.backup.filename), linkedManifestTarget);
    fs.copyFileSync(path.join(backupDir, `${made.backup.filename}.json`), `${linkedManifestTarget}.json`);
    const notes: string[] = [];
    await new FsBackupStore(backupDir, app.dbPath).recover((name, ok, reason) => notes.push(`${name}:${ok}:${reason ?? ''}`));
    expect(notes).to.deep.equal(['ventas_20990101_000001.db:false:not a regular file (a link or a folder): never followed, not listed']);
    expect(fs.existsSync(`${link}.json`)).to.equal(false);
    const listed = (await (await fetch(`${app.url}/api/admin/backups`, { headers: bearer(admin) })).json()) as {
      backups: { filename: string }[];
    };
    expect(listed.backups.map((b) => b.filename)).to.include(made.backup.filename);
    expect(listed.backups.map((b) => b.filename)).to.not.include.members(['ventas_20990101_000001.db']);
    expect(listed.backups.map((b) => b.filename)).to.not.include.members(['ventas_20990101_000002.db']);
    for (const name of ['ventas_20990101_000001.db', 'ventas_20990101_000002.db']) {
      expect((await fetch(`${app.url}/api/admin/backups/${name}`, { headers: bearer(admin) })).status, name).to.equal(404);
      expect((await fetch(`${app.url}/api/admin/backups/${name}`, { method: 'DELETE', headers: bearer(admin) })).status, name).to.equal(
        404,
      );
    }
    expect(fs.lstatSync(link).isSymbolicLink()).to.equal(true);
    expect(fs.existsSync(app.dbPath)).to.equal(true);

    const uploads = path.join(dir, 'uploads');
    fs.mkdirSync(uploads, { recursive: true });
    fs.symlinkSync('/etc/passwd', path.join(uploads, `${'a'.repeat(32)}.jpg`));
    expect((await fetch(`${app.url}/uploads/${'a'.repeat(32)}.jpg`)).status).to.equal(404);
  });
});
