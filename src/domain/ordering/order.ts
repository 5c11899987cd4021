import { isQuantity } from '../shared/limits';
import { Result, ok, err } from '../shared/result';
import { OrderingError, orderingErrors } from './ordering.errors';

export const MAX_ORDER_LINES = 200;

export interface OrderLineInput {
  readonly productId: number;
  readonly quantity: number;
  readonly tipo: string;
}

export interface OrderLine extends OrderLineInput {
  /** The product's price when the order was placed. */
  readonly unitPrice: number;
}

export interface PlacedOrder {
  readonly clientId: number;
  readonly lines: readonly OrderLine[];
  readonly notes: string | null;
  readonly createdBy: string;
  readonly pdfGenerado: boolean;
}

/**
 * The order-placing rules: a known client, 1 to 200 lines, each for a known product with a
 * finite quantity above zero, priced at the product's current price. Nothing is placed when any
 * rule fails; the first failure names the offending value.
 */
export function placeOrder(input: {
  clientId: number;
  clientExists: boolean;
  lines: readonly OrderLineInput[];
  prices: ReadonlyMap<number, number>;
  notes: string | null;
  createdBy: string;
  pdfGenerado: boolean;
}): Result<PlacedOrder, OrderingError> {
  if (!input.clientExists) return err(orderingErrors.unknownClient(input.clientId));
  if (input.lines.length === 0) return err(orderingErrors.empty());
  if (input.lines.length > MAX_ORDER_LINES) return err(orderingErrors.tooMany(input.lines.length, MAX_ORDER_LINES));
  const lines: OrderLine[] = [];
  for (const line of input.lines) {
    if (!isQuantity(line.quantity)) {
      return err(orderingErrors.invalidQuantity(line.productId, line.quantity));
    }
    const price = input.prices.get(line.productId);
    if (price === undefined) return err(orderingErrors.unknownProduct(line.productId));
    lines.push({ ...line, unitPrice: price });
  }
  return ok({ clientId: input.clientId, lines, notes: input.notes, createdBy: input.createdBy, pdfGenerado: input.pdfGenerado });
}
