import type { Order } from '../../domain/ordering/order';
import { token } from '../shared/token';

/** pedidos, detalles_pedido and historial_pedidos: the order aggregate's storage. */
export interface OrderRepository {
  /** The order with its lines, or null. */
  find(id: number): Promise<Order | null>;
  /**
   * Writes the order's pending changes — a new order with all its lines, or the header and line
   * changes of an existing one — and its history entries; returns its id.
   */
  save(order: Order): Promise<number>;
  /** Ids among `ids` that exist. */
  existing(ids: readonly number[]): Promise<number[]>;
  /** Deletes orders with their lines and history. */
  delete(ids: readonly number[]): Promise<void>;
}
export const ORDER_REPOSITORY = token<OrderRepository>('OrderRepository', ['find', 'save', 'existing', 'delete']);

/** What placing an order answers, and what an idempotent repeat answers again. */
export interface OrderReceipt {
  readonly id: number;
  readonly clientId: number;
  readonly clientName: string | null;
  /** UTC, as stored in `fecha`. */
  readonly placedAt: string;
  /** Shop time, as stored in `fecha_creacion`. */
  readonly createdAtDisplay: string;
  readonly notes: string | null;
  readonly createdBy: string;
  readonly pdfGenerated: boolean;
  /** Σ quantity × unit price, unrounded. */
  readonly total: number;
}

/** Receipts of order creations, per user and key, kept at least 24 h. */
export interface IdempotencyStore {
  find(username: string, key: string): Promise<OrderReceipt | null>;
  save(username: string, key: string, receipt: OrderReceipt, createdAt: string): Promise<void>;
  /** Forgets keys created before `before` (ISO UTC). */
  purge(before: string): Promise<number>;
}
export const IDEMPOTENCY_STORE = token<IdempotencyStore>('IdempotencyStore', ['find', 'save', 'purge']);

/** Each product's current price, for the products that exist among `ids`. */
export interface PriceLookup {
  prices(ids: readonly number[]): Promise<Map<number, number>>;
}
export const PRICE_LOOKUP = token<PriceLookup>('PriceLookup', ['prices']);

/** The client an order references. */
export interface ClientLookup {
  clientExists(id: number): Promise<boolean>;
  clientName(id: number): Promise<string | null>;
}
export const CLIENT_LOOKUP = token<ClientLookup>('ClientLookup', ['clientExists', 'clientName']);

/** A line of an order as the list shows it. */
export interface OrderLineRow {
  readonly productId: number;
  readonly productName: string;
  /** The unit price when ordered; the current price for lines older than the snapshot column. */
  readonly price: number;
  readonly quantity: number;
  readonly tipo: string;
}

/** The fields every order read model has. */
export interface OrderHeaderRow {
  readonly id: number;
  readonly clientId: number;
  readonly placedAt: string | null;
  readonly state: string | null;
  readonly notes: string | null;
  readonly createdBy: string | null;
  readonly clientName: string;
  readonly pdfGenerated: number;
  readonly driver: string | null;
  readonly createdAtDisplay: string | null;
  readonly deliveredAt: string | null;
  readonly pdfGeneratedAt: string | null;
  readonly pdfGeneratedBy: string | null;
  readonly lastEditor: string | null;
  readonly lastEditedAt: string | null;
  readonly device: string | null;
}

export interface OrderListRow extends OrderHeaderRow {
  readonly lines: OrderLineRow[];
}

export interface OrderListFilter {
  readonly clientId: number | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly state: string | null;
  /** Only this creator's orders (a vendedor's own, or a staff filter). */
  readonly createdBy: string | null;
  /** PEDIDOS_DESDE: orders before it are not listed. */
  readonly floor: string | null;
  readonly limit: number;
}

export interface StockNeed {
  readonly productId: number;
  readonly name: string;
  readonly stock: number;
  readonly stockUnit: string | null;
  readonly needed: number;
  readonly orderedUnit: string | null;
}

export interface OrderExportRow {
  readonly id: number;
  readonly clientName: string;
  readonly placedAt: string | null;
  readonly state: string | null;
  readonly notes: string | null;
  readonly createdBy: string | null;
}

/** Read models of orders, each answered with a constant number of queries. */
export interface OrderQueries {
  list(filter: OrderListFilter): Promise<OrderListRow[]>;
  detail(id: number): Promise<OrderListRow | null>;
  /**
   * Orders in one of `states` created before `before` (UTC ISO), oldest first; `createdBy`: only
   * that user's orders (null: everyone's).
   */
  old(states: readonly string[], before: string, floor: string | null, limit: number, createdBy: string | null): Promise<OrderHeaderRow[]>;
  creators(): Promise<string[]>;
  /** `createdBy`: only the lines of that user's orders among `orderIds` (null: all). */
  stockNeeds(orderIds: readonly number[], createdBy: string | null): Promise<StockNeed[]>;
  exportRows(from: string | null, to: string | null): AsyncIterable<OrderExportRow>;
}
export const ORDER_QUERIES = token<OrderQueries>('OrderQueries', ['list', 'detail', 'old', 'creators', 'stockNeeds', 'exportRows']);
