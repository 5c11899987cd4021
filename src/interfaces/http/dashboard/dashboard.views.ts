import type { LowStockProduct } from '../../../application/dashboard/dashboard.ports';
import type { DashboardMetrics, OrdersPerDay, SalesStatistics, UserStatistics } from '../../../application/dashboard/dashboard.use-cases';
import { toCents } from '../../../domain/shared/money';

type Out<U extends { execute(...a: never[]): Promise<unknown> }> = Awaited<ReturnType<U['execute']>>;

/** Python's str() of a number as the original printed it: a REAL always has a decimal part. */
const py = (x: number, real: boolean): string => (real && Number.isInteger(x) ? `${x}.0` : String(x));

/** §13.7.1. */
export const metricsView = ({ counts: c, topProducts }: Out<DashboardMetrics>) => ({
  total_clientes: c.clients,
  total_productos: c.products,
  pedidos_hoy: c.today,
  stock_bajo_count: c.lowStock,
  pedidos_pendientes: c.pending,
  pedidos_mes: c.month,
  top_productos: topProducts.map((p) => ({ id: p.id, nombre: p.name, cantidad: p.quantity })),
});

/** §13.7.2. */
export const ordersPerDayView = (days: Out<OrdersPerDay>) => days.map((d) => ({ fecha: d.day, cantidad: d.orders }));

/** §13.7.3: each alert with the original's message. */
export const stockAlertsView = (products: LowStockProduct[]) =>
  products.map((p) => ({
    tipo: 'stock_bajo',
    producto_id: p.id,
    producto: p.name,
    stock_actual: p.stock,
    stock_minimo: p.minStock,
    mensaje: `⚠️ ${p.name}: stock ${py(p.stock, p.stockIsReal)} (mínimo: ${py(p.minStock, p.minStockIsReal)})`,
  }));

/** §13.8.1: sellers under both `vendedor` and `usuario`; no hourly data is kept. */
export const userStatisticsView = ({ bySeller, byDevice }: Out<UserStatistics>) => {
  const porVendedor = bySeller.map((s) => ({ vendedor: s.seller, usuario: s.seller, cantidad: s.orders }));
  const porDispositivo = byDevice.map((d) => ({ dispositivo: d.device, cantidad: d.orders }));
  return { por_vendedor: porVendedor, por_dispositivo: porDispositivo, por_hora: [], usuarios_activos: porVendedor.slice(0, 5) };
};

/** §13.8.2. */
export const salesStatisticsView = ({ byDay, topProducts, byCategory }: Out<SalesStatistics>) => ({
  por_dia: byDay.map((d) => ({ fecha: d.day, pedidos: d.orders, monto: toCents(d.amount) })),
  top_productos: topProducts.map((p) => ({ producto: p.product, cantidad: p.quantity, monto: p.amount })),
  por_categoria: byCategory.map((c) => ({ categoria: c.category, cantidad: c.quantity })),
});
