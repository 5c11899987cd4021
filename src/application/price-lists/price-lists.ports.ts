import { token } from '../shared/token';

/** A price list as the list screen reads it (API.md §13.2.2 with the counts of §13.2.9). */
export interface PriceList {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  readonly multiplier: number;
  readonly active: boolean;
  /** created_at when the file has it, else fecha_creacion (§13.2.9). */
  readonly createdAt: string | null;
  /** Its special prices. */
  readonly productCount: number;
  /** Clients assigned to it. */
  readonly clientCount: number;
}

export interface SpecialPrice {
  readonly productId: number;
  readonly productName: string;
  readonly specialPrice: number;
  /** The product's current price. */
  readonly basePrice: number;
}

export interface PriceListFields {
  readonly name: string;
  readonly description: string;
  readonly multiplier: number;
}

/** listas_precios + precios_lista (+ clientes.lista_precio_id). */
export interface PriceListRepository {
  /** By nombre. */
  list(): Promise<PriceList[]>;
  get(id: number): Promise<PriceList | null>;
  /** Special prices joined to their products, by product name. */
  specialPrices(listId: number): Promise<SpecialPrice[]>;
  /** The id of a list with this name compared case-insensitively, if any. */
  idByName(name: string): Promise<number | null>;
  create(fields: PriceListFields, at: string): Promise<number>;
  update(id: number, fields: PriceListFields, at: string): Promise<void>;
  /** Unassigns its clients, removes its special prices, then the list. */
  remove(id: number): Promise<void>;
  productExists(productId: number): Promise<boolean>;
  setSpecialPrice(listId: number, productId: number, precio: number): Promise<void>;
  /** False when there was no such special price. */
  removeSpecialPrice(listId: number, productId: number): Promise<boolean>;
}
export const PRICE_LIST_REPOSITORY = token<PriceListRepository>('PriceListRepository', [
  'list',
  'get',
  'specialPrices',
  'idByName',
  'create',
  'update',
  'remove',
  'productExists',
  'setSpecialPrice',
  'removeSpecialPrice',
]);
