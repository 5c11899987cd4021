import { DateTime } from 'luxon';
import { type Result, ok, err } from '../../domain/shared/result';
import { type DomainError, domainError } from '../../domain/shared/domain-error';
import { SHOP_ZONE } from '../../domain/shared/shop-time';
import type { Clock } from '../shared/shared.ports';
import type { OrderWindow } from '../dashboard/dashboard.ports';
import { type ReportQueries } from './reports.ports';
import { toCents } from '../../domain/shared/money';

export interface ReportsDeps {
  readonly queries: ReportQueries;
  readonly clock: Clock;
}

type BadRange = DomainError<'REPORT_BAD_RANGE'>;

const naiveUtc = (dt: DateTime): string => dt.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss");
const today = (d: ReportsDeps): DateTime => d.clock.now().setZone(SHOP_ZONE).startOf('day');
/** Shop days [from, to], both inclusive, as a window of UTC strings. */
const days = (from: DateTime, to: DateTime): OrderWindow => ({
  fromUtc: naiveUtc(from.startOf('day')),
  toUtc: naiveUtc(to.startOf('day').plus({ days: 1 })),
  floor: null,
});
const sinceDaysAgo = (d: ReportsDeps, n: number): OrderWindow => days(today(d).minus({ days: n }), today(d));
/** A stored UTC `fecha` (or its `YYYY-MM-DDTHH` prefix; legacy rows may hold only the date) in shop time. */
const shopTime = (fecha: string): DateTime => {
  const hour = fecha.length >= 13 ? fecha.slice(0, 13).replace(' ', 'T') : `${fecha.slice(0, 10)}T00`;
  return DateTime.fromISO(`${hour}:00:00`, { zone: 'utc' }).setZone(SHOP_ZONE);
};

/**
 * `desde`/`hasta` as shop days (`YYYY-MM-DD`), by default the last 30 days; a malformed date or a
 * range that ends before it starts is refused rather than silently answered empty.
 */
function range(
  d: ReportsDeps,
  input: { desde: string | null; hasta: string | null },
): Result<{ desde: string; hasta: string; w: OrderWindow }, BadRange> {
  const parse = (v: string | null, fallback: DateTime, name: string): DateTime | BadRange => {
    if (v === null || v === '') return fallback;
    const dt = /^\d{4}-\d{2}-\d{2}$/.test(v) ? DateTime.fromISO(v, { zone: SHOP_ZONE }) : null;
    return dt && dt.isValid ? dt : domainError('REPORT_BAD_RANGE', `${name} debe ser una fecha con formato AAAA-MM-DD`);
  };
  const from = parse(input.desde, today(d).minus({ days: 30 }), 'desde');
  if (!DateTime.isDateTime(from)) return err(from);
  const to = parse(input.hasta, today(d), 'hasta');
  if (!DateTime.isDateTime(to)) return err(to);
  if (to < from) return err(domainError('REPORT_BAD_RANGE', 'hasta no puede ser anterior a desde'));
  return ok({ desde: from.toISODate()!, hasta: to.toISODate()!, w: days(from, to) });
}

/** GET /api/reportes/ventas (§13.6.1): totals and the top ten products and clients of the range. */
export class SalesReport {
  constructor(private readonly d: ReportsDeps) {}
  async execute(input: { desde: string | null; hasta: string | null }) {
    const r = range(this.d, input);
    if (!r.ok) return r;
    const { w } = r.value;
    const [totals, topProducts, topClients] = await Promise.all([
      this.d.queries.totals(w),
      this.d.queries.topProducts(w, 10),
      this.d.queries.topClients(w, 10),
    ]);
    return ok({ from: r.value.desde, to: r.value.hasta, totals, topProducts, topClients });
  }
}

/** GET /api/reportes/inventario (§13.6.2); "without movement" = no order in the last 30 shop days. */
export class InventoryReport {
  constructor(private readonly d: ReportsDeps) {}
  async execute() {
    const [summary, lowStock, unsold, products] = await Promise.all([
      this.d.queries.inventorySummary(),
      this.d.queries.lowStock(),
      this.d.queries.unsold(sinceDaysAgo(this.d, 30), 20),
      this.d.queries.products(),
    ]);
    return { summary, lowStock, unsold, products };
  }
}

/**
 * GET /api/reportes/clientes (§13.6.3) with distinct order counts; days are shop days. Clients by
 * money spent (to the cent); the ranking by orders; inactive: a last order over 60 days ago.
 */
export class ClientsReport {
  constructor(private readonly d: ReportsDeps) {}
  async execute() {
    const [rows, activeClients] = await Promise.all([this.d.queries.clients(), this.d.queries.activeClients(sinceDaysAgo(this.d, 30))]);
    const limit = today(this.d).minus({ days: 60 }).toISODate()!;
    const clients = rows
      .map((c) => ({
        id: c.id,
        name: c.name,
        phone: c.phone,
        address: c.address,
        orderCount: c.orderCount,
        amountSpent: toCents(c.amountSpent),
        lastOrderDay: c.lastOrderAt ? shopTime(c.lastOrderAt).toISODate() : null,
      }))
      .sort((a, b) => b.amountSpent - a.amountSpent || a.id - b.id);
    const inactive = clients.filter((c) => c.lastOrderDay !== null && c.lastOrderDay < limit);
    const ranking = [...clients].sort((a, b) => b.orderCount - a.orderCount).slice(0, 10);
    return { activeClients, clients, ranking, inactive };
  }
}

/**
 * GET /api/reportes/productos (§13.6.4, its recommendation): the range restricts the quantities;
 * money per product to the cent, categories summed from those; plus the summary counts.
 */
export class ProductsReport {
  constructor(private readonly d: ReportsDeps) {}
  async execute(input: { desde: string | null; hasta: string | null }) {
    const r = range(this.d, input);
    if (!r.ok) return r;
    const rows = await this.d.queries.productSales(r.value.w);
    const products = rows.map((p) => ({ ...p, amount: toCents(p.amount) }));
    const sold = products.filter((p) => p.quantity > 0);
    const unsold = products.filter((p) => p.quantity === 0);
    const categories = new Map<string, { category: string; productCount: number; quantity: number; amount: number }>();
    for (const p of products) {
      const c = categories.get(p.category) ?? { category: p.category, productCount: 0, quantity: 0, amount: 0 };
      c.productCount += 1;
      c.quantity += p.quantity;
      c.amount += p.amount;
      categories.set(p.category, c);
    }
    return ok({
      from: r.value.desde,
      to: r.value.hasta,
      summary: {
        productsSold: sold.length,
        unitsSold: sold.reduce((s, p) => s + p.quantity, 0),
        productCount: products.length,
        unsoldInRange: unsold.length,
      },
      products,
      bestSellers: sold.slice(0, 10),
      unsoldInStock: unsold
        .filter((p) => (p.stock ?? 0) > 0)
        .sort((a, b) => (b.stock ?? 0) - (a.stock ?? 0) || a.name.localeCompare(b.name))
        .slice(0, 50),
      byCategory: [...categories.values()]
        .map((c) => ({ ...c, amount: toCents(c.amount) }))
        .sort((a, b) => b.amount - a.amount || a.category.localeCompare(b.category)),
    });
  }
}

const WEEKDAYS = ['Domingo', 'Lunes', 'Martes', 'Miércoles', 'Jueves', 'Viernes', 'Sábado'];

/**
 * GET /api/reportes/rendimiento (§13.6.5): distinct orders per seller, weekday and hour buckets in
 * shop time, and the two metrics computed for real.
 */
export class PerformanceReport {
  constructor(private readonly d: ReportsDeps) {}
  async execute() {
    const month = sinceDaysAgo(this.d, 30);
    const week = sinceDaysAgo(this.d, 7);
    const [t, monthHours, weekHours, states, sellers, toPdf] = await Promise.all([
      this.d.queries.totals(month),
      this.d.queries.hours(month),
      this.d.queries.hours(week),
      this.d.queries.byState(month),
      this.d.queries.bySeller(month),
      this.d.queries.hoursToPdf(month),
    ]);
    const weekday = new Array<number>(7).fill(0);
    for (const h of monthHours) {
      const t = shopTime(h.hour);
      if (t.isValid) weekday[t.weekday % 7]! += h.orders;
    }
    const hour = new Array<number>(24).fill(0);
    for (const h of weekHours) {
      const t = shopTime(h.hour);
      if (t.isValid) hour[t.hour]! += h.orders;
    }
    const byState: Record<string, number> = {};
    for (const s of states) byState[s.state ?? 'null'] = s.count;
    return {
      averageLinesPerOrder: t.orders ? Math.round((t.lines / t.orders) * 10) / 10 : 0,
      averageTicket: t.orders ? toCents(t.sales / t.orders) : 0,
      averageHoursToPdf: toPdf === null ? 0 : Math.round(toPdf * 10) / 10,
      percentWithClient: t.orders ? Math.round((t.withClient / t.orders) * 1000) / 10 : 100,
      byState,
      byWeekday: weekday.flatMap((n, i) => (n > 0 ? [{ day: WEEKDAYS[i]!, orders: n }] : [])),
      byHour: hour.flatMap((n, h) => (n > 0 ? [{ hour: `${String(h).padStart(2, '0')}:00`, orders: n }] : [])),
      sellers,
    };
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const variation = (now: number, before: number): number =>
  before === 0 ? (now > 0 ? 100 : 0) : Math.round(((now - before) / before) * 1000) / 10;

/** GET /api/reportes/comparativo (§13.6.6) over true calendar months of the shop's calendar. */
export class ComparisonReport {
  constructor(private readonly d: ReportsDeps) {}
  async execute() {
    const day0 = today(this.d);
    const firstMonth = day0.startOf('month').minus({ months: 5 });
    const hours = await this.d.queries.hours(days(firstMonth, day0));
    const byDay = new Map<string, { orders: number; billed: number }>();
    for (const h of hours) {
      const key = shopTime(h.hour).toISODate();
      if (!key) continue;
      const acc = byDay.get(key) ?? { orders: 0, billed: 0 };
      acc.orders += h.orders;
      acc.billed += h.amount;
      byDay.set(key, acc);
    }
    const sum = (from: string, to: string) => {
      let orders = 0;
      let billed = 0;
      for (const [k, v] of byDay) {
        if (k >= from && k <= to) {
          orders += v.orders;
          billed += v.billed;
        }
      }
      return { orders, billed: toCents(billed) };
    };
    const iso = (dt: DateTime) => dt.toISODate()!;
    const thisMonth = sum(iso(day0.startOf('month')), iso(day0));
    const prev = day0.startOf('month').minus({ months: 1 });
    const lastMonth = sum(iso(prev), iso(prev.endOf('month')));
    const week = iso(day0.minus({ days: 7 }));
    const last7Days = [...byDay.entries()]
      .filter(([k]) => k >= week)
      .sort(([a], [b]) => (a < b ? 1 : -1))
      .map(([day, v]) => ({ day, orders: v.orders, billed: toCents(v.billed) }));
    const last6Months = [0, 1, 2, 3, 4, 5].map((i) => {
      const m = firstMonth.plus({ months: i });
      return { month: `${MONTHS[m.month - 1]} ${m.year}`, ...sum(iso(m), iso(m.endOf('month'))) };
    });
    return {
      thisMonth,
      lastMonth,
      ordersChange: variation(thisMonth.orders, lastMonth.orders),
      billedChange: variation(thisMonth.billed, lastMonth.billed),
      last7Days,
      last6Months,
    };
  }
}
