import type { DateTime } from 'luxon';
import { isQuantity } from '../shared/limits';
import { type Result, ok, err } from '../shared/result';
import { type DomainError, domainError } from '../shared/domain-error';
import { shopDisplay, utcNaiveMicros } from '../shared/shop-time';
import { type OrderViewer, mayAccessOrder } from './order-policy';
import { isOrderState } from './order-state';
import { type OrderingError, orderingErrors } from './ordering.errors';

export const MAX_ORDER_LINES = 200;

export interface OrderLine {
  readonly productId: number;
  readonly quantity: number;
  /** The unit the line is sold in (`unidad`, `kg`, …). */
  readonly tipo: string;
  /** The product's price when the line was added (null for lines older than the snapshot column). */
  readonly unitPrice: number | null;
}

/** One row of historial_pedidos: what changed, by whom, when (shop time, as the screens show it). */
export interface OrderHistoryEntry {
  readonly action: 'creado' | 'cambio_estado' | 'cliente_asignado' | 'item_agregado' | 'item_actualizado' | 'item_eliminado';
  readonly user: string;
  readonly at: string;
  readonly details: string | null;
}

/** The header columns a change touched since the order was loaded. */
export interface OrderHeaderChanges {
  state?: string;
  driver?: string;
  deliveredAt?: string;
  notes?: string | null;
  clientId?: number;
  lastEditor?: string;
  lastEditedAt?: string;
}

/** Line changes since the order was loaded; the same product's lines change together. */
export type OrderLineChange =
  | { readonly kind: 'added'; readonly line: OrderLine }
  | { readonly kind: 'updated'; readonly productId: number; readonly quantity: number; readonly tipo: string }
  | { readonly kind: 'removed'; readonly productId: number };

/** An order as stored. */
export interface OrderSnapshot {
  readonly id: number | null;
  readonly clientId: number | null;
  readonly createdBy: string | null;
  readonly state: string | null;
  readonly driver: string | null;
  readonly notes: string | null;
  /** `fecha`: UTC, as stored. */
  readonly placedAt: string | null;
  /** `fecha_creacion`: shop time, as the screens show it (null on legacy rows). */
  readonly createdAtDisplay: string | null;
  readonly pdfGenerated: boolean;
  readonly deliveredAt: string | null;
  readonly lines: readonly OrderLine[];
}

/** What a new order is made of: the request, checked for shape before anything is looked up. */
export interface OrderRequest {
  readonly clientId: number;
  readonly lines: readonly { readonly productId: number; readonly quantity: unknown; readonly tipo: string }[];
}

/** Who edits an order: their name goes in the history and in `ultimo_editor`. */
export type OrderEditor = OrderViewer;

type NotFound = DomainError<'ORDER_NOT_FOUND'>;
type Forbidden = DomainError<'ORDER_FORBIDDEN'>;
type InvalidQuantity = DomainError<'INVALID_QUANTITY'>;
export type OrderItemError = Forbidden | InvalidQuantity | DomainError<'PRODUCT_NOT_FOUND'> | DomainError<'ITEM_NOT_FOUND'>;

export const orderNotFound = (): NotFound => domainError('ORDER_NOT_FOUND', 'Pedido no encontrado');
const forbidden = (): Forbidden => domainError('ORDER_FORBIDDEN', 'No tienes permiso para editar este pedido');

/**
 * The quantity rule, the one place it is written: a finite number above zero and at most
 * MAX_QUANTITY. Use cases check it before they load anything, so a bad quantity is named first.
 */
export const checkQuantity = (productId: number, quantity: unknown): Result<number, InvalidQuantity> =>
  isQuantity(quantity) ? ok(quantity) : err(orderingErrors.invalidQuantity(productId, quantity) as InvalidQuantity);

/** The six states an order may be set to; checked before anything is loaded, like quantities. */
export const checkState = (state: string): Result<string, DomainError<'INVALID_STATE'>> =>
  isOrderState(state) ? ok(state) : err(orderingErrors.invalidState() as DomainError<'INVALID_STATE'>);

/**
 * The order aggregate: its header, its lines, and the lifecycle rules. Every change returns a
 * Result, changes nothing when it fails, and records its history entry; the repository saves the
 * pending changes and history together (`pending()`), then forgets them (`saved()`).
 */
export class Order {
  private current: OrderSnapshot;
  private header: OrderHeaderChanges = {};
  private lineChanges: OrderLineChange[] = [];
  private history: OrderHistoryEntry[] = [];

  private constructor(state: OrderSnapshot) {
    this.current = state;
  }

  /** An order as loaded from storage. */
  static restore(state: OrderSnapshot): Order {
    return new Order(state);
  }

  /**
   * The shape of a request, before anything is looked up: a client, at least one line, and
   * every line naming a product.
   */
  static request(input: {
    clientId: number | null;
    lines: readonly { productId: number | null; quantity: unknown; tipo: string }[];
  }): Result<OrderRequest, OrderingError> {
    if (input.clientId === null) return err(orderingErrors.clientRequired());
    if (input.lines.length === 0) return err(orderingErrors.empty());
    const lines: { productId: number; quantity: unknown; tipo: string }[] = [];
    for (const l of input.lines) {
      if (l.productId === null) return err(orderingErrors.productRequired());
      lines.push({ productId: l.productId, quantity: l.quantity, tipo: l.tipo });
    }
    return ok({ clientId: input.clientId, lines });
  }

  /**
   * Places an order: a known client, 1 to 200 lines, each for a known product with a valid
   * quantity, priced at the product's current price. Nothing is placed when any rule fails; the
   * first failure names the offending value.
   */
  static place(input: {
    request: OrderRequest;
    clientExists: boolean;
    prices: ReadonlyMap<number, number>;
    notes: string | null;
    createdBy: string;
    pdfGenerated: boolean;
    now: DateTime;
    /** The history text; by default "Pedido creado con N producto(s)". */
    origin?: string;
  }): Result<Order, OrderingError> {
    const { request } = input;
    if (!input.clientExists) return err(orderingErrors.unknownClient(request.clientId));
    if (request.lines.length === 0) return err(orderingErrors.empty());
    if (request.lines.length > MAX_ORDER_LINES) return err(orderingErrors.tooMany(request.lines.length, MAX_ORDER_LINES));
    const lines: OrderLine[] = [];
    for (const line of request.lines) {
      const quantity = checkQuantity(line.productId, line.quantity);
      if (!quantity.ok) return quantity;
      const price = input.prices.get(line.productId);
      if (price === undefined) return err(orderingErrors.unknownProduct(line.productId));
      lines.push({ productId: line.productId, quantity: quantity.value, tipo: line.tipo, unitPrice: price });
    }
    const order = new Order({
      id: null,
      clientId: request.clientId,
      createdBy: input.createdBy,
      state: 'pendiente',
      driver: null,
      notes: input.notes,
      placedAt: utcNaiveMicros(input.now),
      createdAtDisplay: shopDisplay(input.now),
      pdfGenerated: input.pdfGenerated,
      deliveredAt: null,
      lines,
    });
    order.record(input.createdBy, input.now, 'creado', input.origin ?? `Pedido creado con ${lines.length} producto(s)`);
    return ok(order);
  }

  get id(): number | null {
    return this.current.id;
  }

  /** The order as it is now (with the changes not yet saved). */
  get snapshot(): OrderSnapshot {
    return this.current;
  }

  get lines(): readonly OrderLine[] {
    return this.current.lines;
  }

  /** Σ quantity × unit price, unrounded (lines without a price count as zero). */
  get total(): number {
    return this.current.lines.reduce((s, l) => s + l.quantity * (l.unitPrice ?? 0), 0);
  }

  /**
   * Any of the six states from any state (the shop corrects mistakes by hand), optionally with
   * its repartidor; entregado records when.
   */
  changeState(input: { state: string; driver?: string; by: OrderEditor; now: DateTime }): Result<void, DomainError<'INVALID_STATE'>> {
    const state = checkState(input.state);
    if (!state.ok) return state;
    const details = [`Estado cambiado de ${this.current.state ?? 'pendiente'} a ${input.state}`];
    if (input.driver !== undefined && input.driver !== this.current.driver) details.push(`repartidor: ${input.driver || '(ninguno)'}`);
    const deliveredAt = input.state === 'entregado' ? utcNaiveMicros(input.now) : undefined;
    this.change({ state: input.state, driver: input.driver, deliveredAt }, input.by, input.now);
    this.record(input.by.username, input.now, 'cambio_estado', details.join('; '));
    return ok(undefined);
  }

  editNotes(input: { notes: string | null; by: OrderEditor; now: DateTime }): Result<void, Forbidden> {
    if (!this.mayEdit(input.by)) return err(forbidden());
    this.change({ notes: input.notes }, input.by, input.now);
    return ok(undefined);
  }

  assignClient(input: {
    clientId: number;
    clientExists: boolean;
    by: OrderEditor;
    now: DateTime;
  }): Result<void, DomainError<'CLIENT_NOT_FOUND'>> {
    if (!input.clientExists) return err(domainError('CLIENT_NOT_FOUND', 'Cliente no encontrado'));
    const previous = this.current.clientId;
    this.change({ clientId: input.clientId }, input.by, input.now);
    this.record(input.by.username, input.now, 'cliente_asignado', `Cliente ${previous ?? '-'} → ${input.clientId}`);
    return ok(undefined);
  }

  /** Adds a product; a product already in the order gets the quantity added (as the original). */
  addItem(input: {
    productId: number;
    quantity: unknown;
    tipo: string;
    unitPrice: number | undefined;
    by: OrderEditor;
    now: DateTime;
  }): Result<void, OrderItemError> {
    const quantity = checkQuantity(input.productId, input.quantity);
    if (!quantity.ok) return quantity;
    if (!this.mayEdit(input.by)) return err(forbidden());
    if (input.unitPrice === undefined) return err(domainError('PRODUCT_NOT_FOUND', 'Producto no encontrado'));
    const existing = this.line(input.productId);
    if (existing) {
      const sum = checkQuantity(input.productId, existing.quantity + quantity.value);
      if (!sum.ok) return sum;
      this.setLines(input.productId, sum.value, input.tipo);
    } else {
      const line: OrderLine = { productId: input.productId, quantity: quantity.value, tipo: input.tipo, unitPrice: input.unitPrice };
      this.current = { ...this.current, lines: [...this.current.lines, line] };
      this.lineChanges.push({ kind: 'added', line });
    }
    this.change({}, input.by, input.now);
    this.record(input.by.username, input.now, 'item_agregado', `Producto ${input.productId}: +${quantity.value} ${input.tipo}`);
    return ok(undefined);
  }

  /** Sets the quantity and unit of the product's lines. */
  updateItem(input: { productId: number; quantity: unknown; tipo: string; by: OrderEditor; now: DateTime }): Result<void, OrderItemError> {
    const quantity = checkQuantity(input.productId, input.quantity);
    if (!quantity.ok) return quantity;
    if (!this.mayEdit(input.by)) return err(forbidden());
    if (!this.line(input.productId)) return err(domainError('ITEM_NOT_FOUND', 'Item no encontrado en este pedido'));
    this.setLines(input.productId, quantity.value, input.tipo);
    this.change({}, input.by, input.now);
    this.record(input.by.username, input.now, 'item_actualizado', `Producto ${input.productId}: ${String(quantity.value)} ${input.tipo}`);
    return ok(undefined);
  }

  removeItem(input: { productId: number; by: OrderEditor; now: DateTime }): Result<void, OrderItemError> {
    if (!this.mayEdit(input.by)) return err(forbidden());
    if (!this.line(input.productId)) return err(domainError('ITEM_NOT_FOUND', 'Item no encontrado en este pedido'));
    this.current = { ...this.current, lines: this.current.lines.filter((l) => l.productId !== input.productId) };
    this.lineChanges.push({ kind: 'removed', productId: input.productId });
    this.change({}, input.by, input.now);
    this.record(input.by.username, input.now, 'item_eliminado', `Producto ${input.productId}`);
    return ok(undefined);
  }

  /** What the repository must write: header changes, line changes, history, in that order. */
  pending(): {
    readonly header: OrderHeaderChanges;
    readonly lines: readonly OrderLineChange[];
    readonly history: readonly OrderHistoryEntry[];
  } {
    return { header: this.header, lines: this.lineChanges, history: this.history };
  }

  /** Called by the repository once the pending changes are stored (with the new id of a new order). */
  saved(id: number): void {
    this.current = { ...this.current, id };
    this.header = {};
    this.lineChanges = [];
    this.history = [];
  }

  private mayEdit(by: OrderEditor): boolean {
    return mayAccessOrder(this.current, by);
  }

  private line(productId: number): OrderLine | undefined {
    return this.current.lines.find((l) => l.productId === productId);
  }

  private setLines(productId: number, quantity: number, tipo: string): void {
    this.current = { ...this.current, lines: this.current.lines.map((l) => (l.productId === productId ? { ...l, quantity, tipo } : l)) };
    this.lineChanges.push({ kind: 'updated', productId, quantity, tipo });
  }

  /** Applies header changes (undefined fields untouched) and stamps the editor. */
  private change(fields: OrderHeaderChanges, by: OrderEditor, now: DateTime): void {
    const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as OrderHeaderChanges;
    this.header = { ...this.header, ...set, lastEditor: by.username, lastEditedAt: shopDisplay(now) };
    this.current = {
      ...this.current,
      ...(set.state !== undefined && { state: set.state }),
      ...(set.driver !== undefined && { driver: set.driver }),
      ...(set.deliveredAt !== undefined && { deliveredAt: set.deliveredAt }),
      ...(set.notes !== undefined && { notes: set.notes }),
      ...(set.clientId !== undefined && { clientId: set.clientId }),
    };
  }

  private record(user: string, now: DateTime, action: OrderHistoryEntry['action'], details: string | null): void {
    this.history.push({ action, user, at: shopDisplay(now), details });
  }
}
