import { token } from '../shared/token';

/** A price list as the list screen reads it (API.md §13.2.2 with the counts of §13.2.9). */
export interface PriceList {
  readonly id: number;
  readonly nombre: string;
  readonly descripcion: string | null;
  readonly multiplicador: number;
  readonly activa: boolean;
  /** created_at when the file has it, else fecha_creacion (§13.2.9). */
  readonly created_at: string | null;
  /** Its special prices. */
  readonly productos_count: number;
  /** Clients assigned to it. */
  readonly clientes_count: number;
}

export interface SpecialPrice {
  readonly producto_id: number;
  readonly producto_nombre: string;
  readonly precio_especial: number;
  /** The product's current price. */
  readonly precio_base: number;
}

export interface PriceListFields {
  readonly nombre: string;
  readonly descripcion: string;
  readonly multiplicador: number;
}

/** listas_precios + precios_lista (+ clientes.lista_precio_id). */
export interface PriceListRepository {
  /** By nombre. */
  list(): Promise<PriceList[]>;
  get(id: number): Promise<PriceList | null>;
  /** Special prices joined to their products, by product name. */
  specialPrices(listId: number): Promise<SpecialPrice[]>;
  /** The id of a list with this name compared case-insensitively, if any. */
  idByName(nombre: string): Promise<number | null>;
  create(fields: PriceListFields, at: string): Promise<number>;
  update(id: number, fields: PriceListFields, at: string): Promise<void>;
  /** Unassigns its clients, removes its special prices, then the list. */
  remove(id: number): Promise<void>;
  productExists(productId: number): Promise<boolean>;
  setSpecialPrice(listId: number, productId: number, precio: number): Promise<void>;
  /** False when there was no such special price. */
  removeSpecialPrice(listId: number, productId: number): Promise<boolean>;
}
export const PRICE_LIST_REPOSITORY = token<PriceListRepository>('PriceListRepository', ['list', 'get', 'specialPrices', 'idByName', 'create', 'update', 'remove', 'productExists', 'setSpecialPrice', 'removeSpecialPrice']);
