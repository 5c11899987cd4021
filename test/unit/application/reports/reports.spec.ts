import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { ReportQueries } from '../../../../src/application/reports/reports.ports';
import { ClientsReport, ComparisonReport, ProductsReport, SalesReport } from '../../../../src/application/reports/reports.use-cases';
import { FixedClock } from '../../../fakes/in-memory-auth';

/** Canned read models: the use cases' arithmetic is what is under test (the SQL has its integration tests). */
function queries(over: Partial<ReportQueries>): ReportQueries {
  const none = async () => [];
  return {
    totals: async () => ({ orders: 0, sales: 0, lines: 0, withClient: 0 }),
    topProducts: none,
    topClients: none,
    inventorySummary: async () => ({ productCount: 0, totalStock: 0, inventoryValue: 0, lowStockCount: 0 }),
    lowStock: none,
    unsold: none,
    products: none,
    clients: none,
    activeClients: async () => 0,
    productSales: none,
    hours: none,
    byState: none,
    bySeller: none,
    hoursToPdf: async () => null,
    ...over,
  };
}
// 2026-12-01 12:00 in Montevideo.
const clock = new FixedClock(DateTime.fromISO('2026-12-01T15:00:00Z', { zone: 'utc' }));

describe('unit: the report use cases over canned read models', () => {
  it('a malformed or reversed range is refused, naming the field; the default is the last 30 shop days', async () => {
    let seen: unknown = null;
    const sales = new SalesReport({
      queries: queries({ totals: async (w) => ((seen = w), { orders: 0, sales: 0, lines: 0, withClient: 0 }) }),
      clock,
    });
    const bad = await sales.execute({ desde: '2026-13-01', hasta: null });
    expect(!bad.ok && bad.error.message).to.equal('desde debe ser una fecha con formato AAAA-MM-DD');
    const reversed = await sales.execute({ desde: '2026-11-10', hasta: '2026-11-01' });
    expect(!reversed.ok && reversed.error.message).to.equal('hasta no puede ser anterior a desde');
    const r = await sales.execute({ desde: null, hasta: null });
    expect(r.ok && [r.value.from, r.value.to]).to.deep.equal(['2026-11-01', '2026-12-01']);
    // Shop days in UTC: midnight in Montevideo is 03:00 UTC; the window ends the day after `hasta`.
    expect(seen).to.deep.equal({ fromUtc: '2026-11-01T03:00:00', toUtc: '2026-12-02T03:00:00', floor: null });
  });

  it('clients: by money to the cent, ranking by orders, inactive after 60 days without an order (shop days)', async () => {
    const rows = [
      { id: 1, name: 'A', phone: null, address: null, orderCount: 9, amountSpent: 100.004, lastOrderAt: '2026-11-30T12:00:00' },
      { id: 2, name: 'B', phone: null, address: null, orderCount: 2, amountSpent: 300, lastOrderAt: '2026-09-01T02:00:00' },
      { id: 3, name: 'C', phone: null, address: null, orderCount: 0, amountSpent: 0, lastOrderAt: null },
    ];
    const r = await new ClientsReport({ queries: queries({ clients: async () => rows, activeClients: async () => 1 }), clock }).execute();
    expect(r.clients.map((c) => [c.id, c.amountSpent])).to.deep.equal([
      [2, 300],
      [1, 100],
      [3, 0],
    ]);
    expect(r.ranking.map((c) => c.id)).to.deep.equal([1, 2, 3]);
    // 02:00 UTC on 1 September is still 31 August in Montevideo.
    expect(r.inactive.map((c) => [c.id, c.lastOrderDay])).to.deep.equal([[2, '2026-08-31']]);
    expect(r.activeClients).to.equal(1);
  });

  it('products: sold, unsold in stock and categories summed from the per-product cents', async () => {
    const p = (id: number, category: string, quantity: number, amount: number, stock: number) => ({
      id,
      name: `P${id}`,
      price: 10,
      stock,
      category,
      quantity,
      amount,
      orders: quantity ? 1 : 0,
    });
    const rows = [p(1, 'Carnes', 3, 10.005, 5), p(2, 'Carnes', 1, 0.004, 0), p(3, 'Fiambres', 0, 0, 7), p(4, 'Fiambres', 0, 0, 0)];
    const r = await new ProductsReport({ queries: queries({ productSales: async () => rows }), clock }).execute({
      desde: null,
      hasta: null,
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.summary).to.deep.equal({ productsSold: 2, unitsSold: 4, productCount: 4, unsoldInRange: 2 });
    expect(r.value.unsoldInStock.map((x) => x.id)).to.deep.equal([3]);
    expect(r.value.byCategory).to.deep.equal([
      { category: 'Carnes', productCount: 2, quantity: 4, amount: 10.01 },
      { category: 'Fiambres', productCount: 2, quantity: 0, amount: 0 },
    ]);
  });

  it('comparison: calendar months of the shop, the last 7 days newest first, variation against last month', async () => {
    const hours = [
      { hour: '2026-12-01T13', orders: 2, amount: 100 },
      { hour: '2026-11-30T02', orders: 1, amount: 50 }, // 29 November in Montevideo
      { hour: '2026-11-15T12', orders: 1, amount: 50 },
      { hour: '2026-07-01T12', orders: 5, amount: 10 },
    ];
    const r = await new ComparisonReport({ queries: queries({ hours: async () => hours }), clock }).execute();
    expect(r.thisMonth).to.deep.equal({ orders: 2, billed: 100 });
    expect(r.lastMonth).to.deep.equal({ orders: 2, billed: 100 });
    expect([r.ordersChange, r.billedChange]).to.deep.equal([0, 0]);
    expect(r.last7Days.map((d) => d.day)).to.deep.equal(['2026-12-01', '2026-11-29']);
    expect(r.last6Months.map((m) => m.month)).to.deep.equal(['Jul 2026', 'Aug 2026', 'Sep 2026', 'Oct 2026', 'Nov 2026', 'Dec 2026']);
    expect(r.last6Months[0]).to.deep.include({ orders: 5, billed: 10 });
  });
});
