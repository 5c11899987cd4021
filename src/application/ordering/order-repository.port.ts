import type { PlacedOrder } from '../../domain/ordering/order';

export interface OrderHeader {
  readonly id: number;
  readonly clienteId: number | null;
  readonly creadoPor: string | null;
  readonly estado: string | null;
  readonly repartidor: string | null;
  readonly notas: string | null;
  readonly fecha: string | null;
  readonly pdfGenerado: number;
}

/** pedidos, detalles_pedido and historial_pedidos: the write side of ordering. */
export interface OrderRepository {
  /** Inserts the order and all its lines (with their unit price); returns the new id. */
  add(order: PlacedOrder, fecha: string, fechaCreacion: string): Promise<number>;
  find(id: number): Promise<OrderHeader | null>;
  /** Ids among `ids` that exist. */
  existing(ids: readonly number[]): Promise<number[]>;
  update(id: number, changes: { estado?: string; repartidor?: string; fechaEntrega?: string; notas?: string | null; clienteId?: number; editor?: string; editedAt?: string }): Promise<void>;
  addHistory(id: number, entry: { accion: string; usuario: string; fecha: string; detalles: string | null }): Promise<void>;
  findLine(orderId: number, productId: number): Promise<{ cantidad: number; tipo: string } | null>;
  addLine(orderId: number, line: { productId: number; quantity: number; tipo: string; unitPrice: number }): Promise<void>;
  /** Sets quantity and tipo of every line of that product in the order. */
  updateLine(orderId: number, productId: number, quantity: number, tipo: string): Promise<void>;
  removeLine(orderId: number, productId: number): Promise<void>;
  /** Deletes orders with their lines and history. */
  remove(ids: readonly number[]): Promise<void>;
}
export const ORDER_REPOSITORY = Symbol('OrderRepository');

/** Responses of order creations, per user and key, kept at least 24 h. */
export interface IdempotencyStore {
  find(username: string, key: string): Promise<unknown | null>;
  save(username: string, key: string, response: unknown, createdAt: string): Promise<void>;
  /** Forgets keys created before `before` (ISO UTC). */
  purge(before: string): Promise<number>;
}
export const IDEMPOTENCY_STORE = Symbol('IdempotencyStore');

/** Existence of the rows an order references. */
export interface ClientLookup {
  clientExists(id: number): Promise<boolean>;
  clientName(id: number): Promise<string | null>;
}
export const CLIENT_LOOKUP = Symbol('ClientLookup');
