import type { OrderWindow } from '../dashboard/dashboard.ports';
import { token } from '../shared/token';

/** Per UTC hour `YYYY-MM-DDTHH`: distinct orders and their money (folded into shop days, weekdays, hours). */
export interface HourBucket {
  readonly hour: string;
  readonly orders: number;
  readonly amount: number;
}

export interface ProductSales {
  readonly id: number;
  readonly name: string;
  readonly price: number;
  readonly stock: number | null;
  readonly category: string;
  /** Σ quantities in the range. */
  readonly quantity: number;
  /** Σ money in the range. */
  readonly amount: number;
  /** Distinct orders in the range. */
  readonly orders: number;
}

/**
 * The read side of the reports (API.md §13.6): each a query over the order lines, with money as
 * Σ cantidad × the line's price snapshot (current price for lines older than the snapshot), and
 * order counts always distinct. Reports have no PEDIDOS_DESDE floor (§13.6).
 */
export interface ReportQueries {
  totals(w: OrderWindow): Promise<{ orders: number; sales: number; lines: number; withClient: number }>;
  topProducts(w: OrderWindow, limit: number): Promise<{ id: number; name: string; quantitySold: number; amountSold: number }[]>;
  topClients(w: OrderWindow, limit: number): Promise<{ id: number; name: string; orderCount: number; amountBought: number }[]>;
  inventorySummary(): Promise<{ productCount: number; totalStock: number; inventoryValue: number; lowStockCount: number }>;
  lowStock(): Promise<{ id: number; name: string; stock: number; minStock: number; stockUnit: string; price: number; shortfall: number }[]>;
  /** Products with stock > 0 in no order of the window, by stock descending. */
  unsold(w: OrderWindow, limit: number): Promise<{ id: number; name: string; stock: number; price: number }[]>;
  products(): Promise<{ id: number; name: string; stock: number | null; minStock: number | null; price: number }[]>;
  /** Every client, all time: distinct orders, money, and the latest `fecha` (UTC) or null. */
  clients(): Promise<
    {
      id: number;
      name: string;
      phone: string | null;
      address: string | null;
      orderCount: number;
      amountSpent: number;
      lastOrderAt: string | null;
    }[]
  >;
  activeClients(w: OrderWindow): Promise<number>;
  /** Every product with its sales in the window (zero when none), by quantity descending then name. */
  productSales(w: OrderWindow): Promise<ProductSales[]>;
  hours(w: OrderWindow): Promise<HourBucket[]>;
  byState(w: OrderWindow): Promise<{ state: string | null; count: number }[]>;
  bySeller(w: OrderWindow): Promise<{ user: string; ordersCreated: number; amountSold: number }[]>;
  /** Average hours from an order's creation to its PDF (fecha_generacion), over generated orders; null when none. */
  hoursToPdf(w: OrderWindow): Promise<number | null>;
}
export const REPORT_QUERIES = token<ReportQueries>('ReportQueries', [
  'totals',
  'topProducts',
  'topClients',
  'inventorySummary',
  'lowStock',
  'unsold',
  'products',
  'clients',
  'activeClients',
  'productSales',
  'hours',
  'byState',
  'bySeller',
  'hoursToPdf',
]);
