import type {
  ClientsReport,
  ComparisonReport,
  InventoryReport,
  PerformanceReport,
  ProductsReport,
  SalesReport,
} from '../../../application/reports/reports.use-cases';
import { toCents } from '../../../domain/shared/money';

type Out<U extends { execute(...a: never[]): Promise<unknown> }> = Awaited<ReturnType<U['execute']>>;
type Value<R> = R extends { ok: true; value: infer V } ? V : never;

/** §13.6.1. */
export const salesReportView = (r: Value<Out<SalesReport>>) => ({
  desde: r.from,
  hasta: r.to,
  totales: { pedidos: r.totals.orders, ventas: toCents(r.totals.sales) },
  top_productos: r.topProducts.map((p) => ({
    id: p.id,
    nombre: p.name,
    cantidad_vendida: p.quantitySold,
    total_vendido: toCents(p.amountSold),
  })),
  top_clientes: r.topClients.map((c) => ({
    id: c.id,
    nombre: c.name,
    total_pedidos: c.orderCount,
    total_compras: toCents(c.amountBought),
  })),
});

/** §13.6.2. */
export const inventoryReportView = (r: Out<InventoryReport>) => ({
  resumen: {
    total_productos: r.summary.productCount,
    stock_total: r.summary.totalStock,
    valor_inventario: toCents(r.summary.inventoryValue),
    productos_bajo_stock: r.summary.lowStockCount,
  },
  bajo_stock: r.lowStock.map((p) => ({
    id: p.id,
    nombre: p.name,
    stock: p.stock,
    stock_minimo: p.minStock,
    stock_tipo: p.stockUnit,
    precio: p.price,
    faltante: p.shortfall,
  })),
  sin_movimiento: r.unsold.map((p) => ({ id: p.id, nombre: p.name, stock: p.stock, precio: p.price, ultima_venta: null })),
  productos: r.products.map((p) => ({ id: p.id, nombre: p.name, stock: p.stock, stock_minimo: p.minStock, precio: p.price })),
});

type ReportClient = Out<ClientsReport>['clients'][number];
const clientRow = (c: ReportClient) => ({
  id: c.id,
  nombre: c.name,
  telefono: c.phone,
  direccion: c.address,
  total_pedidos: c.orderCount,
  total_gastado: c.amountSpent,
  ultimo_pedido: c.lastOrderDay,
});

/** §13.6.3: the ranking's rows also carry the money as `total_compras`. */
export const clientsReportView = (r: Out<ClientsReport>) => ({
  resumen: { total_clientes: r.clients.length, clientes_activos: r.activeClients, clientes_inactivos: r.inactive.length },
  clientes: r.clients.map(clientRow),
  ranking: r.ranking.map((c) => ({ ...clientRow(c), total_compras: c.amountSpent })),
  inactivos: r.inactive.slice(0, 20).map(clientRow),
});

type ReportProduct = Value<Out<ProductsReport>>['products'][number];
/** `total_vendido` is units as the screen shows it, money is `total_facturado`, `veces_pedido` the distinct orders. */
const productRow = (p: ReportProduct) => ({
  id: p.id,
  nombre: p.name,
  precio: p.price,
  stock: p.stock,
  categoria: p.category,
  cantidad_vendida: p.quantity,
  total_vendido: p.quantity,
  total_facturado: p.amount,
  num_pedidos: p.orders,
  veces_pedido: p.orders,
});

/** §13.6.4. */
export const productsReportView = (r: Value<Out<ProductsReport>>) => ({
  desde: r.from,
  hasta: r.to,
  resumen: {
    productos_vendidos: r.summary.productsSold,
    unidades_totales: r.summary.unitsSold,
    total_productos: r.summary.productCount,
    sin_ventas_periodo: r.summary.unsoldInRange,
  },
  productos: r.products.map(productRow),
  mas_vendidos: r.bestSellers.map(productRow),
  sin_ventas: r.unsoldInStock.map(productRow),
  por_categoria: r.byCategory.map((c) => ({
    categoria: c.category,
    num_productos: c.productCount,
    cantidad_vendida: c.quantity,
    total_vendido: c.quantity,
    total_facturado: c.amount,
  })),
});

/** §13.6.5. */
export const performanceReportView = (r: Out<PerformanceReport>) => ({
  resumen: { promedio_items_pedido: r.averageLinesPerOrder, ticket_promedio: r.averageTicket },
  metricas: { tiempo_promedio_generacion_horas: r.averageHoursToPdf, tasa_pedidos_con_cliente: r.percentWithClient },
  por_estado: r.byState,
  por_dia_semana: r.byWeekday.map((d) => ({ dia: d.day, total_pedidos: d.orders })),
  por_hora: r.byHour.map((h) => ({ hora: h.hour, total_pedidos: h.orders })),
  usuarios_activos: r.sellers.map((s) => ({ usuario: s.user, pedidos_creados: s.ordersCreated, total_vendido: toCents(s.amountSold) })),
});

const period = (p: { orders: number; billed: number }) => ({ pedidos: p.orders, facturado: p.billed });

/** §13.6.6. */
export const comparisonReportView = (r: Out<ComparisonReport>) => ({
  mensual: {
    este_mes: period(r.thisMonth),
    mes_anterior: period(r.lastMonth),
    variacion_pedidos: r.ordersChange,
    variacion_facturado: r.billedChange,
  },
  ultimos_7_dias: r.last7Days.map((d) => ({ dia: d.day, ...period(d) })),
  ultimos_6_meses: r.last6Months.map((m) => ({ mes: m.month, ...period(m) })),
});
