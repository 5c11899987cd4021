import { DateTime } from 'luxon';
import { SHOP_ZONE, shopDay } from '../../domain/shared/shop-time';
import type { Clock } from '../shared/shared.ports';
import { type OrderWindow, type DashboardQueries } from './dashboard.ports';

export interface DashboardDeps {
  readonly queries: DashboardQueries;
  readonly clock: Clock;
  /** PEDIDOS_DESDE (`YYYY-MM-DD`), or null. */
  readonly ordersFrom: string | null;
}

/** States counted as "pending" on the dashboard: the open ones, current and legacy spellings (§13.7.1). */
export const DASHBOARD_OPEN_STATES = ['pendiente', 'Pendiente', 'preparando', 'En Preparación', 'Listo', 'listo', 'confirmado'];

const naiveUtc = (dt: DateTime): string => dt.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss");

/** The shop days from `days` ago until the end of today, as a window of UTC strings. */
function lastDays(d: DashboardDeps, days: number): OrderWindow {
  const startOfToday = d.clock.now().setZone(SHOP_ZONE).startOf('day');
  return { fromUtc: naiveUtc(startOfToday.minus({ days })), toUtc: null, floor: d.ordersFrom };
}

/** Folds UTC-hour buckets into shop days, ascending, only days with orders. */
function shopDays(hours: { hour: string; orders: number; amount: number }[]): { day: string; orders: number; amount: number }[] {
  const days = new Map<string, { orders: number; amount: number }>();
  for (const h of hours) {
    const day = shopDay(DateTime.fromISO(`${h.hour}:00:00`, { zone: 'utc' }));
    const acc = days.get(day) ?? { orders: 0, amount: 0 };
    acc.orders += h.orders;
    acc.amount += h.amount;
    days.set(day, acc);
  }
  return [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, v]) => ({ day, ...v }));
}

/** GET /api/dashboard/metrics (§13.7.1, with the window and floor applied to the top products). */
export class DashboardMetrics {
  constructor(private readonly d: DashboardDeps) {}
  async execute() {
    const today = lastDays(this.d, 0);
    const month = lastDays(this.d, 30);
    const [counts, topProducts] = await Promise.all([
      this.d.queries.counts(today, month, DASHBOARD_OPEN_STATES),
      this.d.queries.topProducts(month, 5),
    ]);
    return { counts, topProducts };
  }
}

/** GET /api/dashboard/pedidos_por_dia (§13.7.2): shop days with orders, ascending. */
export class OrdersPerDay {
  constructor(private readonly d: DashboardDeps) {}
  async execute(input: { days: number }) {
    return shopDays(await this.d.queries.ordersPerHour(lastDays(this.d, input.days)));
  }
}

/** GET /api/dashboard/alertas (§13.7.3): the ten products furthest below their minimum. */
export class StockAlerts {
  constructor(private readonly d: DashboardDeps) {}
  execute() {
    return this.d.queries.lowStock(10);
  }
}

/** GET /api/estadisticas/usuarios (§13.8.1): orders per seller and per real device in the last 30 days. */
export class UserStatistics {
  constructor(private readonly d: DashboardDeps) {}
  async execute() {
    const w = lastDays(this.d, 30);
    const [bySeller, byDevice] = await Promise.all([this.d.queries.bySeller(w, 10), this.d.queries.byDevice(w)]);
    return { bySeller, byDevice };
  }
}

/** GET /api/estadisticas/ventas (§13.8.2): per shop day (distinct orders and money), top products, categories. */
export class SalesStatistics {
  constructor(private readonly d: DashboardDeps) {}
  async execute(input: { days: number }) {
    const w = lastDays(this.d, input.days);
    const [hours, topProducts, byCategory] = await Promise.all([
      this.d.queries.ordersPerHour(w),
      this.d.queries.productSales(w, 10),
      this.d.queries.categorySales(w),
    ]);
    return { byDay: shopDays(hours), topProducts, byCategory };
  }
}
