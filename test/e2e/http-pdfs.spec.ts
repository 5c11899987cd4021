import { expect } from 'chai';
import { startApp, login, jsonHeaders, expectError, type RunningApp } from '../support/http-app';
import { formatMoney } from '../../src/infrastructure/pdf/pdfkit-renderer';

/** The PDF opened with MuPDF: each page's text, and each page rendered to an image (with how much of it is ink). */
async function render(pdf: Buffer): Promise<{ text: string; inked: number }[]> {
  const mupdf = await import('mupdf');
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  const pages: { text: string; inked: number }[] = [];
  for (let i = 0; i < doc.countPages(); i++) {
    const page = doc.loadPage(i);
    const pix = page.toPixmap(mupdf.Matrix.scale(1, 1), mupdf.ColorSpace.DeviceGray, false, true);
    const px = pix.getPixels();
    let inked = 0;
    for (const v of px) if (v < 200) inked++;
    expect(Buffer.from(pix.asPNG()).subarray(1, 4).toString()).to.equal('PNG');
    pages.push({ text: page.toStructuredText('preserve-whitespace').asText(), inked: inked / px.length });
  }
  return pages;
}

interface OrderRow {
  id: number;
  cliente: string;
  total: number;
}

describe('e2e: the orders PDF and the route sheet (copy of original-current.db), rendered with MuPDF', function () {
  this.timeout(60_000);
  let app: RunningApp;
  let admin: string;
  beforeEach(async () => {
    app = await startApp({ fixture: 'original-current.db' });
    admin = await login(app, 'admin', 'friosur2026');
  });
  afterEach(async () => app.close());
  const post = (path: string, body: unknown, token = admin, extra: Record<string, string> = {}) =>
    fetch(`${app.url}${path}`, { method: 'POST', headers: { ...jsonHeaders(token), ...extra }, body: JSON.stringify(body) });
  const totals = (where: string) =>
    app.query<OrderRow>(
      'SELECT p.id, c.nombre AS cliente, round(CAST(COALESCE(SUM(d.cantidad * COALESCE(d.precio_unitario, pr.precio)), 0) AS numeric), 2) AS total FROM pedidos p JOIN clientes c ON c.id = p.cliente_id ' +
        `LEFT JOIN detalles_pedido d ON d.pedido_id = p.id LEFT JOIN productos pr ON pr.id = d.producto_id WHERE ${where} GROUP BY p.id, c.nombre ORDER BY c.nombre, p.id`,
    );

  it("generar_pdfs by a vendedor: prints and marks only their own orders among the ids; another vendedor's orders alone are a 404 and stay unmarked", async () => {
    await app.exec(
      "UPDATE pedidos SET creado_por = CASE WHEN id % 2 = 0 THEN 'vendedor1' ELSE 'otro_vendedor' END, pdf_generado = 0 WHERE id <= 20",
    );
    const vendedor = await login(app, 'vendedor1', 'vendedor2026');
    const ids = Array.from({ length: 20 }, (_, i) => i + 1);
    const res = await post('/api/pedidos/generar_pdfs', { pedido_ids: ids }, vendedor);
    expect(res.status, await res.clone().text()).to.equal(200);
    const marked = await app.query<{ id: number; creado_por: string }>(
      'SELECT id, creado_por FROM pedidos WHERE id <= 20 AND pdf_generado = 1 ORDER BY id',
    );
    expect(marked.length).to.be.greaterThan(0);
    expect(
      marked.every((r) => r.creado_por === 'vendedor1'),
      JSON.stringify(marked),
    ).to.equal(true);
    expect(res.headers.get('x-pedidos-impresos')).to.equal(String(marked.length));
    const text = (await render(Buffer.from(await res.arrayBuffer()))).map((p) => p.text).join('\n');
    for (const odd of ids.filter((i) => i % 2 === 1)) expect(text).to.not.match(new RegExp(`#${odd}\\b`));
    const historyBefore = await app.query("SELECT count(*) AS n FROM historial_pedidos WHERE accion = 'PDF_GENERADO'");
    await expectError(
      await post('/api/pedidos/generar_pdfs', { pedido_ids: ids.filter((i) => i % 2 === 1) }, vendedor),
      404,
      'No se encontraron pedidos',
    );
    expect(await app.query("SELECT count(*) AS n FROM historial_pedidos WHERE accion = 'PDF_GENERADO'")).to.deep.equal(historyBefore);
    expect(await app.query('SELECT count(*) AS n FROM pedidos WHERE id <= 20 AND id % 2 = 1 AND pdf_generado = 1')).to.deep.equal([
      { n: 0 },
    ]);
  });

  it('generar_pdfs: one document of the selected orders, never split across pages; marks only the printed ones; stock untouched', async () => {
    const ids = (await app.query<{ id: number }>('SELECT id FROM pedidos ORDER BY id LIMIT 40')).map((r) => r.id);
    await app.exec("UPDATE pedidos SET notas = 'Entregar por la tarde, portón verde' WHERE id = 3");
    const stockBefore = await app.query('SELECT id, stock FROM productos ORDER BY id');
    const res = await post('/api/pedidos/generar_pdfs', { pedido_ids: [...ids, ids[0], 99999] }, admin, { Origin: 'http://localhost' });
    expect(res.status, await res.clone().text()).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/pdf');
    expect(res.headers.get('content-disposition')).to.match(/^attachment; filename=pedidos_\d{8}_\d{6}\.pdf$/);
    expect(res.headers.get('access-control-expose-headers')).to.contain('Content-Disposition');
    expect(res.headers.get('x-pedidos-impresos')).to.equal('40');
    const pages = await render(Buffer.from(await res.arrayBuffer()));
    expect(pages.length).to.be.greaterThan(1);
    pages.forEach((p, i) => {
      expect(p.inked, `page ${i + 1} is blank`).to.be.greaterThan(0.005);
      expect(p.text).to.contain(`Página ${i + 1} de ${pages.length}`);
    });

    // Every order on exactly one page, with its client, its lines and its total: never split.
    const orders = await totals(`p.id IN (${ids.join(',')})`);
    const lines = await app.query<{ pedido_id: number; nombre: string }>(
      `SELECT d.pedido_id, pr.nombre FROM detalles_pedido d JOIN productos pr ON pr.id = d.producto_id WHERE d.pedido_id IN (${ids.join(',')})`,
    );
    let lastPage = 0;
    for (const o of orders) {
      const onPages = pages.flatMap((p, i) => (new RegExp(`#${o.id}\\n`).test(p.text) ? [i] : []));
      expect(onPages, `order ${o.id}`).to.have.length(1);
      const page = pages[onPages[0]!]!.text;
      const block = page.slice(page.indexOf(`#${o.id}\n`));
      expect(block).to.contain(o.cliente.slice(0, 45));
      for (const l of lines.filter((x) => x.pedido_id === o.id)) expect(block).to.contain(l.nombre.split(' ')[0]!);
      expect(block).to.contain(`TOTAL:\n${formatMoney(o.total)}`);
      // Sorted by client name: page numbers never go back.
      expect(onPages[0]!).to.be.at.least(lastPage);
      lastPage = onPages[0]!;
    }
    expect(pages.map((p) => p.text).join('\n')).to.contain('ACLARACIONES:\nEntregar por la tarde, portón verde');

    const marked = await app.query<{ id: number; fecha_generacion: string; generado_por: string }>(
      'SELECT id, fecha_generacion, generado_por FROM pedidos WHERE pdf_generado = 1 ORDER BY id',
    );
    const before = await app.query<{ id: number }>(`SELECT id FROM pedidos WHERE pdf_generado = 1 AND id NOT IN (${ids.join(',')})`);
    expect(marked.filter((m) => ids.includes(m.id))).to.have.length(40);
    for (const m of marked.filter((x) => ids.includes(x.id))) {
      expect(m.generado_por).to.equal('admin');
      expect(m.fecha_generacion).to.match(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    }
    expect(marked.filter((m) => !ids.includes(m.id)).map((m) => m.id)).to.deep.equal(before.map((b) => b.id));
    expect(await app.query("SELECT count(*) AS n FROM historial_pedidos WHERE accion = 'PDF_GENERADO'")).to.deep.equal([{ n: 40 }]);
    expect(await app.query('SELECT id, stock FROM productos ORDER BY id')).to.deep.equal(stockBefore);
  });

  it('generar_pdfs: clear errors for an empty, malformed, too long or unknown selection', async () => {
    await expectError(await post('/api/pedidos/generar_pdfs', { pedido_ids: [] }), 400, 'No se seleccionaron pedidos');
    await expectError(await post('/api/pedidos/generar_pdfs', {}), 422);
    await expectError(await post('/api/pedidos/generar_pdfs', { pedido_ids: ['x'] }), 422);
    await expectError(
      await post('/api/pedidos/generar_pdfs', { pedido_ids: Array.from({ length: 501 }, (_, i) => i + 1) }),
      400,
      /Como máximo 500 pedidos/,
    );
    await expectError(await post('/api/pedidos/generar_pdfs', { pedido_ids: [99999] }), 404, 'No se encontraron pedidos');
    expect(await app.query("SELECT count(*) AS n FROM historial_pedidos WHERE accion = 'PDF_GENERADO'")).to.deep.equal([{ n: 0 }]);
  });

  it("hoja de ruta: exactly the driver's undelivered orders grouped by zone, robust to NULL address and zone, writes nothing", async () => {
    // NULL address and zone, a blank zone, a NULL estado (pending) and a legacy capitalised Entregado (closed).
    const carlos = (
      await app.query<{ id: number; cliente_id: number }>(
        "SELECT id, cliente_id FROM pedidos WHERE repartidor = 'Carlos' AND estado IN ('pendiente', 'preparando') ORDER BY id",
      )
    ).slice(0, 3);
    await app.exec(`UPDATE clientes SET direccion = NULL, zona = NULL WHERE id = ${carlos[0]!.cliente_id};
       UPDATE pedidos SET estado = NULL WHERE id = ${carlos[1]!.id};
       UPDATE pedidos SET estado = 'Entregado' WHERE id = ${carlos[2]!.id};`);
    const digest = await app.query('SELECT * FROM pedidos ORDER BY id');
    const res = await post('/api/hoja-ruta/generar-pdf', { repartidor: 'Carlos', zona: '' });
    expect(res.status, await res.clone().text()).to.equal(200);
    expect(res.headers.get('content-disposition')).to.equal('attachment; filename=hoja_ruta_Carlos.pdf');
    const pages = await render(Buffer.from(await res.arrayBuffer()));
    const all = pages.map((p) => p.text).join('\n');
    for (const p of pages) expect(p.inked).to.be.greaterThan(0.005);

    const expected = await totals("p.repartidor = 'Carlos' AND (p.estado IS NULL OR lower(p.estado) NOT IN ('entregado', 'cancelado'))");
    expect(expected.map((o) => o.id))
      .to.include(carlos[1]!.id)
      .and.not.include(carlos[2]!.id);
    expect(pages[0]!.text).to.contain(`${expected.length} pedidos`);
    for (const o of expected) expect(all).to.contain(o.cliente.slice(0, 25));
    expect(all).to.contain('ZONA: Sin Zona').and.to.contain('Dirección: Sin dirección');
    // The summary lists each stop once, with its total: the same multiset of totals as the orders selected.
    const summary = all.slice(all.lastIndexOf('RESUMEN DE ENTREGAS'));
    const money = summary.match(/\$[\d.]+,\d{2}/g)!;
    expect(money.slice(0, -1).sort()).to.deep.equal(expected.map((o) => formatMoney(o.total)).sort());
    expect(money.at(-1)).to.equal(formatMoney(expected.reduce((s, o) => s + o.total, 0)));
    expect(await app.query('SELECT * FROM pedidos ORDER BY id')).to.deep.equal(digest);

    // One zone only; a driver with nothing pending; names outside ASCII; missing driver.
    const [{ zona }] = (await app.query<{ zona: string }>(
      "SELECT c.zona FROM pedidos p JOIN clientes c ON c.id = p.cliente_id WHERE p.repartidor = 'Carlos' AND c.zona IS NOT NULL AND c.zona <> '' LIMIT 1",
    )) as [{ zona: string }];
    const zoned = await render(Buffer.from(await (await post('/api/hoja-ruta/generar-pdf', { repartidor: 'Carlos', zona })).arrayBuffer()));
    expect(
      zoned
        .map((p) => p.text)
        .join('\n')
        .match(/ZONA: .*/g),
    ).to.deep.equal([`ZONA: ${zona}`]);
    const empty = await post('/api/hoja-ruta/generar-pdf', { repartidor: 'Nadie' });
    expect(empty.status).to.equal(200);
    expect((await render(Buffer.from(await empty.arrayBuffer())))[0]!.text).to.contain('No hay pedidos para esta hoja de ruta');
    const accented = await post('/api/hoja-ruta/generar-pdf', { repartidor: 'Matías' });
    expect(accented.headers.get('content-disposition')).to.equal(
      "attachment; filename=hoja_ruta_Matias.pdf; filename*=UTF-8''hoja_ruta_Mat%C3%ADas.pdf",
    );
    await expectError(await post('/api/hoja-ruta/generar-pdf', { repartidor: '' }), 400, 'Se requiere un repartidor');
    await expectError(await post('/api/hoja-ruta/generar-pdf', { repartidor: '   ' }), 400, 'Se requiere un repartidor');
    await expectError(await post('/api/hoja-ruta/generar-pdf', { zona: 'Centro' }), 422);
  });
});
