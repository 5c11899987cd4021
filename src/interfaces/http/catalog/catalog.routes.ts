import type Router from '@koa/router';
import type { Context } from 'koa';
import { koaBody } from 'koa-body';
import * as fs from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import type ExcelJSModule from 'exceljs';
import { IsInt, IsNumber, IsOptional, IsString, Length, MaxLength, Min, ValidateIf, Max } from 'class-validator';
import type {
  ListProducts,
  GetProduct,
  GetProductImages,
  CreateProduct,
  UpdateProduct,
  AdjustStock,
  DeleteProducts,
  ListCategories,
  GetCategory,
  SaveCategory,
  DeleteCategory,
  UploadImage,
} from '../../../application/catalog/catalog.use-cases';
import { MAX_UPLOAD_BYTES } from '../../../application/catalog/catalog.use-cases';
import type { ImageStore, ProductData, ProductRepository } from '../../../application/catalog/catalog.ports';
import type { JsonResponseCache } from '../json-response-cache';
import type { Guards } from '../auth.middleware';
import { currentUser } from '../auth.middleware';
import type { RateLimiter } from '../rate-limit';
import { HttpError, unwrap } from '../errors';
import { jsonBody, pathId, queryInt, queryString, validated, validationError } from '../validation';
import { uploadedFile } from '../body-parser';
import { MAX_PRICE, MAX_STOCK, MAX_STOCK_DELTA } from '../../../domain/shared/limits';
import { attachment, guardFormula, sendCsv } from '../exports';
import { idList, mapRows, requireDeleteConfirmation } from '../clients/clients.routes';
import { categoryView, productView } from './catalog.views';
import type { ProductExportRow } from '../../../application/catalog/catalog.ports';

const coerceNumber = (v: unknown): unknown => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);
const blankToNull = (v: unknown): unknown => (v === '' ? null : v);

export class ProductBody {
  @IsString() @Length(2, 100) nombre!: string;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(MAX_PRICE) precio!: number;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() categoria_id?: number | null;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(8_000_000) imagen_url?: string | null;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(MAX_STOCK) stock?: number;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(MAX_STOCK) stock_minimo?: number;
  @IsOptional() @IsString() @MaxLength(20) stock_tipo?: string;
}

export class StockBody {
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-MAX_STOCK_DELTA) @Max(MAX_STOCK_DELTA) delta?: number;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(MAX_STOCK) stock?: number;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(20) stock_tipo?: string | null;
}

export class CategoryBody {
  @IsString() @Length(1, 100) nombre!: string;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(500) descripcion?: string | null;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(50) color?: string | null;
  @IsOptional() @IsInt() orden?: number;
}

async function productData(ctx: Context): Promise<ProductData> {
  const raw = jsonBody(ctx);
  const b = await validated(ProductBody, {
    ...raw,
    precio: coerceNumber(raw.precio),
    stock: raw.stock === null ? undefined : coerceNumber(raw.stock),
    stock_minimo: raw.stock_minimo === null ? undefined : coerceNumber(raw.stock_minimo),
    categoria_id: blankToNull(coerceNumber(raw.categoria_id)),
    imagen_url: blankToNull(raw.imagen_url),
  });
  return {
    name: b.nombre,
    price: b.precio,
    categoryId: b.categoria_id ?? null,
    imageUrl: b.imagen_url ?? null,
    stock: b.stock ?? 0,
    minStock: b.stock_minimo ?? 10,
    stockUnit: b.stock_tipo || 'unidad',
  };
}

export interface CatalogRoutesDeps {
  readonly listProducts: ListProducts;
  readonly getProduct: GetProduct;
  readonly getProductImages: GetProductImages;
  readonly createProduct: CreateProduct;
  readonly updateProduct: UpdateProduct;
  readonly adjustStock: AdjustStock;
  readonly deleteProducts: DeleteProducts;
  readonly listCategories: ListCategories;
  readonly getCategory: GetCategory;
  readonly saveCategory: SaveCategory;
  readonly deleteCategory: DeleteCategory;
  readonly uploadImage: UploadImage;
  readonly images: ImageStore;
  readonly exportRows: ProductRepository['exportRows'];
  readonly guards: Guards;
  readonly limiter: RateLimiter;
  readonly cache: JsonResponseCache;
}

/** Products, stock, images, uploads and categories (API.md §5, §6, §0.6, §10.4). */
export function registerCatalogRoutes(router: Router, d: CatalogRoutesDeps): void {
  const { user, admin } = d.guards;

  // The catalog is read on every screen and changes rarely: a hit costs one PRAGMA.
  router.get('/api/productos', user, async (ctx) => {
    const limit = queryInt(ctx, 'limit', 1, 1000);
    const offset = queryInt(ctx, 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0;
    const lite = ['true', '1'].includes(String(ctx.query.lite ?? '').toLowerCase());
    const query = { q: queryString(ctx, 'q'), limit, offset: limit === null ? 0 : offset, lite };
    await d.cache.respond(ctx, `productos ${JSON.stringify(query)}`, async () => (await d.listProducts.execute(query)).map(productView));
  });
  router.get('/api/productos/export/csv', admin, (ctx) => {
    sendCsv(
      ctx,
      'productos.csv',
      ['id', 'nombre', 'precio', 'imagen_url', 'stock', 'categoria'],
      mapRows(d.exportRows(), (r) => [r.id, r.name, r.price, r.imageUrl, r.stock, r.category]),
      {
        delimiter: ';',
        bom: true,
        quoted: true,
        recordDelimiter: '\n',
      },
    );
  });
  router.get('/api/productos/export/xlsx', admin, async (ctx) => {
    const out = new PassThrough();
    ctx.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    ctx.set('Content-Disposition', attachment('productos.xlsx'));
    ctx.body = out;
    void writeProductsXlsx(out, d.exportRows()).catch((e: unknown) => out.destroy(e as Error));
  });
  router.post('/api/productos/images', user, async (ctx) => {
    const body = ctx.request.body as { ids?: unknown } | undefined;
    const ids = Array.isArray(body?.ids) ? body.ids.filter((id): id is number => Number.isSafeInteger(id)) : [];
    ctx.body = { images: await d.getProductImages.execute(ids) };
  });
  router.post('/api/productos/bulk-delete', admin, async (ctx) => {
    ctx.body = await d.deleteProducts.many(idList(ctx, 50));
  });
  router.get('/api/productos/:id', user, async (ctx) => {
    ctx.body = productView(unwrap(await d.getProduct.execute(pathId(ctx))));
  });
  router.post('/api/productos', d.limiter.for('write', 'productos'), admin, async (ctx) => {
    ctx.body = productView(unwrap(await d.createProduct.execute(await productData(ctx))));
  });
  router.put('/api/productos/:id', admin, async (ctx) => {
    const id = pathId(ctx);
    ctx.body = productView(unwrap(await d.updateProduct.execute(id, await productData(ctx))));
  });
  router.patch('/api/productos/:id/stock', user, async (ctx) => {
    const id = pathId(ctx);
    const raw = jsonBody(ctx);
    const b = await validated(StockBody, {
      ...raw,
      delta: raw.delta === null ? undefined : coerceNumber(raw.delta),
      stock: raw.stock === null ? undefined : coerceNumber(raw.stock),
    });
    if (b.delta === undefined && b.stock === undefined)
      throw validationError([{ field: 'body', message: 'Value error, Debe proporcionar delta o stock', value: raw }]);
    ctx.body = productView(unwrap(await d.adjustStock.execute(id, { delta: b.delta, stock: b.stock, stockUnit: b.stock_tipo ?? null })));
  });
  router.delete('/api/productos/:id', admin, async (ctx) => {
    requireDeleteConfirmation(ctx);
    unwrap(await d.deleteProducts.one(pathId(ctx)));
    ctx.status = 204;
  });
  router.put('/api/productos/:id/categoria', user, async (ctx) => {
    const id = pathId(ctx);
    const product = unwrap(await d.getProduct.execute(id));
    const categoriaId = queryInt(ctx, 'categoria_id', 1, Number.MAX_SAFE_INTEGER);
    unwrap(
      await d.updateProduct.execute(id, {
        ...product,
        categoryId: categoriaId,
        stock: product.stock ?? 0,
        minStock: product.minStock ?? 10,
        stockUnit: product.stockUnit ?? 'unidad',
      }),
    );
    ctx.body = { status: 'ok', producto_id: id, categoria_id: categoriaId };
  });

  // Categories
  router.get('/api/categorias', user, async (ctx) => {
    ctx.body = (await d.listCategories.execute(currentUser(ctx).rol)).map(categoryView);
  });
  router.get('/api/categorias/:id', user, async (ctx) => {
    ctx.body = categoryView(unwrap(await d.getCategory.execute(pathId(ctx))));
  });
  const categoryData = async (ctx: Context) => {
    const b = await validated(CategoryBody, jsonBody(ctx));
    return { name: b.nombre, description: b.descripcion ?? null, color: b.color || '#6366f1', order: b.orden ?? 0 };
  };
  router.post('/api/categorias', admin, async (ctx) => {
    ctx.body = categoryView(unwrap(await d.saveCategory.create(await categoryData(ctx))));
  });
  router.put('/api/categorias/:id', admin, async (ctx) => {
    const id = pathId(ctx);
    ctx.body = categoryView(unwrap(await d.saveCategory.update(id, await categoryData(ctx))));
  });
  router.delete('/api/categorias/:id', admin, async (ctx) => {
    requireDeleteConfirmation(ctx);
    const result = await d.deleteCategory.execute(pathId(ctx));
    if (result.status === 'not_found') throw new HttpError(404, result.message);
    ctx.body = result;
  });

  // Uploads: their own multipart parser, with the 5 MB image limit.
  const uploadParser = koaBody({
    multipart: true,
    json: false,
    urlencoded: false,
    formidable: { maxFiles: 1, maxFileSize: MAX_UPLOAD_BYTES, allowEmptyFiles: true, minFileSize: 0 },
    onError: (e) => {
      throw /maxFileSize|maxTotalFileSize|biggerThan/i.test(e.message)
        ? new HttpError(400, 'El archivo es demasiado grande. Máximo: 5MB')
        : new HttpError(400, `Formulario inválido: ${e.message}`);
    },
  });
  router.post(
    '/api/upload',
    d.limiter.for('write', 'upload'),
    user,
    async (ctx, next) => {
      if (!ctx.is('multipart/form-data')) throw new HttpError(400, 'Envíe la imagen como multipart/form-data en el campo "file"');
      await next();
    },
    uploadParser,
    async (ctx) => {
      const file = uploadedFile(ctx);
      try {
        const bytes = await fs.readFile(file.filepath);
        const up = unwrap(
          await d.uploadImage.execute({ filename: file.originalFilename ?? null, contentType: file.mimetype ?? null, bytes }),
        );
        ctx.body = { url: up.url, filename: up.filename, size: up.size, original_size: up.originalSize, optimized: up.optimized };
      } finally {
        await fs.rm(file.filepath, { force: true });
      }
    },
  );
  const serve = async (ctx: Context) => {
    const image = await d.images.read(String(ctx.params.name ?? ''));
    if (!image) throw new HttpError(404, 'Imagen no encontrada');
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.type = image.contentType;
    ctx.body = image.bytes;
  };
  router.get('/api/uploads/:name', serve);
  router.get('/uploads/:name', serve);
}

/** productos.xlsx (API.md §13.11.2), written row by row to the response. */
async function writeProductsXlsx(out: PassThrough, rows: AsyncIterable<ProductExportRow>): Promise<void> {
  // Loaded on the first export: exceljs is the heaviest module of the server (0.1 s, ~10 MB).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use, not import(): server-bundle.ts
  const ExcelJS = require('exceljs') as typeof ExcelJSModule;
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = book.addWorksheet('Productos');
  const border = {
    top: { style: 'thin' as const },
    left: { style: 'thin' as const },
    bottom: { style: 'thin' as const },
    right: { style: 'thin' as const },
  };
  sheet.columns = [
    { header: 'ID', width: 8 },
    { header: 'Nombre', width: 35 },
    { header: 'Precio', width: 12, style: { numFmt: '"$"#,##0.00' } },
    { header: 'Stock', width: 10 },
    { header: 'Tipo Stock', width: 12 },
    { header: 'Stock Mínimo', width: 14 },
    { header: 'Categoría', width: 20 },
    { header: 'Imagen URL', width: 50 },
  ];
  const head = sheet.getRow(1);
  head.eachCell((cell) => {
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF4472C4' } };
    cell.alignment = { horizontal: 'center' };
    cell.border = border;
  });
  head.commit();
  for await (const r of rows) {
    const image = r.imageUrl && r.imageUrl.startsWith('data:') ? '(imagen embebida)' : r.imageUrl;
    const row = sheet.addRow([
      r.id,
      guardFormula(r.name),
      r.price,
      r.stock,
      guardFormula(r.stockUnit),
      r.minStock,
      guardFormula(r.category ?? 'Sin categoría'),
      guardFormula(image),
    ]);
    row.eachCell((cell) => (cell.border = border));
    row.commit();
  }
  sheet.commit();
  await book.commit();
}
