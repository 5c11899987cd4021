import { mayAccessOrder } from '../../domain/ordering/order-policy';
import { isQuantity } from '../../domain/shared/limits';
import { Result, ok, err } from '../../domain/shared/result';
import { DomainError, domainError } from '../../domain/shared/domain-error';
import { shopDisplay, utcNaiveMicros } from '../../domain/shared/shop-time';
import { isOrderState } from '../../domain/ordering/order-state';
import { orderingErrors } from '../../domain/ordering/ordering.errors';
import type { Actor } from '../shared/actor';
import type { AuditLog } from '../shared/audit-log.port';
import type { Clock } from '../shared/clock.port';
import type { TransactionRunner } from '../shared/transaction.port';
import type { ProductRepository } from '../catalog/catalog.port';
import type { ClientLookup, OrderRepository } from './order-repository.port';

/** Who acts on an order: a vendedor may only touch orders they created. */
export interface OrderActor extends Actor {
  readonly rol: string;
}

export interface OrderLifecycleDeps {
  readonly orders: OrderRepository;
  readonly products: ProductRepository;
  readonly clients: ClientLookup;
  readonly audit: AuditLog;
  readonly tx: TransactionRunner;
  readonly clock: Clock;
}

const notFound = () => domainError('ORDER_NOT_FOUND', 'Pedido no encontrado');
const itemNotFound = () => domainError('ITEM_NOT_FOUND', 'Item no encontrado en este pedido');
const forbidden = () => domainError('ORDER_FORBIDDEN', 'No tienes permiso para editar este pedido');

type NotFound = DomainError<'ORDER_NOT_FOUND'>;
type Forbidden = DomainError<'ORDER_FORBIDDEN'>;


/** The Pedido shape of the estado response (API.md §7.1). */
export interface OrderStateView {
  readonly id: number;
  readonly cliente_id: number | null;
  readonly fecha: string | null;
  readonly estado: string;
  readonly notas: string | null;
  readonly creado_por: string | null;
  readonly cliente_nombre: string | null;
  readonly pdf_generado: number;
  readonly repartidor: string | null;
  readonly fecha_entrega: string | null;
  readonly cliente: null;
  readonly productos: null;
}

/**
 * Sets an order's state (any of the six from any state: the shop corrects mistakes by hand),
 * optionally its repartidor; records who changed what in historial_pedidos; entregado sets
 * fecha_entrega.
 */
export class ChangeOrderState {
  constructor(private readonly d: OrderLifecycleDeps) {}

  async execute(input: { orderId: number; estado: string; repartidor?: string | null; actor: OrderActor }): Promise<Result<OrderStateView, NotFound | DomainError<'INVALID_STATE'>>> {
    if (!isOrderState(input.estado)) return err(orderingErrors.invalidState() as DomainError<'INVALID_STATE'>);
    return this.d.tx.run(async () => {
      const order = await this.d.orders.find(input.orderId);
      if (!order) return err(notFound());
      const now = this.d.clock.now();
      const fechaEntrega = input.estado === 'entregado' ? utcNaiveMicros(now) : undefined;
      const repartidor = input.repartidor ?? undefined;
      await this.d.orders.update(order.id, { estado: input.estado, repartidor, fechaEntrega, editor: input.actor.username, editedAt: shopDisplay(now) });
      const parts = [`Estado cambiado de ${order.estado ?? 'pendiente'} a ${input.estado}`];
      if (repartidor !== undefined && repartidor !== order.repartidor) parts.push(`repartidor: ${repartidor || '(ninguno)'}`);
      await this.d.orders.addHistory(order.id, { accion: 'cambio_estado', usuario: input.actor.username, fecha: shopDisplay(now), detalles: parts.join('; ') });
      return ok({
        id: order.id,
        cliente_id: order.clienteId,
        fecha: order.fecha,
        estado: input.estado,
        notas: order.notas,
        creado_por: order.creadoPor,
        cliente_nombre: order.clienteId === null ? null : await this.d.clients.clientName(order.clienteId),
        pdf_generado: order.pdfGenerado,
        repartidor: repartidor ?? order.repartidor,
        fecha_entrega: fechaEntrega ?? null,
        cliente: null,
        productos: null,
      });
    });
  }
}

export class UpdateOrderNotes {
  constructor(private readonly d: OrderLifecycleDeps) {}

  execute(input: { orderId: number; notas: string | null; actor: OrderActor }): Promise<Result<void, NotFound | Forbidden>> {
    return this.d.tx.run(async () => {
      const order = await this.d.orders.find(input.orderId);
      if (!order) return err(notFound());
      if (!mayAccessOrder(order, input.actor)) return err(forbidden());
      await this.d.orders.update(order.id, { notas: input.notas, editor: input.actor.username, editedAt: shopDisplay(this.d.clock.now()) });
      return ok(undefined);
    });
  }
}

export class AssignOrderClient {
  constructor(private readonly d: OrderLifecycleDeps) {}

  execute(input: { orderId: number; clientId: number; actor: OrderActor }): Promise<Result<void, NotFound | DomainError<'CLIENT_NOT_FOUND'>>> {
    return this.d.tx.run(async () => {
      const order = await this.d.orders.find(input.orderId);
      if (!order) return err(notFound());
      if (!(await this.d.clients.clientExists(input.clientId))) return err(domainError('CLIENT_NOT_FOUND', 'Cliente no encontrado'));
      const now = this.d.clock.now();
      await this.d.orders.update(order.id, { clienteId: input.clientId, editor: input.actor.username, editedAt: shopDisplay(now) });
      await this.d.orders.addHistory(order.id, { accion: 'cliente_asignado', usuario: input.actor.username, fecha: shopDisplay(now), detalles: `Cliente ${order.clienteId ?? '-'} → ${input.clientId}` });
      return ok(undefined);
    });
  }
}

type ItemError = NotFound | Forbidden | DomainError<'PRODUCT_NOT_FOUND'> | DomainError<'ITEM_NOT_FOUND'> | DomainError<'INVALID_QUANTITY'>;

const validQuantity = (q: unknown, productId: number): DomainError<'INVALID_QUANTITY'> | null =>
  isQuantity(q) ? null : (orderingErrors.invalidQuantity(productId, q) as DomainError<'INVALID_QUANTITY'>);

/** Adds a product to an order; a product already in it gets the quantity added (as the original). */
export class AddOrderItem {
  constructor(private readonly d: OrderLifecycleDeps) {}

  execute(input: { orderId: number; productId: number; quantity: unknown; tipo: string; actor: OrderActor }): Promise<Result<void, ItemError>> {
    const bad = validQuantity(input.quantity, input.productId);
    if (bad) return Promise.resolve(err(bad));
    const quantity = input.quantity as number;
    return this.d.tx.run(async () => {
      const order = await this.d.orders.find(input.orderId);
      if (!order) return err(notFound());
      if (!mayAccessOrder(order, input.actor)) return err(forbidden());
      const price = (await this.d.products.prices([input.productId])).get(input.productId);
      if (price === undefined) return err(domainError('PRODUCT_NOT_FOUND', 'Producto no encontrado'));
      const existing = await this.d.orders.findLine(order.id, input.productId);
      if (existing && !isQuantity(existing.cantidad + quantity)) return err(orderingErrors.invalidQuantity(input.productId, existing.cantidad + quantity) as DomainError<'INVALID_QUANTITY'>);
      if (existing) await this.d.orders.updateLine(order.id, input.productId, existing.cantidad + quantity, input.tipo);
      else await this.d.orders.addLine(order.id, { productId: input.productId, quantity, tipo: input.tipo, unitPrice: price });
      await this.touch(order.id, input.actor, `Producto ${input.productId}: +${quantity} ${input.tipo}`);
      return ok(undefined);
    });
  }

  private async touch(id: number, actor: OrderActor, detalles: string): Promise<void> {
    const now = shopDisplay(this.d.clock.now());
    await this.d.orders.update(id, { editor: actor.username, editedAt: now });
    await this.d.orders.addHistory(id, { accion: 'item_agregado', usuario: actor.username, fecha: now, detalles });
  }
}

export class UpdateOrderItem {
  constructor(private readonly d: OrderLifecycleDeps) {}

  execute(input: { orderId: number; productId: number; quantity: unknown; tipo: string; actor: OrderActor }): Promise<Result<void, ItemError>> {
    const bad = validQuantity(input.quantity, input.productId);
    if (bad) return Promise.resolve(err(bad));
    return this.d.tx.run(async () => {
      const order = await this.d.orders.find(input.orderId);
      if (!order) return err(notFound());
      if (!mayAccessOrder(order, input.actor)) return err(forbidden());
      if (!(await this.d.orders.findLine(order.id, input.productId))) return err(itemNotFound());
      await this.d.orders.updateLine(order.id, input.productId, input.quantity as number, input.tipo);
      const now = shopDisplay(this.d.clock.now());
      await this.d.orders.update(order.id, { editor: input.actor.username, editedAt: now });
      await this.d.orders.addHistory(order.id, { accion: 'item_actualizado', usuario: input.actor.username, fecha: now, detalles: `Producto ${input.productId}: ${String(input.quantity)} ${input.tipo}` });
      return ok(undefined);
    });
  }
}

export class RemoveOrderItem {
  constructor(private readonly d: OrderLifecycleDeps) {}

  execute(input: { orderId: number; productId: number; actor: OrderActor }): Promise<Result<void, ItemError>> {
    return this.d.tx.run(async () => {
      const order = await this.d.orders.find(input.orderId);
      if (!order) return err(notFound());
      if (!mayAccessOrder(order, input.actor)) return err(forbidden());
      if (!(await this.d.orders.findLine(order.id, input.productId))) return err(itemNotFound());
      await this.d.orders.removeLine(order.id, input.productId);
      const now = shopDisplay(this.d.clock.now());
      await this.d.orders.update(order.id, { editor: input.actor.username, editedAt: now });
      await this.d.orders.addHistory(order.id, { accion: 'item_eliminado', usuario: input.actor.username, fecha: now, detalles: `Producto ${input.productId}` });
      return ok(undefined);
    });
  }
}

/** Deletes orders (one, or a bulk selection atomically: all or none), auditing each. */
export class DeleteOrders {
  constructor(private readonly d: OrderLifecycleDeps) {}

  /** `bulk`: the bulk-delete call, whose answer names every missing id (API.md §7.10), even when only one was sent. */
  execute(input: { orderIds: readonly number[]; actor: OrderActor; bulk: boolean }): Promise<Result<{ deleted: number }, NotFound | DomainError<'ORDERS_NOT_FOUND'> | DomainError<'INVALID_IDS'>>> {
    const ids = [...new Set(input.orderIds)];
    if (ids.some((id) => !Number.isSafeInteger(id) || id <= 0)) return Promise.resolve(err(domainError('INVALID_IDS', 'IDs de pedidos inválidos')));
    return this.d.tx.run(async () => {
      const found = new Set(await this.d.orders.existing(ids));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length > 0) {
        return err(!input.bulk ? notFound() : domainError('ORDERS_NOT_FOUND', `Pedidos no encontrados: ${missing.join(', ')}`));
      }
      await this.d.orders.remove(ids);
      const at = this.d.clock.now();
      for (const id of ids) {
        await this.d.audit.record({ at, actor: input.actor.username, action: 'DELETE', table: 'pedidos', recordId: id, before: null, after: null, ip: input.actor.ip, userAgent: input.actor.userAgent });
      }
      return ok({ deleted: ids.length });
    });
  }
}
