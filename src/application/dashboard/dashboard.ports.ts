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
  ): Promise<{ clients: number; products: number; today: number; month: number; pending: number; lowStock: number }>;
  topProducts(w: OrderWindow, limit: number): Promise<{ id: number; name: string; quantity: number }[]>;
  /** Orders per UTC hour `YYYY-MM-DDTHH` (folded into shop days by the caller). */
  ordersPerHour(w: OrderWindow): Promise<{ hour: string; orders: number; amount: number }[]>;
  lowStock(limit: number): Promise<LowStockProduct[]>;
  bySeller(w: OrderWindow, limit: number): Promise<{ seller: string; orders: number }[]>;
  byDevice(w: OrderWindow): Promise<{ device: string; orders: number }[]>;
  productSales(w: OrderWindow, limit: number): Promise<{ product: string; quantity: number; amount: number }[]>;
  categorySales(w: OrderWindow): Promise<{ category: string; quantity: number }[]>;
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
