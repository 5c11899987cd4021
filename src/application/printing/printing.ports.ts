import { token } from '../shared/token';

export interface PrintLine {
  readonly name: string;
  readonly quantity: number;
  /** The line's price snapshot, else the product's current price (§0.5). */
  readonly price: number;
  readonly tipo: string;
}

export interface PrintOrder {
  readonly id: number;
  /** As stored (UTC, either stored format), or null. */
  readonly placedAt: string | null;
  readonly notes: string | null;
  readonly client: {
    readonly name: string;
    readonly phone: string | null;
    readonly address: string | null;
    readonly zone: string | null;
  };
  readonly lines: readonly PrintLine[];
}

/** Reads and writes of the two printed documents (API.md §13.4, §13.5). */
export interface PrintQueries {
  /**
   * The requested orders that have a client row (and, with `createdBy`, were created by that
   * user), by client name (binary) then id, lines in insertion order.
   */
  ordersByIds(ids: readonly number[], createdBy: string | null): Promise<PrintOrder[]>;
  /**
   * The driver's orders (exact name) not delivered or cancelled (any case; NULL estado counts as
   * pending), optionally of one client zone, by id.
   */
  routeOrders(driver: string, zone: string | null, closedStates: readonly string[], createdBy: string | null): Promise<PrintOrder[]>;
  /** pdf_generado = 1, fecha_generacion, generado_por and a PDF_GENERADO history row, for exactly these orders. */
  markPrinted(ids: readonly number[], at: string, by: string): Promise<void>;
}
export const PRINT_QUERIES = token<PrintQueries>('PrintQueries', ['ordersByIds', 'routeOrders', 'markPrinted']);

/** One order as the orders PDF prints it. */
export interface OrdersDocumentOrder {
  readonly id: number;
  readonly client: string;
  /** `DD/MM/YYYY HH:MM` in shop time, or '' when the stored date cannot be read. */
  readonly placedAt: string;
  readonly lines: readonly { name: string; quantity: number; tipo: string; price: number; subtotal: number }[];
  readonly total: number;
  readonly notes: string | null;
}

export interface RouteSheetStop {
  /** The delivery number, across the whole sheet. */
  readonly n: number;
  readonly client: string;
  readonly address: string;
  readonly phone: string | null;
  readonly products: readonly { name: string; quantity: number }[];
  readonly total: number;
}

export interface RouteSheetDocument {
  readonly driver: string;
  readonly generatedAt: string;
  readonly zones: readonly { zone: string; stops: readonly RouteSheetStop[] }[];
  readonly total: number;
}

/** Lays the documents out; returns the PDF bytes. */
export interface PdfRenderer {
  orders(doc: { generatedAt: string; orders: readonly OrdersDocumentOrder[] }): Promise<Buffer>;
  routeSheet(doc: RouteSheetDocument): Promise<Buffer>;
}
export const PDF_RENDERER = token<PdfRenderer>('PdfRenderer', ['orders', 'routeSheet']);
