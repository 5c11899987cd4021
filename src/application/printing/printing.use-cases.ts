import { DateTime } from 'luxon';
import { type Result, ok, err } from '../../domain/shared/result';
import { type DomainError, domainError } from '../../domain/shared/domain-error';
import { SHOP_ZONE, shopDisplay } from '../../domain/shared/shop-time';
import type { Clock } from '../shared/shared.ports';
import { type OrderViewer, creatorScope } from '../../domain/ordering/order-policy';
import type { TransactionRunner } from '../shared/shared.ports';
import { type PrintOrder, type PrintQueries, type RouteSheetStop, type PdfRenderer } from './printing.ports';
import { toCents } from '../../domain/shared/money';

export interface PrintingDeps {
  readonly queries: PrintQueries;
  readonly renderer: PdfRenderer;
  readonly tx: TransactionRunner;
  readonly clock: Clock;
}

/** At most this many orders per orders PDF (§13.5.2-6). */
export const MAX_PRINTED_ORDERS = 500;
/** Estados a route sheet leaves out, compared case-insensitively (§13.4.4-2). */
export const CLOSED_STATES = ['entregado', 'cancelado'];
/** A client without a zone (NULL or blank) is grouped under this name, sorted with the others. */
export const NO_ZONE = 'Sin Zona';

const stamp = (now: DateTime): string => now.setZone(SHOP_ZONE).toFormat('dd/MM/yyyy HH:mm');

/** A stored `fecha` (`…T…` or space-separated, UTC) as shop time `DD/MM/YYYY HH:MM`. */
export function shopStamp(fecha: string | null): string {
  if (!fecha) return '';
  const dt = DateTime.fromISO(fecha.trim().replace(' ', 'T'), { zone: 'utc' });
  return dt.isValid ? stamp(dt) : '';
}

type Invalid = DomainError<'PRINT_INVALID'>;
type NotFound = DomainError<'PRINT_NOT_FOUND'>;

/**
 * POST /api/pedidos/generar_pdfs (§13.5 with its recommendations): one document of the orders,
 * by client; then, in one transaction, only the printed orders are marked as generated, with the
 * Montevideo time and the caller. Stock is never touched.
 */
export class GenerateOrdersPdf {
  constructor(private readonly d: PrintingDeps) {}

  async execute(input: {
    ids: readonly number[];
    viewer: OrderViewer;
  }): Promise<Result<{ pdf: Buffer; filename: string; printed: number[] }, Invalid | NotFound>> {
    const ids = [...new Set(input.ids)];
    if (ids.length === 0) return err(domainError('PRINT_INVALID', 'No se seleccionaron pedidos'));
    if (ids.length > MAX_PRINTED_ORDERS)
      return err(domainError('PRINT_INVALID', `Como máximo ${MAX_PRINTED_ORDERS} pedidos por PDF (se pidieron ${ids.length})`));
    // A vendedor prints (and marks) only their own orders; another's id is as if it did not exist.
    const orders = await this.d.queries.ordersByIds(ids, creatorScope(input.viewer));
    if (orders.length === 0) return err(domainError('PRINT_NOT_FOUND', 'No se encontraron pedidos'));
    const now = this.d.clock.now();
    const pdf = await this.d.renderer.orders({
      generatedAt: stamp(now),
      orders: orders.map((o) => {
        const lines = o.lines.map((l) => ({ ...l, subtotal: toCents(l.quantity * l.price) }));
        return {
          id: o.id,
          client: o.client.name,
          placedAt: shopStamp(o.placedAt),
          lines,
          total: toCents(lines.reduce((s, l) => s + l.subtotal, 0)),
          notes: o.notes,
        };
      }),
    });
    const printed = orders.map((o) => o.id);
    await this.d.tx.run(() => this.d.queries.markPrinted(printed, shopDisplay(now), input.viewer.username));
    return ok({ pdf, filename: `pedidos_${now.setZone(SHOP_ZONE).toFormat('yyyyMMdd_HHmmss')}.pdf`, printed });
  }
}

/**
 * POST /api/hoja-ruta/generar-pdf (§13.4 with its recommendations): the driver's undelivered
 * orders grouped by client zone; writes nothing.
 */
export class GenerateRouteSheet {
  constructor(private readonly d: PrintingDeps) {}

  async execute(input: {
    driver: string;
    zone: string | null;
    viewer: OrderViewer;
  }): Promise<Result<{ pdf: Buffer; orders: number }, Invalid>> {
    if (input.driver.trim() === '') return err(domainError('PRINT_INVALID', 'Se requiere un repartidor'));
    const orders = await this.d.queries.routeOrders(input.driver, input.zone || null, CLOSED_STATES, creatorScope(input.viewer));
    const groups = new Map<string, PrintOrder[]>();
    for (const o of orders) {
      const zona = o.client.zone?.trim() || NO_ZONE;
      groups.set(zona, [...(groups.get(zona) ?? []), o]);
    }
    let n = 0;
    let total = 0;
    const zones = [...groups.keys()]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((zona) => ({
        zone: zona,
        stops: groups.get(zona)!.map((o): RouteSheetStop => {
          const t = toCents(o.lines.reduce((s, l) => s + l.quantity * l.price, 0));
          total += t;
          return {
            n: ++n,
            client: o.client.name,
            address: o.client.address?.trim() || 'Sin dirección',
            phone: o.client.phone?.trim() || null,
            products: o.lines.map((l) => ({ name: l.name, quantity: l.quantity })),
            total: t,
          };
        }),
      }));
    const pdf = await this.d.renderer.routeSheet({
      driver: input.driver,
      generatedAt: stamp(this.d.clock.now()),
      zones,
      total: toCents(total),
    });
    return ok({ pdf, orders: orders.length });
  }
}
