import { type Order, type OrderItemError, checkQuantity, checkState, orderNotFound } from '../../domain/ordering/order';
import { type Result, ok, err } from '../../domain/shared/result';
import { type DomainError, domainError } from '../../domain/shared/domain-error';
import type { Actor } from '../shared/actor';
import type { AuditLog, Clock, TransactionRunner } from '../shared/shared.ports';
import type { ClientLookup, OrderRepository, PriceLookup } from './ordering.ports';

/** Who acts on an order: a vendedor may only touch orders they created. */
export interface OrderActor extends Actor {
  readonly rol: string;
}

/** The ports every order change needs. */
export interface OrderChangePorts {
  readonly orders: OrderRepository;
  readonly tx: TransactionRunner;
  readonly clock: Clock;
}

type NotFound = DomainError<'ORDER_NOT_FOUND'>;

/** An order as changed, with its client's name (the state-change answer shows it). */
export interface ChangedOrder {
  readonly order: Order;
  readonly clientName: string | null;
}

/**
 * Loads the order, applies one domain change and saves it, all in one transaction; nothing is
 * written when the order is missing or the change is refused.
 */
function changeOrder<E>(
  p: OrderChangePorts,
  orderId: number,
  apply: (order: Order) => Promise<Result<void, E>>,
): Promise<Result<Order, NotFound | E>> {
  return p.tx.run(async () => {
    const order = await p.orders.find(orderId);
    if (!order) return err(orderNotFound());
    const changed = await apply(order);
    if (!changed.ok) return changed;
    await p.orders.save(order);
    return ok(order);
  });
}

/** Sets an order's state (and optionally its repartidor); see Order.changeState. */
export class ChangeOrderState {
  constructor(
    private readonly p: OrderChangePorts,
    private readonly clients: ClientLookup,
  ) {}

  async execute(input: {
    orderId: number;
    state: string;
    /** The repartidor; null or absent leaves it as it is. */
    driver?: string | null;
    actor: OrderActor;
  }): Promise<Result<ChangedOrder, NotFound | DomainError<'INVALID_STATE'>>> {
    const state = checkState(input.state);
    if (!state.ok) return state;
    const now = this.p.clock.now();
    const driver = input.driver ?? undefined;
    const r = await changeOrder(this.p, input.orderId, async (o) => o.changeState({ state: input.state, driver, by: input.actor, now }));
    if (!r.ok) return r;
    const clientId = r.value.snapshot.clientId;
    return ok({ order: r.value, clientName: clientId === null ? null : await this.clients.clientName(clientId) });
  }
}

export class UpdateOrderNotes {
  constructor(private readonly p: OrderChangePorts) {}

  async execute(input: {
    orderId: number;
    notes: string | null;
    actor: OrderActor;
  }): Promise<Result<void, NotFound | DomainError<'ORDER_FORBIDDEN'>>> {
    const now = this.p.clock.now();
    const r = await changeOrder(this.p, input.orderId, async (o) => o.editNotes({ notes: input.notes, by: input.actor, now }));
    return r.ok ? ok(undefined) : r;
  }
}

export class AssignOrderClient {
  constructor(
    private readonly p: OrderChangePorts,
    private readonly clients: ClientLookup,
  ) {}

  async execute(input: {
    orderId: number;
    clientId: number;
    actor: OrderActor;
  }): Promise<Result<void, NotFound | DomainError<'CLIENT_NOT_FOUND'>>> {
    const now = this.p.clock.now();
    const r = await changeOrder(this.p, input.orderId, async (o) =>
      o.assignClient({ clientId: input.clientId, clientExists: await this.clients.clientExists(input.clientId), by: input.actor, now }),
    );
    return r.ok ? ok(undefined) : r;
  }
}

type ItemError = NotFound | OrderItemError;

/** A line to add or set: quantity as sent (checked by the domain), `tipo` the unit it is sold in. */
interface ItemInput {
  orderId: number;
  productId: number;
  quantity: unknown;
  tipo: string;
  actor: OrderActor;
}

/** Adds a product to an order; see Order.addItem. */
export class AddOrderItem {
  constructor(
    private readonly p: OrderChangePorts,
    private readonly products: PriceLookup,
  ) {}

  async execute(input: ItemInput): Promise<Result<void, ItemError>> {
    const quantity = checkQuantity(input.productId, input.quantity);
    if (!quantity.ok) return quantity;
    const now = this.p.clock.now();
    const r = await changeOrder(this.p, input.orderId, async (o) => {
      const unitPrice = (await this.products.prices([input.productId])).get(input.productId);
      return o.addItem({ ...input, unitPrice, by: input.actor, now });
    });
    return r.ok ? ok(undefined) : r;
  }
}

export class UpdateOrderItem {
  constructor(private readonly p: OrderChangePorts) {}

  async execute(input: ItemInput): Promise<Result<void, ItemError>> {
    const quantity = checkQuantity(input.productId, input.quantity);
    if (!quantity.ok) return quantity;
    const now = this.p.clock.now();
    const r = await changeOrder(this.p, input.orderId, async (o) => o.updateItem({ ...input, by: input.actor, now }));
    return r.ok ? ok(undefined) : r;
  }
}

export class RemoveOrderItem {
  constructor(private readonly p: OrderChangePorts) {}

  async execute(input: { orderId: number; productId: number; actor: OrderActor }): Promise<Result<void, ItemError>> {
    const now = this.p.clock.now();
    const r = await changeOrder(this.p, input.orderId, async (o) => o.removeItem({ productId: input.productId, by: input.actor, now }));
    return r.ok ? ok(undefined) : r;
  }
}

/** Deletes orders (one, or a bulk selection atomically: all or none), auditing each. */
export class DeleteOrders {
  constructor(
    private readonly p: OrderChangePorts,
    private readonly audit: AuditLog,
  ) {}

  /** `bulk`: the bulk-delete call, whose answer names every missing id (API.md §7.10), even when only one was sent. */
  execute(input: {
    orderIds: readonly number[];
    actor: OrderActor;
    bulk: boolean;
  }): Promise<Result<{ deleted: number }, NotFound | DomainError<'ORDERS_NOT_FOUND'> | DomainError<'INVALID_IDS'>>> {
    const ids = [...new Set(input.orderIds)];
    if (ids.some((id) => !Number.isSafeInteger(id) || id <= 0))
      return Promise.resolve(err(domainError('INVALID_IDS', 'IDs de pedidos inválidos')));
    return this.p.tx.run(async () => {
      const found = new Set(await this.p.orders.existing(ids));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length > 0) {
        return err(!input.bulk ? orderNotFound() : domainError('ORDERS_NOT_FOUND', `Pedidos no encontrados: ${missing.join(', ')}`));
      }
      await this.p.orders.delete(ids);
      const at = this.p.clock.now();
      for (const id of ids) {
        await this.audit.record({
          at,
          actor: input.actor.username,
          action: 'DELETE',
          table: 'pedidos',
          recordId: id,
          before: null,
          after: null,
          ip: input.actor.ip,
          userAgent: input.actor.userAgent,
        });
      }
      return ok({ deleted: ids.length });
    });
  }
}
