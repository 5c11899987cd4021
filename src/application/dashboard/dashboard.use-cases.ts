import { DateTime } from 'luxon';
import { SHOP_ZONE, shopDay } from '../../domain/shared/shop-time';
import type { Clock } from '../shared/shared.ports';
import { OrderWindow, DashboardQueries } from './dashboard.ports';

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
function shopDays(hours: { hour: string; pedidos: number; monto: number }[]): { fecha: string; pedidos: number; monto: number }[] {
  const days = new Map<string, { pedidos: number; monto: number }>();
  for (const h of hours) {
    const day = shopDay(DateTime.fromISO(`${h.hour}:00:00`, { zone: 'utc' }));
    const acc = days.get(day) ?? { pedidos: 0, monto: 0 };
    acc.pedidos += h.pedidos;
    acc.monto += h.monto;
    days.set(day, acc);
  }
  return [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([fecha, v]) => ({ fecha, pedidos: v.pedidos, monto: Math.round(v.monto * 100) / 100 }));
}

/** Python's str() of a number as the original printed it: a REAL always has a decimal part. */
const py = (x: number, real: boolean): string => (real && Number.isInteger(x) ? `${x}.0` : String(x));

/** GET /api/dashboard/metrics (§13.7.1, with the window and floor applied to top_productos). */
export class DashboardMetrics {
  constructor(private readonly d: DashboardDeps) {}
  async execute() {
    const today = lastDays(this.d, 0);
    const month = lastDays(this.d, 30);
    const [c, top] = await Promise.all([this.d.queries.counts(today, month, DASHBOARD_OPEN_STATES), this.d.queries.topProducts(month, 5)]);
    return {
      total_clientes: c.clientes, total_productos: c.productos, pedidos_hoy: c.hoy, stock_bajo_count: c.stockBajo,
      pedidos_pendientes: c.pendientes, pedidos_mes: c.mes, top_productos: top,
    };
  }
}

/** GET /api/dashboard/pedidos_por_dia (§13.7.2): shop days with orders, ascending. */
export class OrdersPerDay {
  constructor(private readonly d: DashboardDeps) {}
  async execute(input: { days: number }) {
    return shopDays(await this.d.queries.ordersPerHour(lastDays(this.d, input.days))).map((x) => ({ fecha: x.fecha, cantidad: x.pedidos }));
  }
}

/** GET /api/dashboard/alertas (§13.7.3). */
export class StockAlerts {
  constructor(private readonly d: DashboardDeps) {}
  async execute() {
    return (await this.d.queries.lowStock(10)).map((p) => ({
      tipo: 'stock_bajo', producto_id: p.id, producto: p.nombre, stock_actual: p.stock, stock_minimo: p.stock_minimo,
      mensaje: `⚠️ ${p.nombre}: stock ${py(p.stock, p.stock_is_real)} (mínimo: ${py(p.stock_minimo, p.minimo_is_real)})`,
    }));
  }
}

/** GET /api/estadisticas/usuarios (§13.8.1): orders per seller (as `vendedor` and `usuario`) and per real device. */
export class UserStatistics {
  constructor(private readonly d: DashboardDeps) {}
  async execute() {
    const w = lastDays(this.d, 30);
    const [sellers, devices] = await Promise.all([this.d.queries.bySeller(w, 10), this.d.queries.byDevice(w)]);
    const porVendedor = sellers.map((s) => ({ vendedor: s.vendedor, usuario: s.vendedor, cantidad: s.cantidad }));
    return { por_vendedor: porVendedor, por_dispositivo: devices, por_hora: [], usuarios_activos: porVendedor.slice(0, 5) };
  }
}

/** GET /api/estadisticas/ventas (§13.8.2): per shop day (distinct orders and money), top products, categories. */
export class SalesStatistics {
  constructor(private readonly d: DashboardDeps) {}
  async execute(input: { days: number }) {
    const w = lastDays(this.d, input.days);
    const [hours, top, categories] = await Promise.all([this.d.queries.ordersPerHour(w), this.d.queries.productSales(w, 10), this.d.queries.categorySales(w)]);
    return { por_dia: shopDays(hours), top_productos: top, por_categoria: categories };
  }
}
