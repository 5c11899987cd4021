import type { DateTime } from 'luxon';
import { type OrderViewer, creatorScope, mayAccessOrder, mayFilterByCreator } from '../../domain/ordering/order-policy';
import { orderNotFound } from '../../domain/ordering/order';
import { type Result, ok, err } from '../../domain/shared/result';
import { type DomainError, domainError } from '../../domain/shared/domain-error';
import { OPEN_STATES_FOR_AGE_REPORT } from '../../domain/ordering/order-state';
import type { Clock } from '../shared/shared.ports';
import type { OrderHeaderRow, OrderListRow, OrderQueries, StockNeed } from './ordering.ports';

/** Settings the order views depend on. */
export interface OrderViewSettings {
  /** PEDIDOS_DESDE (YYYY-MM-DD) or null: orders before it are not listed. */
  readonly ordersFrom: string | null;
}

export interface ListOrdersInput {
  readonly viewer: OrderViewer;
  readonly clientId: number | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly state: string | null;
  readonly createdBy: string | null;
}

/** GET /api/pedidos: vendedores see their own orders; staff may filter by creator. */
export class ListOrders {
  constructor(
    private readonly queries: OrderQueries,
    private readonly settings: OrderViewSettings,
  ) {}

  execute(input: ListOrdersInput): Promise<OrderListRow[]> {
    const createdBy = creatorScope(input.viewer) ?? (mayFilterByCreator(input.viewer) ? input.createdBy : null);
    return this.queries.list({ ...input, createdBy, floor: this.settings.ordersFrom, limit: 500 });
  }
}

export class GetOrder {
  constructor(private readonly queries: OrderQueries) {}

  async execute(input: {
    orderId: number;
    viewer: OrderViewer;
  }): Promise<Result<OrderListRow, DomainError<'ORDER_NOT_FOUND' | 'ORDER_FORBIDDEN'>>> {
    const order = await this.queries.detail(input.orderId);
    if (!order) return err(orderNotFound());
    if (!mayAccessOrder(order, input.viewer)) return err(domainError('ORDER_FORBIDDEN', 'No tienes permiso para ver este pedido'));
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

  execute(input: { hours: number; viewer: OrderViewer }): Promise<OrderHeaderRow[]> {
    const before: DateTime = this.clock.now().minus({ hours: input.hours }).toUTC();
    return this.queries.old(
      OPEN_STATES_FOR_AGE_REPORT,
      before.toFormat("yyyy-MM-dd'T'HH:mm:ss"),
      this.settings.ordersFrom,
      10,
      creatorScope(input.viewer),
    );
  }
}

export class ListOrderCreators {
  constructor(private readonly queries: OrderQueries) {}
  execute(): Promise<string[]> {
    return this.queries.creators();
  }
}

/** What the stock would be after the selected orders: per product, and how many distinct orders. */
export interface StockPreview {
  readonly needs: StockNeed[];
  readonly orderCount: number;
}

/** POST /api/pedidos/preview_stock. A vendedor's preview counts only their own orders among the ids. */
export class PreviewStock {
  constructor(private readonly queries: OrderQueries) {}

  async execute(input: { orderIds: readonly number[]; viewer: OrderViewer }): Promise<StockPreview> {
    const needs = input.orderIds.length ? await this.queries.stockNeeds(input.orderIds, creatorScope(input.viewer)) : [];
    return { needs, orderCount: new Set(input.orderIds).size };
  }
}
