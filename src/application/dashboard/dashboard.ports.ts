import { token } from '../shared/token';

/** A window of `pedidos.fecha` (naive UTC strings): [fromUtc, toUtc), and the PEDIDOS_DESDE floor. */
export interface OrderWindow {
  readonly fromUtc: string;
  readonly toUtc: string | null;
  readonly floor: string | null;
}

export interface LowStockProduct {
  readonly id: number;
  readonly name: string;
  readonly stock: number;
  readonly minStock: number;
  /** Whether they are stored as REAL, so a message prints 10 or 10.0 as the original. */
  readonly stockIsReal: boolean;
  readonly minStockIsReal: boolean;
}

/** The read side of the dashboard and statistics (API.md §13.7, §13.8): one query each. */
export interface DashboardQueries {
  counts(
    today: OrderWindow,
    month: OrderWindow,
    openStates: readonly string[],
  ): Promise<{ clientes: number; productos: number; hoy: number; mes: number; pendientes: number; stockBajo: number }>;
  topProducts(w: OrderWindow, limit: number): Promise<{ id: number; nombre: string; cantidad: number }[]>;
  /** Orders per UTC hour `YYYY-MM-DDTHH` (folded into shop days by the caller). */
  ordersPerHour(w: OrderWindow): Promise<{ hour: string; pedidos: number; monto: number }[]>;
  lowStock(limit: number): Promise<LowStockProduct[]>;
  bySeller(w: OrderWindow, limit: number): Promise<{ vendedor: string; cantidad: number }[]>;
  byDevice(w: OrderWindow): Promise<{ dispositivo: string; cantidad: number }[]>;
  productSales(w: OrderWindow, limit: number): Promise<{ producto: string; cantidad: number; monto: number }[]>;
  categorySales(w: OrderWindow): Promise<{ categoria: string; cantidad: number }[]>;
}
export const DASHBOARD_QUERIES = token<DashboardQueries>('DashboardQueries', [
  'counts',
  'topProducts',
  'ordersPerHour',
  'lowStock',
  'bySeller',
  'byDevice',
  'productSales',
  'categorySales',
]);
