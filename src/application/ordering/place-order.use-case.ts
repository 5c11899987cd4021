import { Result, ok, err } from '../../domain/shared/result';
import { shopDisplay, utcNaiveMicros } from '../../domain/shared/shop-time';
import { placeOrder } from '../../domain/ordering/order';
import { OrderingError, orderingErrors } from '../../domain/ordering/ordering.errors';
import type { Clock } from '../shared/clock.port';
import type { TransactionRunner } from '../shared/transaction.port';
import type { ProductRepository } from '../catalog/catalog.port';
import type { ClientLookup, IdempotencyStore, OrderRepository } from './order-repository.port';

export interface PlaceOrderInput {
  /** Null when the request named no client. */
  readonly clientId: number | null;
  /** productId null: the line named no product. quantity as sent (validated by the domain). */
  readonly lines: readonly { productId: number | null; quantity: unknown; tipo: string }[];
  readonly notes: string | null;
  readonly pdfGenerado: boolean;
  readonly createdBy: string;
  /** Scoped per user; a repeat returns the first response and writes nothing. */
  readonly idempotencyKey: string | null;
  /** Recorded in the order's history ("creado", or e.g. "creado desde plantilla 3"). */
  readonly origin?: string;
}

/** The Pedido shape of API.md §7.1 as create returns it. */
export interface PlacedOrderView {
  readonly id: number;
  readonly cliente_id: number;
  readonly fecha: string;
  readonly fecha_creacion: string;
  readonly estado: 'pendiente';
  readonly notas: string | null;
  readonly creado_por: string;
  readonly cliente_nombre: string | null;
  readonly pdf_generado: number;
  readonly repartidor: null;
  readonly cliente: null;
  readonly productos: null;
  readonly total: number;
}

export type PlaceOrderError = OrderingError;

/**
 * Places an order: the order and all its lines, each at the product's price right now, its
 * history row and the idempotency record commit together or not at all.
 */
export class PlaceOrder {
  constructor(
    private readonly orders: OrderRepository,
    private readonly products: ProductRepository,
    private readonly clients: ClientLookup,
    private readonly idempotency: IdempotencyStore,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async execute(input: PlaceOrderInput): Promise<Result<PlacedOrderView, PlaceOrderError>> {
    if (input.clientId === null) return err(orderingErrors.clientRequired());
    if (input.lines.length === 0) return err(orderingErrors.empty());
    if (input.lines.some((l) => l.productId === null)) return err(orderingErrors.productRequired());
    const clientId = input.clientId;
    const lines = input.lines.map((l) => ({ productId: l.productId!, quantity: l.quantity as number, tipo: l.tipo }));

    return this.tx.run(async () => {
      if (input.idempotencyKey) {
        const previous = await this.idempotency.find(input.createdBy, input.idempotencyKey);
        if (previous) return ok(previous as PlacedOrderView);
      }
      const [clientName, prices] = await Promise.all([
        this.clients.clientName(clientId),
        this.products.prices([...new Set(lines.map((l) => l.productId))]),
      ]);
      const placed = placeOrder({
        clientId,
        clientExists: clientName !== null,
        lines,
        prices,
        notes: input.notes,
        createdBy: input.createdBy,
        pdfGenerado: input.pdfGenerado,
      });
      if (!placed.ok) return placed;
      const now = this.clock.now();
      const fecha = utcNaiveMicros(now);
      const fechaCreacion = shopDisplay(now);
      const id = await this.orders.add(placed.value, fecha, fechaCreacion);
      await this.orders.addHistory(id, { accion: 'creado', usuario: input.createdBy, fecha: fechaCreacion, detalles: input.origin ?? `Pedido creado con ${lines.length} producto(s)` });
      const view: PlacedOrderView = {
        id,
        cliente_id: clientId,
        fecha,
        fecha_creacion: fechaCreacion,
        estado: 'pendiente',
        notas: input.notes,
        creado_por: input.createdBy,
        cliente_nombre: clientName,
        pdf_generado: input.pdfGenerado ? 1 : 0,
        repartidor: null,
        cliente: null,
        productos: null,
        total: Math.round(placed.value.lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0) * 100) / 100,
      };
      if (input.idempotencyKey) await this.idempotency.save(input.createdBy, input.idempotencyKey, view, now.toUTC().toISO()!);
      return ok(view);
    });
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
