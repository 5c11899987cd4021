import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { DashboardQueries, OrderWindow } from '../../../../src/application/dashboard/dashboard.ports';
import { DashboardMetrics, OrdersPerDay, SalesStatistics } from '../../../../src/application/dashboard/dashboard.use-cases';
import { salesStatisticsView, stockAlertsView } from '../../../../src/interfaces/http/dashboard/dashboard.views';
import { FixedClock } from '../../../fakes/in-memory-auth';

/** Canned read models, recording the windows asked for. */
function stub(over: Partial<DashboardQueries> = {}) {
  const windows: OrderWindow[] = [];
  const queries: DashboardQueries = {
    counts: async (today, month) => (windows.push(today, month), { clients: 1, products: 2, today: 0, month: 3, pending: 1, lowStock: 0 }),
    topProducts: async () => [],
    ordersPerHour: async (w) => (windows.push(w), []),
    lowStock: async () => [],
    bySeller: async () => [],
    byDevice: async () => [],
    productSales: async () => [],
    categorySales: async () => [],
    ...over,
  };
  return { queries, windows };
}
// 01:30 on 1 December in Montevideo.
const clock = new FixedClock(DateTime.fromISO('2026-12-01T04:30:00Z', { zone: 'utc' }));

describe('unit: the dashboard over canned read models', () => {
  it('windows start at midnight in Montevideo and carry the PEDIDOS_DESDE floor', async () => {
    const s = stub();
    await new DashboardMetrics({ queries: s.queries, clock, ordersFrom: '2026-01-01' }).execute();
    expect(s.windows).to.deep.equal([
      { fromUtc: '2026-12-01T03:00:00', toUtc: null, floor: '2026-01-01' },
      { fromUtc: '2026-11-01T03:00:00', toUtc: null, floor: '2026-01-01' },
    ]);
  });

  it('UTC hours are folded into shop days, ascending; money rounded only for display', async () => {
    const hours = [
      { hour: '2026-12-01T02', orders: 1, amount: 10.004 }, // 30 November in Montevideo
      { hour: '2026-12-01T12', orders: 2, amount: 20 },
      { hour: '2026-11-30T15', orders: 1, amount: 0.003 },
    ];
    const s = stub({ ordersPerHour: async () => hours });
    expect(await new OrdersPerDay({ queries: s.queries, clock, ordersFrom: null }).execute({ days: 7 })).to.deep.equal([
      { day: '2026-11-30', orders: 2, amount: 10.007 },
      { day: '2026-12-01', orders: 2, amount: 20 },
    ]);
    const stats = await new SalesStatistics({ queries: s.queries, clock, ordersFrom: null }).execute({ days: 7 });
    expect(salesStatisticsView(stats).por_dia).to.deep.equal([
      { fecha: '2026-11-30', pedidos: 2, monto: 10.01 },
      { fecha: '2026-12-01', pedidos: 2, monto: 20 },
    ]);
  });

  it('a stock alert prints a REAL as the original did (10.0), an INTEGER without decimals', () => {
    const [a] = stockAlertsView([{ id: 1, name: 'Asado', stock: 2, minStock: 10, stockIsReal: false, minStockIsReal: true }]);
    expect(a!.mensaje).to.equal('⚠️ Asado: stock 2 (mínimo: 10.0)');
  });
});
