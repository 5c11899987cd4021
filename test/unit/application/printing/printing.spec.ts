import { expect } from 'chai';
import { GenerateOrdersPdf, GenerateRouteSheet, MAX_PRINTED_ORDERS } from '../../../../src/application/printing/printing.use-cases';
import type {
  OrdersDocumentOrder,
  PdfRenderer,
  PrintOrder,
  PrintQueries,
  RouteSheetDocument,
} from '../../../../src/application/printing/printing.ports';
import { FixedClock } from '../../../fakes/in-memory-auth';
import { DirectTransactionRunner } from '../../../fakes/in-memory-user-repository';

const order = (id: number, zona: string | null, lines: [number, number][]): PrintOrder => ({
  id,
  placedAt: '2026-02-10T18:04:05.123000',
  notes: null,
  client: { name: `Cliente ${id}`, phone: null, address: null, zone: zona },
  lines: lines.map(([quantity, price]) => ({ name: 'Asado', quantity, price, tipo: 'kg' })),
});

/** Canned orders, and what was asked and marked (a stub: the SQL has its integration and e2e tests). */
function stubQueries(orders: PrintOrder[]) {
  const calls: { scope: string | null; marked: readonly number[] | null } = { scope: null, marked: null };
  const queries: PrintQueries = {
    ordersByIds: async (ids, creadoPor) => ((calls.scope = creadoPor), orders.filter((o) => ids.includes(o.id))),
    routeOrders: async (_driver, _zona, _closed, creadoPor) => ((calls.scope = creadoPor), orders),
    markPrinted: async (ids) => void (calls.marked = ids),
  };
  return { queries, calls };
}

/** Records the document instead of drawing it. */
function recordingRenderer() {
  const seen: { orders?: { generatedAt: string; orders: readonly OrdersDocumentOrder[] }; route?: RouteSheetDocument } = {};
  const renderer: PdfRenderer = {
    orders: async (doc) => ((seen.orders = doc), Buffer.from('%PDF-orders')),
    routeSheet: async (doc) => ((seen.route = doc), Buffer.from('%PDF-route')),
  };
  return { renderer, seen };
}

const deps = (orders: PrintOrder[]) => {
  const q = stubQueries(orders);
  const r = recordingRenderer();
  return { ...q, ...r, d: { queries: q.queries, renderer: r.renderer, tx: new DirectTransactionRunner(), clock: new FixedClock() } };
};

describe('unit: the printed documents over canned orders', () => {
  it('the orders PDF: refuses no ids and too many; a vendedor prints only their own; totals to the cent; only printed orders are marked', async () => {
    const t = deps([
      order(1, null, [[3, 10.005]]),
      order(2, null, [
        [1, 5],
        [2, 2.5],
      ]),
    ]);
    const pdf = new GenerateOrdersPdf(t.d);
    const none = await pdf.execute({ ids: [], viewer: { username: 'admin', rol: 'admin' } });
    expect(!none.ok && none.error.code).to.equal('PRINT_INVALID');
    const many = await pdf.execute({
      ids: Array.from({ length: MAX_PRINTED_ORDERS + 1 }, (_, i) => i + 1),
      viewer: { username: 'admin', rol: 'admin' },
    });
    expect(!many.ok && many.error.code).to.equal('PRINT_INVALID');
    const r = await pdf.execute({ ids: [1, 2, 2, 99], viewer: { username: 'vendedor1', rol: 'vendedor' } });
    if (!r.ok) throw new Error(r.error.message);
    expect(t.calls.scope).to.equal('vendedor1');
    expect(r.value.printed).to.deep.equal([1, 2]);
    expect(t.calls.marked).to.deep.equal([1, 2]);
    expect(r.value.filename).to.equal('pedidos_20260210_150405.pdf');
    expect(t.seen.orders!.generatedAt).to.equal('10/02/2026 15:04');
    expect(t.seen.orders!.orders.map((o) => [o.id, o.placedAt, o.total])).to.deep.equal([
      [1, '10/02/2026 15:04', 30.02],
      [2, '10/02/2026 15:04', 10],
    ]);
  });

  it('the route sheet: needs a driver; stops grouped by zone (no zone → "Sin Zona"), numbered across zones, with totals', async () => {
    const t = deps([order(1, 'Centro', [[1, 100]]), order(2, null, [[2, 50]]), order(3, ' Centro ', [[1, 0.5]])]);
    const sheet = new GenerateRouteSheet(t.d);
    const none = await sheet.execute({ driver: '  ', zone: null, viewer: { username: 'admin', rol: 'admin' } });
    expect(!none.ok && none.error.code).to.equal('PRINT_INVALID');
    const r = await sheet.execute({ driver: 'Juan', zone: '', viewer: { username: 'admin', rol: 'admin' } });
    expect(r.ok && r.value.orders).to.equal(3);
    expect(t.calls.scope).to.equal(null);
    const zones = t.seen.route!.zones.map((z) => [z.zone, z.stops.map((s) => [s.n, s.address, s.total])]);
    expect(zones).to.deep.equal([
      [
        'Centro',
        [
          [1, 'Sin dirección', 100],
          [2, 'Sin dirección', 0.5],
        ],
      ],
      ['Sin Zona', [[3, 'Sin dirección', 100]]],
    ]);
    expect(t.seen.route!.total).to.equal(200.5);
  });
});
