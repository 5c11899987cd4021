import { OrderViewer, creatorScope, mayAccessOrder } from '../../domain/ordering/order-policy';
import type { DateTime } from 'luxon';
import { Result, ok, err } from '../../domain/shared/result';
import { DomainError, domainError } from '../../domain/shared/domain-error';
import { STAFF_ROLES } from '../../domain/users/role';
import { OPEN_STATES_FOR_AGE_REPORT } from '../../domain/ordering/order-state';
import type { Clock } from '../shared/clock.port';
import type { OrderDetail, OrderListItem, OrderQueries, StockNeed } from './order-queries.port';

/** Settings the order views depend on. */
export interface OrderViewSettings {
  /** PEDIDOS_DESDE (YYYY-MM-DD) or null: orders before it are not listed. */
  readonly ordersFrom: string | null;
}

/** GET /api/pedidos: vendedores see their own orders; admins and oficina may filter by creator. */
export class ListOrders {
  constructor(
    private readonly queries: OrderQueries,
    private readonly settings: OrderViewSettings,
  ) {}

  execute(input: { viewer: { username: string; rol: string }; clienteId: number | null; fechaInicio: string | null; fechaFin: string | null; estado: string | null; creadoPor: string | null }): Promise<OrderListItem[]> {
    const { rol } = input.viewer;
    const creadoPor = creatorScope(input.viewer) ?? (STAFF_ROLES.includes(rol) ? input.creadoPor : null);
    return this.queries.list({ clienteId: input.clienteId, fechaInicio: input.fechaInicio, fechaFin: input.fechaFin, estado: input.estado, creadoPor, desde: this.settings.ordersFrom, limit: 500 });
  }
}

export class GetOrder {
  constructor(private readonly queries: OrderQueries) {}

  async execute(input: { orderId: number; viewer: { username: string; rol: string } }): Promise<Result<OrderDetail, DomainError<'ORDER_NOT_FOUND' | 'ORDER_FORBIDDEN'>>> {
    const order = await this.queries.detail(input.orderId);
    if (!order) return err(domainError('ORDER_NOT_FOUND', 'Pedido no encontrado'));
    if (!mayAccessOrder({ creadoPor: order.creado_por }, input.viewer)) {
      return err(domainError('ORDER_FORBIDDEN', 'No tienes permiso para ver este pedido'));
    }
    return ok(order);
  }
}

/** GET /api/pedidos/antiguos: open orders older than `hours`, for the dashboard. */
export class ListOldOrders {
  constructor(
    private readonly queries: OrderQueries,
    private readonly clock: Clock,
    private readonly settings: OrderViewSettings,
  ) {}

  async execute(input: { hours: number; viewer: OrderViewer }) {
    const before: DateTime = this.clock.now().minus({ hours: input.hours }).toUTC();
    const rows = await this.queries.old(OPEN_STATES_FOR_AGE_REPORT, before.toFormat("yyyy-MM-dd'T'HH:mm:ss"), this.settings.ordersFrom, 10, creatorScope(input.viewer));
    return rows.map((r) => ({ ...r, cliente: r.cliente_nombre }));
  }
}

export class ListOrderCreators {
  constructor(private readonly queries: OrderQueries) {}
  execute(): Promise<string[]> {
    return this.queries.creators();
  }
}

/** POST /api/pedidos/preview_stock: both the current and the older response shapes. */
export class PreviewStock {
  constructor(private readonly queries: OrderQueries) {}

  async execute(input: { orderIds: readonly number[]; viewer: OrderViewer }) {
    // A vendedor's preview counts only their own orders among the ids (others are as if absent).
    const needs: StockNeed[] = input.orderIds.length ? await this.queries.stockNeeds(input.orderIds, creatorScope(input.viewer)) : [];
    const productos = needs.map((n) => ({ ...n, stock_despues: n.stock_actual - n.cantidad_necesaria, insuficiente: n.stock_actual - n.cantidad_necesaria < 0 }));
    return {
      productos,
      ok: true,
      pedidos_count: new Set(input.orderIds).size,
      stock_changes: needs.map((n) => ({ nombre: n.nombre, stock_actual: n.stock_actual, cantidad_a_restar: n.cantidad_necesaria, stock_nuevo: Math.max(0, n.stock_actual - n.cantidad_necesaria) })),
      warnings: needs
        .filter((n) => n.stock_actual - n.cantidad_necesaria <= 0)
        .map((n) => ({ producto: n.nombre, stock_actual: n.stock_actual, cantidad_pedida: n.cantidad_necesaria, mensaje: `⚠️ ${n.nombre} quedará en 0 (actual: ${n.stock_actual}, pedido: ${n.cantidad_necesaria})` })),
    };
  }
}
