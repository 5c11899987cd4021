import { MAX_STOCK } from '../../domain/shared/limits';
import { type Result, ok, err } from '../../domain/shared/result';
import { type DomainError, domainError } from '../../domain/shared/domain-error';
import { nextStock } from '../../domain/catalog/stock';
import { shopIso } from '../../domain/shared/shop-time';
import type { Clock } from '../shared/shared.ports';
import type { TransactionRunner } from '../shared/shared.ports';
import { forEachId } from '../shared/bulk';
import type {
  CategoryData,
  CategoryRepository,
  Category,
  ImageOptimizer,
  ImageStore,
  ProductData,
  ProductListQuery,
  ProductRepository,
  Product,
} from './catalog.ports';
import { seesInactiveCategories } from '../../domain/users/role';

export interface CatalogDeps {
  readonly products: ProductRepository;
  readonly categories: CategoryRepository;
  readonly tx: TransactionRunner;
  readonly clock: Clock;
}

const productNotFound = () => domainError('PRODUCT_NOT_FOUND', 'Producto no encontrado');
type ProductNotFound = DomainError<'PRODUCT_NOT_FOUND'>;
type UnknownCategory = DomainError<'UNKNOWN_CATEGORY'>;

async function checkCategory(d: CatalogDeps, id: number | null): Promise<UnknownCategory | null> {
  if (id === null || (await d.categories.get(id))) return null;
  return domainError('UNKNOWN_CATEGORY', `Categoría con ID ${id} no existe`);
}

export class ListProducts {
  constructor(private readonly d: CatalogDeps) {}
  execute(query: ProductListQuery): Promise<Product[]> {
    return this.d.products.list(query);
  }
}

export class GetProduct {
  constructor(private readonly d: CatalogDeps) {}
  async execute(id: number): Promise<Result<Product, ProductNotFound>> {
    const p = await this.d.products.get(id);
    return p ? ok(p) : err(productNotFound());
  }
}

/** POST /api/productos/images: the images of up to 50 products, keyed by id. */
export class GetProductImages {
  constructor(private readonly d: CatalogDeps) {}
  async execute(ids: readonly number[]): Promise<Record<string, string>> {
    const images = await this.d.products.images(ids.slice(0, 50));
    return Object.fromEntries([...images].map(([id, url]) => [String(id), url]));
  }
}

export class CreateProduct {
  constructor(private readonly d: CatalogDeps) {}
  execute(data: ProductData): Promise<Result<Product, DomainError<'PRODUCT_EXISTS'> | UnknownCategory>> {
    return this.d.tx.run(async () => {
      if (await this.d.products.existsWithName(data.name)) return err(domainError('PRODUCT_EXISTS', 'El producto ya existe'));
      const bad = await checkCategory(this.d, data.categoryId);
      if (bad) return err(bad);
      const id = await this.d.products.create(data);
      return ok((await this.d.products.get(id))!);
    });
  }
}

/**
 * Full replacement. A missing imagen_url keeps the stored image: screens that loaded the catalog
 * without images (`lite`) send null, and the original wiped every such image on save.
 */
export class UpdateProduct {
  constructor(private readonly d: CatalogDeps) {}
  execute(id: number, data: ProductData): Promise<Result<Product, ProductNotFound | UnknownCategory>> {
    return this.d.tx.run(async () => {
      const current = await this.d.products.get(id);
      if (!current) return err(productNotFound());
      const bad = await checkCategory(this.d, data.categoryId);
      if (bad) return err(bad);
      await this.d.products.update(id, { ...data, imageUrl: data.imageUrl ?? current.imageUrl });
      return ok((await this.d.products.get(id))!);
    });
  }
}

/** PATCH …/stock: serialised by the write transaction, so concurrent deltas all count. */
export class AdjustStock {
  constructor(private readonly d: CatalogDeps) {}
  execute(
    id: number,
    change: { delta?: number; stock?: number; stockUnit?: string | null },
  ): Promise<Result<Product, ProductNotFound | DomainError<'STOCK_OUT_OF_RANGE'>>> {
    return this.d.tx.run(async () => {
      const current = await this.d.products.get(id);
      if (!current) return err(productNotFound());
      const stock = nextStock(current.stock, change);
      if (stock > MAX_STOCK)
        return err(domainError('STOCK_OUT_OF_RANGE', `El stock resultante (${stock}) supera el máximo de ${MAX_STOCK}`));
      await this.d.products.setStock(id, stock, change.stockUnit ? change.stockUnit : null);
      return ok((await this.d.products.get(id))!);
    });
  }
}

export type DeleteProductError = ProductNotFound | DomainError<'PRODUCT_IN_ORDERS'> | DomainError<'PRODUCT_REFERENCED'>;

export class DeleteProducts {
  constructor(private readonly d: CatalogDeps) {}

  one(id: number): Promise<Result<void, DeleteProductError>> {
    return this.d.tx.run(async () => {
      if (!(await this.d.products.get(id))) return err(productNotFound());
      const refs = await this.d.products.references(id);
      if (refs.orderLines > 0)
        return err(domainError('PRODUCT_IN_ORDERS', 'No se puede eliminar el producto porque está asociado a pedidos'));
      if (refs.other > 0)
        return err(
          domainError('PRODUCT_REFERENCED', 'No se puede eliminar el producto porque está en listas de precios o plantillas de pedido'),
        );
      await this.d.products.remove(id);
      return ok(undefined);
    });
  }

  many(ids: readonly number[]): Promise<{ deleted: number; errors: { id: number; error: string }[] }> {
    return forEachId(ids, (id) => this.one(id));
  }
}

// Categories

const categoryNotFound = () => domainError('CATEGORY_NOT_FOUND', 'Categoría no encontrada');
type CategoryError = DomainError<'CATEGORY_NOT_FOUND'> | DomainError<'CATEGORY_NAME_REQUIRED'> | DomainError<'CATEGORY_EXISTS'>;

export class ListCategories {
  constructor(private readonly d: CatalogDeps) {}
  /** Inactive ones only for `admin` exactly, as the original. */
  execute(viewerRol: string): Promise<Category[]> {
    return this.d.categories.list(seesInactiveCategories(viewerRol));
  }
}

export class GetCategory {
  constructor(private readonly d: CatalogDeps) {}
  async execute(id: number): Promise<Result<Category, CategoryError>> {
    const c = await this.d.categories.get(id);
    return c ? ok(c) : err(categoryNotFound());
  }
}

export class SaveCategory {
  constructor(private readonly d: CatalogDeps) {}

  create(data: CategoryData): Promise<Result<Category, CategoryError>> {
    const nombre = data.name.trim();
    if (!nombre) return Promise.resolve(err(domainError('CATEGORY_NAME_REQUIRED', 'El nombre es requerido')));
    return this.d.tx.run(async () => {
      if (await this.d.categories.findByNameInsensitive(nombre))
        return err(domainError('CATEGORY_EXISTS', `Ya existe una categoría con el nombre '${nombre}'`));
      const id = await this.d.categories.create({ ...data, name: nombre }, shopIso(this.d.clock.now()));
      return ok((await this.d.categories.get(id))!);
    });
  }

  update(id: number, data: CategoryData): Promise<Result<Category, CategoryError>> {
    const nombre = data.name.trim();
    if (!nombre) return Promise.resolve(err(domainError('CATEGORY_NAME_REQUIRED', 'El nombre es requerido')));
    return this.d.tx.run(async () => {
      if (!(await this.d.categories.get(id))) return err(categoryNotFound());
      if (await this.d.categories.findByNameInsensitive(nombre, id))
        return err(domainError('CATEGORY_EXISTS', `Ya existe otra categoría con el nombre '${nombre}'`));
      await this.d.categories.update(id, { ...data, name: nombre });
      return ok((await this.d.categories.get(id))!);
    });
  }
}

/** Soft-deletes a category products still use; hard-deletes an unused one (API.md §0.5). */
export class DeleteCategory {
  constructor(private readonly d: CatalogDeps) {}
  execute(id: number): Promise<{ status: 'deleted' | 'deactivated' | 'not_found'; message: string }> {
    return this.d.tx.run(async () => {
      if (!(await this.d.categories.get(id))) return { status: 'not_found' as const, message: 'Categoría no encontrada' };
      const products = await this.d.categories.countProducts(id);
      if (products > 0) {
        await this.d.categories.deactivate(id);
        return { status: 'deactivated' as const, message: `Categoría desactivada (tiene ${products} productos)` };
      }
      await this.d.categories.remove(id);
      return { status: 'deleted' as const, message: 'Categoría eliminada' };
    });
  }
}

// Images

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
const EXTENSIONS = ['.jpg', '.jpeg', '.png', '.gif', '.webp'];
const CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

export type UploadImageError = DomainError<'UPLOAD_INVALID'>;

/** POST /api/upload: validated, downscaled, re-encoded, stored under a content-addressed name. */
export class UploadImage {
  constructor(
    private readonly optimizer: ImageOptimizer,
    private readonly store: ImageStore,
  ) {}

  async execute(input: {
    filename: string | null;
    contentType: string | null;
    bytes: Buffer;
  }): Promise<Result<{ url: string; filename: string; size: number; originalSize: number; optimized: boolean }, UploadImageError>> {
    const invalid = (m: string) => err(domainError('UPLOAD_INVALID', m));
    if (!input.filename) return invalid('No se proporcionó un nombre de archivo');
    const ext = /\.[^.]+$/.exec(input.filename.toLowerCase())?.[0] ?? '';
    if (!EXTENSIONS.includes(ext)) return invalid(`Tipo de archivo no permitido. Use: ${EXTENSIONS.join(', ')}`);
    if (input.contentType && !CONTENT_TYPES.includes(input.contentType.toLowerCase()))
      return invalid(`Tipo de contenido no permitido: ${input.contentType}`);
    if (input.bytes.length > MAX_UPLOAD_BYTES) return invalid('El archivo es demasiado grande. Máximo: 5MB');
    if (input.bytes.length === 0) return invalid('El archivo está vacío');
    const image = await this.optimizer.optimize(input.bytes, ext);
    if (!image) return invalid('El archivo no es una imagen válida');
    const name = await this.store.save(image.bytes, image.extension);
    return ok({
      url: `/uploads/${name}`,
      filename: name,
      size: image.bytes.length,
      originalSize: input.bytes.length,
      optimized: image.optimized,
    });
  }
}
