import type { OrderWindow } from '../dashboard/dashboard.ports';
import { token } from '../shared/token';

/** Per UTC hour `YYYY-MM-DDTHH`: distinct orders and their money (folded into shop days, weekdays, hours). */
export interface HourBucket {
  readonly hour: string;
  readonly pedidos: number;
  readonly monto: number;
}

export interface ProductSales {
  readonly id: number;
  readonly nombre: string;
  readonly precio: number;
  readonly stock: number | null;
  readonly categoria: string;
  /** Σ quantities in the range. */
  readonly cantidad: number;
  /** Σ money in the range. */
  readonly monto: number;
  /** Distinct orders in the range. */
  readonly pedidos: number;
}

/**
 * The read side of the reports (API.md §13.6): each a query over the order lines, with money as
 * Σ cantidad × the line's price snapshot (current price for lines older than the snapshot), and
 * order counts always distinct. Reports have no PEDIDOS_DESDE floor (§13.6).
 */
export interface ReportQueries {
  totals(w: OrderWindow): Promise<{ pedidos: number; ventas: number; lineas: number; con_cliente: number }>;
  topProducts(w: OrderWindow, limit: number): Promise<{ id: number; nombre: string; cantidad_vendida: number; total_vendido: number }[]>;
  topClients(w: OrderWindow, limit: number): Promise<{ id: number; nombre: string; total_pedidos: number; total_compras: number }[]>;
  inventorySummary(): Promise<{ total_productos: number; stock_total: number; valor_inventario: number; productos_bajo_stock: number }>;
  lowStock(): Promise<{ id: number; nombre: string; stock: number; stock_minimo: number; stock_tipo: string; precio: number; faltante: number }[]>;
  /** Products with stock > 0 in no order of the window, by stock descending. */
  unsold(w: OrderWindow, limit: number): Promise<{ id: number; nombre: string; stock: number; precio: number }[]>;
  products(): Promise<{ id: number; nombre: string; stock: number | null; stock_minimo: number | null; precio: number }[]>;
  /** Every client, all time: distinct orders, money, and the latest `fecha` (UTC) or null. */
  clients(): Promise<{ id: number; nombre: string; telefono: string | null; direccion: string | null; total_pedidos: number; total_gastado: number; ultimo_fecha: string | null }[]>;
  activeClients(w: OrderWindow): Promise<number>;
  /** Every product with its sales in the window (zero when none), by quantity descending then name. */
  productSales(w: OrderWindow): Promise<ProductSales[]>;
  hours(w: OrderWindow): Promise<HourBucket[]>;
  byState(w: OrderWindow): Promise<{ estado: string | null; cantidad: number }[]>;
  bySeller(w: OrderWindow): Promise<{ usuario: string; pedidos_creados: number; total_vendido: number }[]>;
  /** Average hours from an order's creation to its PDF (fecha_generacion), over generated orders; null when none. */
  hoursToPdf(w: OrderWindow): Promise<number | null>;
}
export const REPORT_QUERIES = token<ReportQueries>('ReportQueries', ['totals', 'topProducts', 'topClients', 'inventorySummary', 'lowStock', 'unsold', 'products', 'clients', 'activeClients', 'productSales', 'hours', 'byState', 'bySeller', 'hoursToPdf']);
