import { DateTime } from 'luxon';
import { Result, ok, err } from '../../domain/shared/result';
import { DomainError, domainError } from '../../domain/shared/domain-error';
import { SHOP_ZONE } from '../../domain/shared/shop-time';
import type { Clock } from '../shared/shared.ports';
import type { OrderWindow } from '../dashboard/dashboard.ports';
import { ReportQueries } from './reports.ports';

export interface ReportsDeps {
  readonly queries: ReportQueries;
  readonly clock: Clock;
}

type BadRange = DomainError<'REPORT_BAD_RANGE'>;

const naiveUtc = (dt: DateTime): string => dt.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss");
const money = (x: number): number => Math.round(x * 100) / 100;
const today = (d: ReportsDeps): DateTime => d.clock.now().setZone(SHOP_ZONE).startOf('day');
/** Shop days [from, to], both inclusive, as a window of UTC strings. */
const days = (from: DateTime, to: DateTime): OrderWindow => ({ fromUtc: naiveUtc(from.startOf('day')), toUtc: naiveUtc(to.startOf('day').plus({ days: 1 })), floor: null });
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
function range(d: ReportsDeps, input: { desde: string | null; hasta: string | null }): Result<{ desde: string; hasta: string; w: OrderWindow }, BadRange> {
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

/** GET /api/reportes/ventas (§13.6.1). */
export class SalesReport {
  constructor(private readonly d: ReportsDeps) {}
  async execute(input: { desde: string | null; hasta: string | null }) {
    const r = range(this.d, input);
    if (!r.ok) return r;
    const { w } = r.value;
    const [t, productos, clientes] = await Promise.all([this.d.queries.totals(w), this.d.queries.topProducts(w, 10), this.d.queries.topClients(w, 10)]);
    return ok({
      desde: r.value.desde,
      hasta: r.value.hasta,
      totales: { pedidos: t.pedidos, ventas: money(t.ventas) },
      top_productos: productos.map((p) => ({ ...p, total_vendido: money(p.total_vendido) })),
      top_clientes: clientes.map((c) => ({ ...c, total_compras: money(c.total_compras) })),
    });
  }
}

/** GET /api/reportes/inventario (§13.6.2); "without movement" = no order in the last 30 shop days. */
export class InventoryReport {
  constructor(private readonly d: ReportsDeps) {}
  async execute() {
    const [resumen, bajo, sin, productos] = await Promise.all([
      this.d.queries.inventorySummary(),
      this.d.queries.lowStock(),
      this.d.queries.unsold(sinceDaysAgo(this.d, 30), 20),
      this.d.queries.products(),
    ]);
    return {
      resumen: { ...resumen, valor_inventario: money(resumen.valor_inventario) },
      bajo_stock: bajo,
      sin_movimiento: sin.map((p) => ({ ...p, ultima_venta: null })),
      productos,
    };
  }
}

/** GET /api/reportes/clientes (§13.6.3) with distinct order counts; days are shop days. */
export class ClientsReport {
  constructor(private readonly d: ReportsDeps) {}
  async execute() {
    const [rows, activos] = await Promise.all([this.d.queries.clients(), this.d.queries.activeClients(sinceDaysAgo(this.d, 30))]);
    const limit = today(this.d).minus({ days: 60 }).toISODate()!;
    const clientes = rows
      .map((c) => ({
        id: c.id, nombre: c.nombre, telefono: c.telefono, direccion: c.direccion, total_pedidos: c.total_pedidos, total_gastado: money(c.total_gastado),
        ultimo_pedido: c.ultimo_fecha ? shopTime(c.ultimo_fecha).toISODate() : null,
      }))
      .sort((a, b) => b.total_gastado - a.total_gastado || a.id - b.id);
    const inactivos = clientes.filter((c) => c.ultimo_pedido !== null && c.ultimo_pedido < limit);
    const ranking = [...clientes].sort((a, b) => b.total_pedidos - a.total_pedidos).slice(0, 10).map((c) => ({ ...c, total_compras: c.total_gastado }));
    return {
      resumen: { total_clientes: clientes.length, clientes_activos: activos, clientes_inactivos: inactivos.length },
      clientes,
      ranking,
      inactivos: inactivos.slice(0, 20),
    };
  }
}

/**
 * GET /api/reportes/productos (§13.6.4, its recommendation): the range restricts the quantities;
 * `total_vendido` is units as the screen shows it, money is `total_facturado`, `veces_pedido` the
 * distinct orders; plus `resumen`.
 */
export class ProductsReport {
  constructor(private readonly d: ReportsDeps) {}
  async execute(input: { desde: string | null; hasta: string | null }) {
    const r = range(this.d, input);
    if (!r.ok) return r;
    const rows = await this.d.queries.productSales(r.value.w);
    const productos = rows.map((p) => ({
      id: p.id, nombre: p.nombre, precio: p.precio, stock: p.stock, categoria: p.categoria,
      cantidad_vendida: p.cantidad, total_vendido: p.cantidad, total_facturado: money(p.monto), num_pedidos: p.pedidos, veces_pedido: p.pedidos,
    }));
    const sold = productos.filter((p) => p.cantidad_vendida > 0);
    const unsold = productos.filter((p) => p.cantidad_vendida === 0);
    const categories = new Map<string, { categoria: string; num_productos: number; cantidad_vendida: number; total_vendido: number; total_facturado: number }>();
    for (const p of productos) {
      const c = categories.get(p.categoria) ?? { categoria: p.categoria, num_productos: 0, cantidad_vendida: 0, total_vendido: 0, total_facturado: 0 };
      c.num_productos += 1;
      c.cantidad_vendida += p.cantidad_vendida;
      c.total_vendido += p.cantidad_vendida;
      c.total_facturado += p.total_facturado;
      categories.set(p.categoria, c);
    }
    return ok({
      desde: r.value.desde,
      hasta: r.value.hasta,
      resumen: {
        productos_vendidos: sold.length,
        unidades_totales: sold.reduce((s, p) => s + p.cantidad_vendida, 0),
        total_productos: productos.length,
        sin_ventas_periodo: unsold.length,
      },
      productos,
      mas_vendidos: sold.slice(0, 10),
      sin_ventas: unsold.filter((p) => (p.stock ?? 0) > 0).sort((a, b) => (b.stock ?? 0) - (a.stock ?? 0) || a.nombre.localeCompare(b.nombre)).slice(0, 50),
      por_categoria: [...categories.values()].map((c) => ({ ...c, total_facturado: money(c.total_facturado) })).sort((a, b) => b.total_facturado - a.total_facturado || a.categoria.localeCompare(b.categoria)),
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
      if (t.isValid) weekday[t.weekday % 7]! += h.pedidos;
    }
    const hour = new Array<number>(24).fill(0);
    for (const h of weekHours) {
      const t = shopTime(h.hour);
      if (t.isValid) hour[t.hour]! += h.pedidos;
    }
    const porEstado: Record<string, number> = {};
    for (const s of states) porEstado[s.estado ?? 'null'] = s.cantidad;
    return {
      resumen: {
        promedio_items_pedido: t.pedidos ? Math.round((t.lineas / t.pedidos) * 10) / 10 : 0,
        ticket_promedio: t.pedidos ? money(t.ventas / t.pedidos) : 0,
      },
      metricas: {
        tiempo_promedio_generacion_horas: toPdf === null ? 0 : Math.round(toPdf * 10) / 10,
        tasa_pedidos_con_cliente: t.pedidos ? Math.round((t.con_cliente / t.pedidos) * 1000) / 10 : 100,
      },
      por_estado: porEstado,
      por_dia_semana: weekday.flatMap((n, i) => (n > 0 ? [{ dia: WEEKDAYS[i]!, total_pedidos: n }] : [])),
      por_hora: hour.flatMap((n, h) => (n > 0 ? [{ hora: `${String(h).padStart(2, '0')}:00`, total_pedidos: n }] : [])),
      usuarios_activos: sellers.map((s) => ({ ...s, total_vendido: money(s.total_vendido) })),
    };
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const variation = (now: number, before: number): number => (before === 0 ? (now > 0 ? 100 : 0) : Math.round(((now - before) / before) * 1000) / 10);

/** GET /api/reportes/comparativo (§13.6.6) over true calendar months of the shop's calendar. */
export class ComparisonReport {
  constructor(private readonly d: ReportsDeps) {}
  async execute() {
    const day0 = today(this.d);
    const firstMonth = day0.startOf('month').minus({ months: 5 });
    const hours = await this.d.queries.hours(days(firstMonth, day0));
    const byDay = new Map<string, { pedidos: number; facturado: number }>();
    for (const h of hours) {
      const key = shopTime(h.hour).toISODate();
      if (!key) continue;
      const acc = byDay.get(key) ?? { pedidos: 0, facturado: 0 };
      acc.pedidos += h.pedidos;
      acc.facturado += h.monto;
      byDay.set(key, acc);
    }
    const sum = (from: string, to: string) => {
      let pedidos = 0;
      let facturado = 0;
      for (const [k, v] of byDay) if (k >= from && k <= to) (pedidos += v.pedidos), (facturado += v.facturado);
      return { pedidos, facturado: money(facturado) };
    };
    const iso = (dt: DateTime) => dt.toISODate()!;
    const esteMes = sum(iso(day0.startOf('month')), iso(day0));
    const prev = day0.startOf('month').minus({ months: 1 });
    const mesAnterior = sum(iso(prev), iso(prev.endOf('month')));
    const week = iso(day0.minus({ days: 7 }));
    const ultimos7 = [...byDay.entries()]
      .filter(([k]) => k >= week)
      .sort(([a], [b]) => (a < b ? 1 : -1))
      .map(([dia, v]) => ({ dia, pedidos: v.pedidos, facturado: money(v.facturado) }));
    const meses = [0, 1, 2, 3, 4, 5].map((i) => {
      const m = firstMonth.plus({ months: i });
      return { mes: `${MONTHS[m.month - 1]} ${m.year}`, ...sum(iso(m), iso(m.endOf('month'))) };
    });
    return {
      mensual: {
        este_mes: esteMes,
        mes_anterior: mesAnterior,
        variacion_pedidos: variation(esteMes.pedidos, mesAnterior.pedidos),
        variacion_facturado: variation(esteMes.facturado, mesAnterior.facturado),
      },
      ultimos_7_dias: ultimos7,
      ultimos_6_meses: meses,
    };
  }
}
