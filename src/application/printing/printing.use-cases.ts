import { DateTime } from 'luxon';
import { Result, ok, err } from '../../domain/shared/result';
import { DomainError, domainError } from '../../domain/shared/domain-error';
import { SHOP_ZONE, shopDisplay } from '../../domain/shared/shop-time';
import type { Clock } from '../shared/clock.port';
import { OrderViewer, creatorScope } from '../../domain/ordering/order-policy';
import type { TransactionRunner } from '../shared/transaction.port';

export interface PrintLine {
  readonly nombre: string;
  readonly cantidad: number;
  /** The line's price snapshot, else the product's current price (§0.5). */
  readonly precio: number;
  readonly tipo: string;
}

export interface PrintOrder {
  readonly id: number;
  /** As stored (UTC, either stored format), or null. */
  readonly fecha: string | null;
  readonly notas: string | null;
  readonly cliente: { readonly nombre: string; readonly telefono: string | null; readonly direccion: string | null; readonly zona: string | null };
  readonly lines: readonly PrintLine[];
}

/** Reads and writes of the two printed documents (API.md §13.4, §13.5). */
export interface PrintQueries {
  /** The requested orders that have a client row (and, with `creadoPor`, were created by that user), by client name (binary) then id, lines in insertion order. */
  ordersByIds(ids: readonly number[], creadoPor: string | null): Promise<PrintOrder[]>;
  /** The driver's orders (exact name) not delivered or cancelled (any case; NULL estado counts as pending), optionally of one client zone, by id. */
  routeOrders(repartidor: string, zona: string | null, closedStates: readonly string[], creadoPor: string | null): Promise<PrintOrder[]>;
  /** pdf_generado = 1, fecha_generacion, generado_por and a PDF_GENERADO history row, for exactly these orders. */
  markPrinted(ids: readonly number[], at: string, by: string): Promise<void>;
}
export const PRINT_QUERIES = Symbol('PrintQueries');

/** One order as the orders PDF prints it. */
export interface OrdersDocumentOrder {
  readonly id: number;
  readonly cliente: string;
  /** `DD/MM/YYYY HH:MM` in shop time, or '' when the stored date cannot be read. */
  readonly fecha: string;
  readonly lines: readonly { nombre: string; cantidad: number; tipo: string; precio: number; subtotal: number }[];
  readonly total: number;
  readonly notas: string | null;
}

export interface RouteSheetStop {
  /** The delivery number, across the whole sheet. */
  readonly n: number;
  readonly cliente: string;
  readonly direccion: string;
  readonly telefono: string | null;
  readonly productos: readonly { nombre: string; cantidad: number }[];
  readonly total: number;
}

export interface RouteSheetDocument {
  readonly repartidor: string;
  readonly generatedAt: string;
  readonly zones: readonly { zona: string; stops: readonly RouteSheetStop[] }[];
  readonly total: number;
}

/** Lays the documents out; returns the PDF bytes. */
export interface PdfRenderer {
  orders(doc: { generatedAt: string; orders: readonly OrdersDocumentOrder[] }): Promise<Buffer>;
  routeSheet(doc: RouteSheetDocument): Promise<Buffer>;
}
export const PDF_RENDERER = Symbol('PdfRenderer');

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

const money = (x: number): number => Math.round(x * 100) / 100;
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

  async execute(input: { ids: readonly number[]; viewer: OrderViewer }): Promise<Result<{ pdf: Buffer; filename: string; printed: number[] }, Invalid | NotFound>> {
    const ids = [...new Set(input.ids)];
    if (ids.length === 0) return err(domainError('PRINT_INVALID', 'No se seleccionaron pedidos'));
    if (ids.length > MAX_PRINTED_ORDERS) return err(domainError('PRINT_INVALID', `Como máximo ${MAX_PRINTED_ORDERS} pedidos por PDF (se pidieron ${ids.length})`));
    // A vendedor prints (and marks) only their own orders; another's id is as if it did not exist.
    const orders = await this.d.queries.ordersByIds(ids, creatorScope(input.viewer));
    if (orders.length === 0) return err(domainError('PRINT_NOT_FOUND', 'No se encontraron pedidos'));
    const now = this.d.clock.now();
    const pdf = await this.d.renderer.orders({
      generatedAt: stamp(now),
      orders: orders.map((o) => {
        const lines = o.lines.map((l) => ({ ...l, subtotal: money(l.cantidad * l.precio) }));
        return { id: o.id, cliente: o.cliente.nombre, fecha: shopStamp(o.fecha), lines, total: money(lines.reduce((s, l) => s + l.subtotal, 0)), notas: o.notas };
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

  async execute(input: { repartidor: string; zona: string | null; viewer: OrderViewer }): Promise<Result<{ pdf: Buffer; orders: number }, Invalid>> {
    if (input.repartidor.trim() === '') return err(domainError('PRINT_INVALID', 'Se requiere un repartidor'));
    const orders = await this.d.queries.routeOrders(input.repartidor, input.zona || null, CLOSED_STATES, creatorScope(input.viewer));
    const groups = new Map<string, PrintOrder[]>();
    for (const o of orders) {
      const zona = o.cliente.zona?.trim() || NO_ZONE;
      groups.set(zona, [...(groups.get(zona) ?? []), o]);
    }
    let n = 0;
    let total = 0;
    const zones = [...groups.keys()]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((zona) => ({
        zona,
        stops: groups.get(zona)!.map((o): RouteSheetStop => {
          const t = money(o.lines.reduce((s, l) => s + l.cantidad * l.precio, 0));
          total += t;
          return {
            n: ++n,
            cliente: o.cliente.nombre,
            direccion: o.cliente.direccion?.trim() || 'Sin dirección',
            telefono: o.cliente.telefono?.trim() || null,
            productos: o.lines.map((l) => ({ nombre: l.nombre, cantidad: l.cantidad })),
            total: t,
          };
        }),
      }));
    const pdf = await this.d.renderer.routeSheet({ repartidor: input.repartidor, generatedAt: stamp(this.d.clock.now()), zones, total: money(total) });
    return ok({ pdf, orders: orders.length });
  }
}
