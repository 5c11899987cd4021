import { expect } from 'chai';
import sharp from 'sharp';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, copyFixture, tempDir } from '../support/temp';
import { json, loginAt, serverEnv, start } from '../reliability/support';
import { runToExit, type ServerProcess } from '../support/server-process';

/**
 * `npm start` runs the server from the build's bundle (#18 start-up). The routes whose packages
 * stay outside it (PDFs, the xlsx export, image uploads, the API docs) and those inside it work
 * from the real server process, and SERVER_BUNDLE=false starts the same server from the modules.
 */
/** A file's signature: the first bytes of the response. */
const leadingBytes = async (res: Response, n: number): Promise<string> =>
  Buffer.from(await res.arrayBuffer())
    .subarray(0, n)
    .toString('latin1');

describe('e2e: the production start runs from the bundle', function () {
  this.timeout(90_000);
  let server: ServerProcess;
  let admin: string;
  before(async () => {
    const dir = tempDir('bundle-e2e');
    copyFixture('original-current.db', dir, 'ventas.db');
    server = await start(dir, { API_DOCS: 'true' });
    admin = await loginAt(server.url, 'admin', 'friosur2026');
  });
  after(async () => server?.stop('SIGTERM'));

  it('says so in its "listening" line, with V8 taking the code cache', () => {
    const listening = server.logs.find((l) => l.msg === 'listening');
    expect(listening?.startup, JSON.stringify({ listening, dist: fs.readdirSync(path.join(REPO_ROOT, 'dist')) })).to.equal(
      'bundle (code cache accepted)',
    );
  });

  it('serves what the packages outside the bundle make: a PDF, an xlsx, a resized upload, the API docs', async () => {
    const auth = { Authorization: `Bearer ${admin}` };
    const placed = await fetch(`${server.url}/api/pedidos`, {
      method: 'POST',
      headers: { ...json(admin), 'X-Idempotency-Key': 'bundle-1' },
      body: JSON.stringify({ cliente_id: 1, items: [{ producto_id: 1, cantidad: 2 }] }),
    });
    expect(placed.status).to.equal(200);
    const { id } = (await placed.json()) as { id: number };
    const pdf = await fetch(`${server.url}/api/pedidos/generar_pdfs`, {
      method: 'POST',
      headers: json(admin),
      body: JSON.stringify({ pedido_ids: [id] }),
    });
    expect(pdf.status).to.equal(200);
    expect(await leadingBytes(pdf, 5)).to.equal('%PDF-');

    const xlsx = await fetch(`${server.url}/api/productos/export/xlsx`, { headers: auth });
    expect(xlsx.status).to.equal(200);
    expect(await leadingBytes(xlsx, 2)).to.equal('PK');

    const png = await sharp({ create: { width: 1600, height: 800, channels: 3, background: { r: 10, g: 120, b: 40 } } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.set('file', new Blob([png], { type: 'image/png' }), 'bife.png');
    const uploaded = await fetch(`${server.url}/api/upload`, { method: 'POST', headers: auth, body: form });
    expect(uploaded.status, await uploaded.clone().text()).to.equal(200);
    const { url } = (await uploaded.json()) as { url: string };
    const image = await sharp(Buffer.from(await (await fetch(`${server.url}/api${url}`)).arrayBuffer())).metadata();
    expect(image.width).to.equal(800);

    expect((await fetch(`${server.url}/docs`)).status).to.equal(200);
    const ui = await fetch(`${server.url}/docs/swagger-ui-bundle.js`);
    expect(ui.status).to.equal(200);
    expect((await ui.text()).length).to.be.greaterThan(100_000);
    const spec = (await (await fetch(`${server.url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).to.match(/^3\./);
    expect(Object.keys(spec.paths).length).to.be.greaterThan(50);
  });

  it('SERVER_BUNDLE=false starts the same server from the compiled modules', async () => {
    const dir = tempDir('bundle-off');
    copyFixture('original-current.db', dir, 'ventas.db');
    const plain = await start(dir, { SERVER_BUNDLE: 'false' });
    try {
      expect(plain.logs.find((l) => l.msg === 'listening')?.startup).to.equal('modules (SERVER_BUNDLE=false)');
      // A boolean as every other: 0 is off too, and a misspelt value refuses to start, saying so.
      const zero = await start(tempDir('bundle-zero'), { SERVER_BUNDLE: '0' });
      expect(zero.logs.find((l) => l.msg === 'listening')?.startup).to.equal('modules (SERVER_BUNDLE=0)');
      await zero.stop('SIGTERM');
      const refused = await runToExit([], { ...serverEnv(tempDir('bundle-bad')), SERVER_BUNDLE: 'off' }, tempDir('bundle-bad'));
      expect(refused.code).to.equal(1);
      expect(refused.stderr).to.contain('SERVER_BUNDLE="off" is invalid: must be true, false, 1 or 0');
      const token = await loginAt(plain.url, 'admin', 'friosur2026');
      const res = await fetch(`${plain.url}/api/productos?lite=true`, { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).to.equal(200);
      expect(((await res.json()) as unknown[]).length).to.equal(26);
    } finally {
      await plain.stop('SIGTERM');
    }
  });
});
