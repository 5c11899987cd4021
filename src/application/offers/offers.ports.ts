import type { Oferta, OfertaData } from '../../domain/offers/offer';
import { token } from '../shared/token';

/** ofertas + oferta_productos. */
export interface OfferRepository {
  /** Every offer with its products, by `hasta` descending (then id). */
  list(): Promise<Oferta[]>;
  get(id: number): Promise<Oferta | null>;
  /** The ids among `ids` that are products. */
  existingProducts(ids: readonly number[]): Promise<number[]>;
  create(data: OfertaData): Promise<number>;
  /** Full replacement of the row and of its product links. */
  update(id: number, data: OfertaData): Promise<void>;
  /** Removes the offer and its product links; false if there was none. */
  remove(id: number): Promise<boolean>;
}
export const OFFER_REPOSITORY = token<OfferRepository>('OfferRepository', [
  'list',
  'get',
  'existingProducts',
  'create',
  'update',
  'remove',
]);
