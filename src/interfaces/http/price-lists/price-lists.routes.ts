import type Router from '@koa/router';
import { IsInt, IsNumber, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import type {
  ListPriceLists,
  GetPriceList,
  CreatePriceList,
  UpdatePriceList,
  DeletePriceList,
  SetSpecialPrice,
  RemoveSpecialPrice,
} from '../../../application/price-lists/price-lists.use-cases';
import type { Guards } from '../auth.middleware';
import type { RateLimiter } from '../rate-limit';
import { unwrap } from '../errors';
import { jsonBody, pathId, validated } from '../validation';
import { priceListDetailView, priceListView } from './price-lists.views';

const present = (_: object, v: unknown) => v !== null && v !== undefined;

export class PriceListBody {
  @IsString() @MaxLength(100) nombre!: string;
  @IsOptional() @ValidateIf(present) @IsString() @MaxLength(500) descripcion?: string | null;
  @IsOptional() @ValidateIf(present) @IsNumber({ allowNaN: false, allowInfinity: false }) multiplicador?: number | null;
}

export class PriceListPatch {
  @IsOptional() @ValidateIf(present) @IsString() @MaxLength(100) nombre?: string | null;
  @IsOptional() @ValidateIf(present) @IsString() @MaxLength(500) descripcion?: string | null;
  @IsOptional() @ValidateIf(present) @IsNumber({ allowNaN: false, allowInfinity: false }) multiplicador?: number | null;
}

export class SpecialPriceBody {
  @IsInt() producto_id!: number;
  @IsNumber({ allowNaN: false, allowInfinity: false }) precio_especial!: number;
}

export interface PriceListsRoutesDeps {
  readonly listPriceLists: ListPriceLists;
  readonly getPriceList: GetPriceList;
  readonly createPriceList: CreatePriceList;
  readonly updatePriceList: UpdatePriceList;
  readonly deletePriceList: DeletePriceList;
  readonly setSpecialPrice: SetSpecialPrice;
  readonly removeSpecialPrice: RemoveSpecialPrice;
  readonly guards: Guards;
  readonly limiter: RateLimiter;
}

/** Price lists, admin only (API.md §13.2 with the fixes of §13.2.9). */
export function registerPriceListsRoutes(router: Router, d: PriceListsRoutesDeps): void {
  const { admin } = d.guards;
  const read = d.limiter.for('read', 'listas-precios');
  const write = d.limiter.for('write', 'listas-precios');
  router.get('/api/listas-precios', read, admin, async (ctx) => {
    ctx.body = (await d.listPriceLists.execute()).map(priceListView);
  });
  router.get('/api/listas-precios/:id', read, admin, async (ctx) => {
    ctx.body = priceListDetailView(unwrap(await d.getPriceList.execute(pathId(ctx))));
  });
  router.post('/api/listas-precios', write, admin, async (ctx) => {
    const b = await validated(PriceListBody, jsonBody(ctx));
    const list = unwrap(
      await d.createPriceList.execute({ name: b.nombre, description: b.descripcion ?? null, multiplier: b.multiplicador ?? null }),
    );
    ctx.body = { ...priceListView(list), message: 'Lista creada exitosamente' };
  });
  router.put('/api/listas-precios/:id', write, admin, async (ctx) => {
    const id = pathId(ctx);
    const b = await validated(PriceListPatch, jsonBody(ctx));
    const list = unwrap(
      await d.updatePriceList.execute(id, {
        name: b.nombre ?? null,
        description: b.descripcion ?? null,
        multiplier: b.multiplicador ?? null,
      }),
    );
    ctx.body = { ...priceListView(list), message: 'Lista actualizada' };
  });
  router.delete('/api/listas-precios/:id', write, admin, async (ctx) => {
    const id = pathId(ctx);
    const r = unwrap(await d.deletePriceList.execute(id));
    ctx.body = { message: 'Lista eliminada', id, clientes_desasignados: r.clientsUnassigned };
  });
  router.post('/api/listas-precios/:id/precios', write, admin, async (ctx) => {
    const id = pathId(ctx);
    const b = await validated(SpecialPriceBody, jsonBody(ctx));
    unwrap(await d.setSpecialPrice.execute(id, { productId: b.producto_id, precio: b.precio_especial }));
    ctx.body = { message: 'Precio especial agregado', lista_id: id, producto_id: b.producto_id, precio_especial: b.precio_especial };
  });
  router.delete('/api/listas-precios/:id/precios/:producto_id', write, admin, async (ctx) => {
    unwrap(await d.removeSpecialPrice.execute(pathId(ctx), pathId(ctx, 'producto_id')));
    ctx.body = { message: 'Precio especial eliminado' };
  });
}
