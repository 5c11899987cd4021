import { token } from '../shared/token';
/** A product of the catalog (productos). */
export interface Product {
  readonly id: number;
  readonly name: string;
  readonly price: number;
  readonly categoryId: number | null;
  readonly stock: number | null;
  readonly minStock: number | null;
  /** The unit stock is counted in (`unidad`, `kg`, …). */
  readonly stockUnit: string | null;
  /** Null in the lite list, which leaves images out. */
  readonly imageUrl: string | null;
}

/** A product as the CSV and spreadsheet exports list it. */
export interface ProductExportRow {
  readonly id: number;
  readonly name: string;
  readonly price: number;
  readonly imageUrl: string | null;
  readonly stock: number | null;
  readonly stockUnit: string | null;
  readonly minStock: number | null;
  readonly category: string | null;
}

/** What a product is created or replaced with. */
export interface ProductData {
  readonly name: string;
  readonly price: number;
  readonly categoryId: number | null;
  readonly imageUrl: string | null;
  readonly stock: number;
  readonly minStock: number;
  readonly stockUnit: string;
}

export interface ProductListQuery {
  readonly q: string | null;
  readonly limit: number | null;
  readonly offset: number;
  /** Leave imagen_url out (null) to keep the payload small. */
  readonly lite: boolean;
}

/** productos. */
export interface ProductRepository {
  list(query: ProductListQuery): Promise<Product[]>;
  get(id: number): Promise<Product | null>;
  /** The non-empty imagen_url of the given products. */
  images(ids: readonly number[]): Promise<Map<number, string>>;
  /** Current prices of the given products (missing ids are absent). */
  prices(ids: readonly number[]): Promise<Map<number, number>>;
  existsWithName(nombre: string): Promise<boolean>;
  create(data: ProductData): Promise<number>;
  update(id: number, data: ProductData): Promise<void>;
  /** Sets stock (and stock_tipo when given) of one product. */
  setStock(id: number, stock: number, stockTipo: string | null): Promise<void>;
  remove(id: number): Promise<void>;
  /** How many order lines, price-list entries and template lines reference the product. */
  references(id: number): Promise<{ orderLines: number; other: number }>;
  exportRows(): AsyncIterable<ProductExportRow>;
}
export const PRODUCT_REPOSITORY = token<ProductRepository>('ProductRepository', [
  'list',
  'get',
  'images',
  'prices',
  'existsWithName',
  'create',
  'update',
  'setStock',
  'remove',
  'references',
  'exportRows',
]);

/** A product category (categorias); an inactive one is kept for the products still in it. */
export interface Category {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  readonly color: string;
  readonly order: number;
  readonly active: number;
}

export interface CategoryData {
  readonly name: string;
  readonly description: string | null;
  readonly color: string;
  readonly order: number;
}

/** categorias. */
export interface CategoryRepository {
  list(includeInactive: boolean): Promise<Category[]>;
  get(id: number): Promise<Category | null>;
  /** Case-insensitive name lookup, optionally ignoring one id. */
  findByNameInsensitive(name: string, exceptId?: number): Promise<Category | null>;
  create(data: CategoryData, fechaCreacion: string): Promise<number>;
  /** Replaces the fields and reactivates the category (as the original). */
  update(id: number, data: CategoryData): Promise<void>;
  deactivate(id: number): Promise<void>;
  remove(id: number): Promise<void>;
  countProducts(id: number): Promise<number>;
}
export const CATEGORY_REPOSITORY = token<CategoryRepository>('CategoryRepository', [
  'list',
  'get',
  'findByNameInsensitive',
  'create',
  'update',
  'deactivate',
  'remove',
  'countProducts',
]);

/** Where optimised product images are kept, by content-addressed name. */
export interface ImageStore {
  /** Stores the bytes under a name derived from their hash; idempotent. */
  save(bytes: Buffer, extension: string): Promise<string>;
  /** A stored image, or null for an unknown or malformed name (never a path outside the store). */
  read(name: string): Promise<{ bytes: Buffer; contentType: string } | null>;
}
export const IMAGE_STORE = token<ImageStore>('ImageStore', ['save', 'read']);

export interface OptimizedImage {
  readonly bytes: Buffer;
  readonly extension: string;
  readonly optimized: boolean;
}

/** Downscales and re-encodes an image; rejects what is not a decodable image. */
export interface ImageOptimizer {
  optimize(bytes: Buffer, declaredExtension: string): Promise<OptimizedImage | null>;
}
export const IMAGE_OPTIMIZER = token<ImageOptimizer>('ImageOptimizer', ['optimize']);
