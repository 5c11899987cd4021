import { type Result, ok, err } from '../shared/result';
import { type DomainError, domainError } from '../shared/domain-error';
import { toCents } from '../shared/money';

export const OFFER_TYPES = ['porcentaje', 'precio_cantidad', 'nxm', 'regalo'] as const;
export type OfferType = (typeof OFFER_TYPES)[number];

export interface PriceRule {
  readonly cantidad: number;
  readonly precio_unitario: number;
}

export interface OfferProduct {
  readonly producto_id: number;
  readonly cantidad: number;
}

/** What an offer is made of (API.md §13.1): the stored columns, with the rules parsed. */
export interface OfertaData {
  readonly titulo: string;
  readonly descripcion: string | null;
  /** `YYYY-MM-DD` (a longer ISO string is tolerated: only the date part counts). */
  readonly desde: string;
  readonly hasta: string;
  readonly activa: boolean;
  readonly tipo: OfferType;
  readonly descuentoPorcentaje: number | null;
  readonly reglas: readonly PriceRule[] | null;
  readonly compraCantidad: number | null;
  readonly pagaCantidad: number | null;
  readonly regaloProductoId: number | null;
  readonly regaloCantidad: number | null;
  readonly productos: readonly OfferProduct[];
}

export type OfferRuleError = DomainError<'OFFER_RULES'>;

/** A line of an order or a cart, priced at `unitPrice`. */
export interface PricedLine {
  readonly productId: number;
  readonly quantity: number;
  readonly unitPrice: number;
}

/** What an offer takes off one line: money off, and units of a gift product. */
export interface LineDiscount {
  readonly amount: number;
  readonly gift: { readonly productId: number; readonly quantity: number } | null;
}

const datePart = (s: string): string => s.split('T')[0]!.trim();
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An offer: its type's rule fields checked together, validity by the shop's calendar day with
 * both ends inclusive, and the discount it gives a line for each of the four types.
 */
export class Oferta {
  private constructor(
    readonly id: number | null,
    readonly data: OfertaData,
  ) {}

  /** The per-type checks of §13.1.6 (messages as the original's), plus dates that are dates. */
  static create(data: OfertaData, id: number | null = null): Result<Oferta, OfferRuleError> {
    const bad = (message: string) => err(domainError('OFFER_RULES', message));
    if (!ISO_DATE.test(datePart(data.desde)) || !ISO_DATE.test(datePart(data.hasta)))
      return bad('desde y hasta deben ser fechas YYYY-MM-DD');
    if (datePart(data.desde) > datePart(data.hasta)) return bad('desde debe ser anterior o igual a hasta');
    switch (data.tipo) {
      case 'porcentaje':
        if (data.descuentoPorcentaje === null) return bad('descuento_porcentaje requerido para tipo porcentaje');
        break;
      case 'precio_cantidad':
        if (!data.reglas || data.reglas.length === 0) return bad('reglas requeridas para tipo precio_cantidad');
        break;
      case 'nxm':
        if (data.compraCantidad === null || data.pagaCantidad === null)
          return bad('compra_cantidad y paga_cantidad requeridos para tipo nxm');
        if (data.pagaCantidad >= data.compraCantidad) return bad('paga_cantidad debe ser menor que compra_cantidad');
        break;
      case 'regalo':
        if (!data.regaloProductoId) return bad('regalo_producto_id requerido para tipo regalo');
        break;
    }
    const ids = data.productos.map((p) => p.producto_id);
    if (new Set(ids).size !== ids.length) return bad('Un producto aparece más de una vez en la oferta');
    const reglas = data.reglas ? [...data.reglas].sort((a, b) => a.cantidad - b.cantidad) : null;
    return ok(new Oferta(id, { ...data, reglas }));
  }

  /** A stored row, trusted as it is (old rows may break today's rules; they still display). */
  static restore(id: number, data: OfertaData): Oferta {
    return new Oferta(id, data);
  }

  /** Active and within `desde ≤ day ≤ hasta` (inclusive), on the shop's calendar day `YYYY-MM-DD`. */
  isCurrentOn(day: string): boolean {
    return this.data.activa && datePart(this.data.desde) <= day && day <= datePart(this.data.hasta);
  }

  appliesTo(productId: number): boolean {
    return this.data.productos.some((p) => p.producto_id === productId);
  }

  /**
   * Toggling (§13.1.9): the new state and, when activating an expired or future offer, the new
   * dates (today .. today + 30 days).
   */
  toggled(today: string, plus30: string): { oferta: Oferta; redated: boolean } {
    const activa = !this.data.activa;
    const expired = datePart(this.data.hasta) < today;
    const future = datePart(this.data.desde) > today;
    const redated = activa && (expired || future);
    const data = { ...this.data, activa, ...(redated ? { desde: today, hasta: plus30 } : {}) };
    return { oferta: new Oferta(this.id, data), redated };
  }

  /** The discount on one line, by type (§13.1.10); zero for a product the offer does not list. */
  discountFor(line: PricedLine): LineDiscount {
    const none: LineDiscount = { amount: 0, gift: null };
    if (!this.appliesTo(line.productId) || line.quantity <= 0 || line.unitPrice <= 0) return none;
    const full = line.quantity * line.unitPrice;
    const d = this.data;
    switch (d.tipo) {
      case 'porcentaje': {
        const pct = Math.min(Math.max(d.descuentoPorcentaje ?? 0, 0), 100);
        return { amount: toCents((full * pct) / 100), gift: null };
      }
      case 'precio_cantidad': {
        let price = line.unitPrice;
        for (const r of d.reglas ?? []) if (r.cantidad <= line.quantity) price = r.precio_unitario;
        return { amount: toCents(Math.max(full - price * line.quantity, 0)), gift: null };
      }
      case 'nxm': {
        const n = d.compraCantidad ?? 0;
        const m = d.pagaCantidad ?? 0;
        if (n < 2 || m < 1 || m >= n) return none;
        const whole = Math.floor(line.quantity);
        const charged = Math.floor(whole / n) * m + (whole % n) + (line.quantity - whole);
        return { amount: toCents((line.quantity - charged) * line.unitPrice), gift: null };
      }
      case 'regalo': {
        if (!d.regaloProductoId) return none;
        const per = d.productos.find((p) => p.producto_id === line.productId)!.cantidad || 1;
        const times = Math.floor(line.quantity / per);
        return times > 0 ? { amount: 0, gift: { productId: d.regaloProductoId, quantity: times * (d.regaloCantidad ?? 1) } } : none;
      }
    }
  }
}
