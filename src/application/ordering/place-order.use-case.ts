import { Order } from '../../domain/ordering/order';
import type { OrderingError } from '../../domain/ordering/ordering.errors';
import type { Result } from '../../domain/shared/result';
import type { Clock, TransactionRunner } from '../shared/shared.ports';
import type { IdempotencyStore, OrderReceipt } from './ordering.ports';
import { type OrderPlacementPorts, placeOrder } from './order-placement';

export interface PlaceOrderInput {
  /** Null when the request named no client. */
  readonly clientId: number | null;
  /** productId null: the line named no product. quantity as sent (validated by the domain). */
  readonly lines: readonly { productId: number | null; quantity: unknown; tipo: string }[];
  readonly notes: string | null;
  readonly pdfGenerated: boolean;
  readonly createdBy: string;
  /** Scoped per user; a repeat returns the first receipt and writes nothing. */
  readonly idempotencyKey: string | null;
}

export type PlaceOrderError = OrderingError;

/**
 * Places an order: the order and all its lines, each at the product's price right now, its
 * history row and the idempotency record commit together or not at all.
 */
export class PlaceOrder {
  constructor(
    private readonly ports: OrderPlacementPorts,
    private readonly tx: TransactionRunner,
  ) {}

  async execute(input: PlaceOrderInput): Promise<Result<OrderReceipt, PlaceOrderError>> {
    const request = Order.request(input);
    if (!request.ok) return request;
    let placed = false;
    const result = await this.tx.run(() => placeOrder(this.ports, { ...input, request: request.value }, () => (placed = true)));
    if (result.ok && placed) this.ports.metrics.orderPlaced('order');
    return result;
  }
}

/** Idempotency keys are honoured for 48 hours (the contract asks for at least 24), then forgotten. */
export const IDEMPOTENCY_RETENTION_HOURS = 48;

export class PurgeIdempotencyKeys {
  constructor(
    private readonly idempotency: IdempotencyStore,
    private readonly clock: Clock,
  ) {}

  execute(): Promise<number> {
    return this.idempotency.purge(this.clock.now().minus({ hours: IDEMPOTENCY_RETENTION_HOURS }).toUTC().toISO()!);
  }
}
