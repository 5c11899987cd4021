import { Order, type OrderRequest } from '../../domain/ordering/order';
import type { OrderingError } from '../../domain/ordering/ordering.errors';
import { type Result, ok } from '../../domain/shared/result';
import type { Clock, OperationsMetrics } from '../shared/shared.ports';
import type { ClientLookup, IdempotencyStore, OrderReceipt, OrderRepository, PriceLookup } from './ordering.ports';

/** The ports placing an order needs, shared by the order screen and templates. */
export interface OrderPlacementPorts {
  readonly orders: OrderRepository;
  readonly products: PriceLookup;
  readonly clients: ClientLookup;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly metrics: OperationsMetrics;
}

/**
 * Places a checked request inside the caller's transaction: an idempotent repeat answers the first
 * receipt and writes nothing; otherwise the client and the current prices are looked up, the
 * domain places the order, and the order, its lines, its history and the receipt are stored.
 */
export async function placeOrder(
  p: OrderPlacementPorts,
  input: {
    request: OrderRequest;
    notes: string | null;
    pdfGenerated: boolean;
    createdBy: string;
    idempotencyKey: string | null;
    origin?: string;
  },
  /** Called when a new order was written (not for an idempotent repeat); the caller reports it once committed. */
  onPlaced: () => void = () => undefined,
): Promise<Result<OrderReceipt, OrderingError>> {
  const key = input.idempotencyKey;
  // Three reads at once (one wait instead of three): a repeat ignores the other two.
  const [previous, clientName, prices] = await Promise.all([
    key ? p.idempotency.find(input.createdBy, key) : null,
    p.clients.clientName(input.request.clientId),
    p.products.prices([...new Set(input.request.lines.map((l) => l.productId))]),
  ]);
  if (previous) return ok(previous);
  const now = p.clock.now();
  const placed = Order.place({ ...input, clientExists: clientName !== null, prices, now });
  if (!placed.ok) return placed;
  const order = placed.value;
  const id = await p.orders.save(order);
  onPlaced();
  const s = order.snapshot;
  const receipt: OrderReceipt = {
    id,
    clientId: input.request.clientId,
    clientName,
    placedAt: s.placedAt!,
    createdAtDisplay: s.createdAtDisplay!,
    notes: s.notes,
    createdBy: input.createdBy,
    pdfGenerated: s.pdfGenerated,
    total: order.total,
  };
  if (key) await p.idempotency.save(input.createdBy, key, receipt, now.toUTC().toISO()!);
  return ok(receipt);
}
