import { type Result, ok, err } from '../../domain/shared/result';
import { type DomainError, domainError } from '../../domain/shared/domain-error';
import { Oferta, type OfertaData, type OfferRuleError } from '../../domain/offers/offer';
import type { Clock } from '../shared/shared.ports';
import type { TransactionRunner } from '../shared/shared.ports';
import type { OfferRepository } from './offers.ports';
import { shopDay } from '../../domain/shared/shop-time';

export interface OffersDeps {
  readonly offers: OfferRepository;
  readonly tx: TransactionRunner;
  readonly clock: Clock;
}

type NotFound = DomainError<'OFFER_NOT_FOUND'>;
type UnknownProducts = DomainError<'OFFER_UNKNOWN_PRODUCTS'>;
const notFound = (): NotFound => domainError('OFFER_NOT_FOUND', 'Oferta no encontrada');

/** Admins see every offer; other roles only the active and current ones (§13.1.3, §13.1.11-8). */
export class ListOffers {
  constructor(private readonly d: OffersDeps) {}
  async execute(input: { isAdmin: boolean }): Promise<Oferta[]> {
    const all = await this.d.offers.list();
    if (input.isAdmin) return all;
    const today = shopDay(this.d.clock.now());
    return all.filter((o) => o.isCurrentOn(today));
  }
}

/** The active and current offers on the shop's calendar day, `hasta` inclusive (§13.1.4, §13.1.11-3). */
export class ListActiveOffers {
  constructor(private readonly d: OffersDeps) {}
  async execute(): Promise<Oferta[]> {
    const today = shopDay(this.d.clock.now());
    return (await this.d.offers.list()).filter((o) => o.isCurrentOn(today));
  }
}

export class GetOffer {
  constructor(private readonly d: OffersDeps) {}
  async execute(id: number): Promise<Result<Oferta, NotFound>> {
    const o = await this.d.offers.get(id);
    return o ? ok(o) : err(notFound());
  }
}

async function checkProducts(d: OffersDeps, data: OfertaData): Promise<UnknownProducts | null> {
  const ids = data.productos.map((p) => p.producto_id);
  if (ids.length === 0) return null;
  const known = new Set(await d.offers.existingProducts(ids));
  const missing = ids.filter((id) => !known.has(id));
  return missing.length ? domainError('OFFER_UNKNOWN_PRODUCTS', `Productos inexistentes: ${missing.join(', ')}`) : null;
}

export class CreateOffer {
  constructor(private readonly d: OffersDeps) {}
  execute(data: OfertaData): Promise<Result<Oferta, OfferRuleError | UnknownProducts>> {
    const offer = Oferta.create(data);
    if (!offer.ok) return Promise.resolve(offer);
    return this.d.tx.run(async () => {
      const bad = await checkProducts(this.d, offer.value.data);
      if (bad) return err(bad);
      const id = await this.d.offers.create(offer.value.data);
      return ok((await this.d.offers.get(id))!);
    });
  }
}

/**
 * Full replacement, except what the request leaves out: an absent `activa` keeps the stored
 * state and absent `productos` keep the stored links (§13.1.11-4, -5). Unknown id → 404.
 */
export class UpdateOffer {
  constructor(private readonly d: OffersDeps) {}
  execute(
    id: number,
    patch: Omit<OfertaData, 'activa' | 'productos'> & { activa: boolean | null; productos: OfertaData['productos'] | null },
  ): Promise<Result<Oferta, NotFound | OfferRuleError | UnknownProducts>> {
    return this.d.tx.run(async () => {
      const current = await this.d.offers.get(id);
      if (!current) return err(notFound());
      const data: OfertaData = {
        ...patch,
        activa: patch.activa ?? current.data.activa,
        productos: patch.productos ?? current.data.productos,
      };
      const offer = Oferta.create(data, id);
      if (!offer.ok) return offer;
      const bad = await checkProducts(this.d, offer.value.data);
      if (bad) return err(bad);
      await this.d.offers.update(id, offer.value.data);
      return ok((await this.d.offers.get(id))!);
    });
  }
}

/** 204 whether or not it existed (§13.1.8, kept). */
export class DeleteOffer {
  constructor(private readonly d: OffersDeps) {}
  async execute(id: number): Promise<void> {
    await this.d.offers.remove(id);
  }
}

/** Flips `activa`; activating an expired or future offer re-dates it to today .. today + 30 (§13.1.9). */
export class ToggleOffer {
  constructor(private readonly d: OffersDeps) {}
  execute(id: number): Promise<Result<{ activa: boolean; redated: boolean; desde: string; hasta: string }, NotFound>> {
    return this.d.tx.run(async () => {
      const current = await this.d.offers.get(id);
      if (!current) return err(notFound());
      const today = shopDay(this.d.clock.now());
      const plus30 = shopDay(this.d.clock.now(), 30);
      const { oferta, redated } = current.toggled(today, plus30);
      await this.d.offers.update(id, oferta.data);
      return ok({ activa: oferta.data.activa, redated, desde: oferta.data.desde, hasta: oferta.data.hasta });
    });
  }
}
