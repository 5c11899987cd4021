import { expect } from 'chai';
import { DateTime } from 'luxon';
import { startApp, login, callAs, expectError, type RunningApp } from '../support/http-app';

const ZONE = 'America/Montevideo';
const round2 = (x: number) => Math.round(x * 100) / 100;

interface Line {
  pedido_id: number;
  fecha: string;
  estado: string | null;
  cliente_id: number | null;
  creado_por: string | null;
  producto_id: number | null;
  cantidad: number | null;
  money: number;
}

/**
 * Every order with its lines, straight from the database, and the shop day of each: the reports'
 * figures are recomputed from these rows in plain JavaScript, independently of the app's SQL.
 */
async function orderLines(db: RunningApp): Promise<(Line & { day: string; local: DateTime })[]> {
  const rows = await db.query<Line>(
    'SELECT p.id AS pedido_id, p.fecha, p.estado, p.cliente_id, p.creado_por, d.producto_id, d.cantidad, ' +
      'COALESCE(d.cantidad * COALESCE(d.precio_unitario, pr.precio), 0) AS money FROM pedidos p LEFT JOIN detalles_pedido d ON d.pedido_id = p.id LEFT JOIN productos pr ON pr.id = d.producto_id',
  );
  return rows.map((r) => {
    const local = DateTime.fromISO(r.fecha.replace(' ', 'T'), { zone: 'utc' }).setZone(ZONE);
    return { ...r, local, day: local.toISODate()! };
  });
}

describe('e2e: reports over HTTP, checked against the order lines (copy of original-current.db)', function () {
  this.timeout(60_000);
  let app: RunningApp;
  let admin: string;
  before(async () => {
    app = await startApp({ fixture: 'original-current.db' });
    admin = await login(app, 'admin', 'friosur2026');
    // Orders placed now, so the windows that end today (rendimiento, comparativo, inventario) have data.
    for (const [cliente, items] of [
      [
        1,
        [
          { producto_id: 1, cantidad: 2 },
          { producto_id: 2, cantidad: 1.5 },
        ],
      ],
      [2, [{ producto_id: 1, cantidad: 3 }]],
      [1, [{ producto_id: 4, cantidad: 1 }]],
    ] as const) {
      const res = await call('POST', '/api/pedidos', { cliente_id: cliente, items });
      expect(res.status, await res.clone().text()).to.equal(200);
    }
    // A cancelled order still counts (§13.6), and an order from last month.
    await app.exec("UPDATE pedidos SET estado = 'cancelado' WHERE id = (SELECT max(id) FROM pedidos)");
    const lastMonth = DateTime.now()
      .setZone(ZONE)
      .startOf('month')
      .minus({ days: 3 })
      .set({ hour: 12 })
      .toUTC()
      .toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS000");
    await app.exec(`UPDATE pedidos SET fecha = '${lastMonth}' WHERE id = 1`);
    // The original's templates stored 'YYYY-MM-DD HH:MM:SS' (§1.11): at the edges of a Montevideo day range.
    await app.exec(
      "UPDATE pedidos SET fecha = '2026-02-07 05:00:00' WHERE id = 2; UPDATE pedidos SET fecha = '2026-02-03 05:00:00' WHERE id = 3; " +
        "UPDATE pedidos SET fecha = '2026-02-04 12:00:00' WHERE id = 4;",
    );
  });
  after(async () => app.close());
  const call = (method: string, path: string, body?: unknown, token = admin) => callAs(app, token, method, path, body);
  const get = async <T>(path: string): Promise<T> => {
    const res = await call('GET', path);
    expect(res.status, `${path}: ${await res.clone().text()}`).to.equal(200);
    return (await res.json()) as T;
  };

  it('ventas: distinct orders and money in the range of shop days, top products by units, top clients by money', async () => {
    const lines = (await orderLines(app)).filter((l) => l.day >= '2026-02-03' && l.day <= '2026-02-06');
    const r = await get<{
      desde: string;
      hasta: string;
      totales: { pedidos: number; ventas: number };
      top_productos: { id: number; cantidad_vendida: number; total_vendido: number }[];
      top_clientes: { id: number; total_pedidos: number; total_compras: number }[];
    }>('/api/reportes/ventas?desde=2026-02-03&hasta=2026-02-06');
    expect(r).to.include({ desde: '2026-02-03', hasta: '2026-02-06' });
    // 2026-02-03 02:00 in Montevideo is in; 2026-02-07 02:00 is out, whichever format stored them.
    expect(lines.map((l) => l.pedido_id))
      .to.include.members([3, 4])
      .and.not.include(2);
    expect(r.totales.pedidos)
      .to.equal(new Set(lines.map((l) => l.pedido_id)).size)
      .and.to.be.greaterThan(0);
    expect(r.totales.ventas).to.equal(round2(lines.reduce((s, l) => s + l.money, 0)));
    const units = new Map<number, number>();
    for (const l of lines) if (l.producto_id !== null) units.set(l.producto_id, (units.get(l.producto_id) ?? 0) + (l.cantidad ?? 0));
    expect(r.top_productos).to.have.length(10);
    expect(r.top_productos[0]!.cantidad_vendida).to.equal(Math.max(...units.values()));
    for (const p of r.top_productos) expect(p.cantidad_vendida).to.equal(units.get(p.id));
    const c0 = r.top_clientes[0]!;
    const mine = lines.filter((l) => l.cliente_id === c0.id);
    expect(c0.total_pedidos).to.equal(new Set(mine.map((l) => l.pedido_id)).size);
    expect(c0.total_compras).to.equal(round2(mine.reduce((s, l) => s + l.money, 0)));

    await expectError(await call('GET', '/api/reportes/ventas?desde=ayer'), 400, 'desde debe ser una fecha con formato AAAA-MM-DD');
    await expectError(
      await call('GET', '/api/reportes/ventas?desde=2026-02-10&hasta=2026-02-01'),
      400,
      'hasta no puede ser anterior a desde',
    );
    await expectError(await call('GET', '/api/reportes/ventas', undefined, await login(app, 'vendedor1', 'vendedor2026')), 403);
  });

  it('productos: the range restricts units, money and orders; total_vendido is units, total_facturado money; resumen and categories add up', async () => {
    const lines = (await orderLines(app)).filter((l) => l.day >= '2026-02-02' && l.day <= '2026-02-04');
    const r = await get<{
      resumen: { productos_vendidos: number; unidades_totales: number; total_productos: number; sin_ventas_periodo: number };
      productos: {
        id: number;
        total_vendido: number;
        cantidad_vendida: number;
        total_facturado: number;
        veces_pedido: number;
        num_pedidos: number;
      }[];
      mas_vendidos: { id: number }[];
      por_categoria: { total_vendido: number; total_facturado: number; num_productos: number }[];
    }>('/api/reportes/productos?desde=2026-02-02&hasta=2026-02-04');
    const [{ n }] = (await app.query<{ n: number }>('SELECT count(*) AS n FROM productos')) as [{ n: number }];
    expect(r.productos).to.have.length(n);
    for (const p of r.productos) {
      const mine = lines.filter((l) => l.producto_id === p.id);
      expect(p.total_vendido, `product ${p.id}`).to.equal(mine.reduce((s, l) => s + (l.cantidad ?? 0), 0));
      expect(p.cantidad_vendida).to.equal(p.total_vendido);
      expect(p.total_facturado).to.equal(round2(mine.reduce((s, l) => s + l.money, 0)));
      expect(p.veces_pedido)
        .to.equal(new Set(mine.map((l) => l.pedido_id)).size)
        .and.to.equal(p.num_pedidos);
    }
    const sold = r.productos.filter((p) => p.total_vendido > 0);
    expect(r.resumen).to.deep.equal({
      productos_vendidos: sold.length,
      unidades_totales: sold.reduce((s, p) => s + p.total_vendido, 0),
      total_productos: n,
      sin_ventas_periodo: n - sold.length,
    });
    expect(r.mas_vendidos.map((p) => p.id)).to.deep.equal(sold.slice(0, 10).map((p) => p.id));
    expect(r.por_categoria.reduce((s, c) => s + c.num_productos, 0)).to.equal(n);
    expect(round2(r.por_categoria.reduce((s, c) => s + c.total_facturado, 0))).to.equal(round2(lines.reduce((s, l) => s + l.money, 0)));
  });

  it('clientes: distinct order counts and all-time money per client; ranking by orders; inactive means a last order over 60 days ago', async () => {
    const lines = await orderLines(app);
    const r = await get<{
      resumen: { total_clientes: number; clientes_activos: number; clientes_inactivos: number };
      clientes: { id: number; total_pedidos: number; total_gastado: number; ultimo_pedido: string | null }[];
      ranking: { total_pedidos: number }[];
      inactivos: { id: number }[];
    }>('/api/reportes/clientes');
    for (const c of r.clientes) {
      const mine = lines.filter((l) => l.cliente_id === c.id);
      expect(c.total_pedidos, `client ${c.id}`).to.equal(new Set(mine.map((l) => l.pedido_id)).size);
      expect(c.total_gastado).to.equal(round2(mine.reduce((s, l) => s + l.money, 0)));
      expect(c.ultimo_pedido).to.equal(
        mine.length
          ? mine
              .map((l) => l.day)
              .sort()
              .at(-1)
          : null,
      );
    }
    expect(r.ranking.map((c) => c.total_pedidos)).to.deep.equal(
      [...r.clientes]
        .map((c) => c.total_pedidos)
        .sort((a, b) => b - a)
        .slice(0, 10),
    );
    const today = DateTime.now().setZone(ZONE);
    const active = new Set(lines.filter((l) => l.day >= today.minus({ days: 30 }).toISODate()!).map((l) => l.cliente_id));
    expect(r.resumen.clientes_activos).to.equal(active.size).and.to.be.at.least(2);
    const limit = today.minus({ days: 60 }).toISODate()!;
    expect(r.resumen.clientes_inactivos).to.equal(r.clientes.filter((c) => c.ultimo_pedido !== null && c.ultimo_pedido < limit).length);
  });

  it('rendimiento and comparativo: shop-time buckets, distinct orders per seller, six distinct calendar months', async () => {
    const lines = await orderLines(app);
    const today = DateTime.now().setZone(ZONE).startOf('day');
    const month = lines.filter((l) => l.day >= today.minus({ days: 30 }).toISODate()!);
    const orders = new Map(month.map((l) => [l.pedido_id, l]));
    const r = await get<{
      resumen: { ticket_promedio: number; promedio_items_pedido: number };
      metricas: { tasa_pedidos_con_cliente: number };
      por_estado: Record<string, number>;
      por_dia_semana: { dia: string; total_pedidos: number }[];
      por_hora: { hora: string; total_pedidos: number }[];
      usuarios_activos: { usuario: string; pedidos_creados: number; total_vendido: number }[];
    }>('/api/reportes/rendimiento');
    expect(r.resumen.ticket_promedio).to.equal(round2(month.reduce((s, l) => s + l.money, 0) / orders.size));
    expect(r.metricas.tasa_pedidos_con_cliente).to.equal(100);
    const states: Record<string, number> = {};
    for (const o of orders.values()) states[o.estado ?? 'null'] = (states[o.estado ?? 'null'] ?? 0) + 1;
    expect(r.por_estado).to.deep.equal(states).and.to.include({ cancelado: 1 });
    expect(r.por_dia_semana.reduce((s, d) => s + d.total_pedidos, 0)).to.equal(orders.size);
    const hour = `${String(DateTime.now().setZone(ZONE).hour).padStart(2, '0')}:00`;
    expect(r.por_hora.map((h) => h.hora)).to.include(hour);
    const sellers = new Map<string, { pedidos: Set<number>; money: number }>();
    for (const l of month) {
      const s = sellers.get(l.creado_por || 'Desconocido') ?? { pedidos: new Set<number>(), money: 0 };
      s.pedidos.add(l.pedido_id);
      s.money += l.money;
      sellers.set(l.creado_por || 'Desconocido', s);
    }
    expect(r.usuarios_activos).to.have.deep.members(
      [...sellers].map(([usuario, s]) => ({ usuario, pedidos_creados: s.pedidos.size, total_vendido: round2(s.money) })),
    );
    expect(r.usuarios_activos.find((u) => u.usuario === 'admin')!.pedidos_creados).to.be.at.least(3);

    const c = await get<{
      mensual: { este_mes: { pedidos: number; facturado: number }; mes_anterior: { pedidos: number }; variacion_pedidos: number };
      ultimos_7_dias: { dia: string; pedidos: number }[];
      ultimos_6_meses: { mes: string; pedidos: number }[];
    }>('/api/reportes/comparativo');
    const thisMonth = lines.filter((l) => l.day >= today.startOf('month').toISODate()!);
    expect(c.mensual.este_mes).to.deep.equal({
      pedidos: new Set(thisMonth.map((l) => l.pedido_id)).size,
      facturado: round2(thisMonth.reduce((s, l) => s + l.money, 0)),
    });
    expect(c.mensual.mes_anterior.pedidos).to.equal(1);
    expect(c.mensual.variacion_pedidos).to.equal(round2(((c.mensual.este_mes.pedidos - 1) / 1) * 100));
    expect(c.ultimos_7_dias[0]!.dia).to.equal(today.toISODate());
    const months = c.ultimos_6_meses.map((m) => m.mes);
    expect(new Set(months).size).to.equal(6);
    expect(months.at(-1)).to.equal(today.toFormat('LLL yyyy', { locale: 'en' }));
    expect(months.at(-2)).to.equal(today.minus({ months: 1 }).toFormat('LLL yyyy', { locale: 'en' }));
    expect(c.ultimos_6_meses.at(-2)!.pedidos).to.equal(1);
  });

  it('inventario: summary, low stock by shortfall, products without movement in 30 days', async () => {
    const r = await get<{
      resumen: { total_productos: number; stock_total: number; productos_bajo_stock: number };
      bajo_stock: { faltante: number; stock: number; stock_minimo: number }[];
      sin_movimiento: { id: number; ultima_venta: null }[];
      productos: unknown[];
    }>('/api/reportes/inventario');
    const [row] = await app.query<{ n: number; s: number; low: number }>(
      'SELECT count(*) AS n, sum(stock) AS s, sum(CASE WHEN stock IS NOT NULL AND stock_minimo > 0 AND stock < stock_minimo THEN 1 ELSE 0 END) AS low FROM productos',
    );
    expect(r.resumen).to.include({ total_productos: row!.n, stock_total: row!.s, productos_bajo_stock: row!.low });
    expect(r.bajo_stock).to.have.length(row!.low);
    for (const p of r.bajo_stock) expect(p.faltante).to.equal(p.stock_minimo - p.stock);
    expect(r.bajo_stock.map((p) => p.faltante)).to.deep.equal([...r.bajo_stock.map((p) => p.faltante)].sort((a, b) => b - a));
    expect(r.sin_movimiento.map((p) => p.id)).not.to.include.members([1, 2, 4]);
    expect(r.productos).to.have.length(row!.n);
  });
});
