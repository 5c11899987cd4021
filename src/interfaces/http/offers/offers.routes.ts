import type Router from '@koa/router';
import type { Context } from 'koa';
import { MAX_PRICE, MAX_QUANTITY } from '../../../domain/shared/limits';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, Min, ValidateIf } from 'class-validator';
import { OFFER_TYPES, type OfertaData, type OfferType } from '../../../domain/offers/offer';
import { isAdminRole } from '../../../domain/users/role';
import type {
  ListOffers,
  ListActiveOffers,
  GetOffer,
  CreateOffer,
  UpdateOffer,
  DeleteOffer,
  ToggleOffer,
} from '../../../application/offers/offers.use-cases';
import type { Guards } from '../auth.middleware';
import { currentUser } from '../auth.middleware';
import type { RateLimiter } from '../rate-limit';
import { unwrap } from '../errors';
import { jsonBody, laxBoolean, pathId, validated, validatedList } from '../validation';
import { activeView, offerView } from './offers.views';

const notNull = (_: object, v: unknown) => v !== null && v !== undefined;

/** OfertaCreate (§13.1.6); `productos[].cantidad` any number > 0 (§13.1.11-6). */
export class OfertaBody {
  @IsString() titulo!: string;
  @IsOptional() @ValidateIf(notNull) @IsString() descripcion?: string | null;
  @IsString() desde!: string;
  @IsString() hasta!: string;
  @IsOptional() @IsBoolean() activa?: boolean;
  @IsOptional() @IsIn(OFFER_TYPES, { message: "Input should be 'porcentaje', 'precio_cantidad', 'nxm' or 'regalo'" }) tipo?: OfferType;
  @IsOptional() @ValidateIf(notNull) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100) descuento_porcentaje?:
    number | null;
  @IsOptional() @ValidateIf(notNull) @IsInt() @Min(2) @Max(MAX_QUANTITY) compra_cantidad?: number | null;
  @IsOptional() @ValidateIf(notNull) @IsInt() @Min(1) @Max(MAX_QUANTITY) paga_cantidad?: number | null;
  @IsOptional() @ValidateIf(notNull) @IsInt() @Min(1) regalo_producto_id?: number | null;
  @IsOptional() @ValidateIf(notNull) @IsInt() @Min(1) @Max(MAX_QUANTITY) regalo_cantidad?: number | null;
  reglas?: unknown;
  productos?: unknown;
}

export class RuleBody {
  @IsInt() @Min(1) @Max(MAX_QUANTITY) cantidad!: number;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(MAX_PRICE) precio_unitario!: number;
}

export class OfferProductBody {
  @IsInt() @Min(1) producto_id!: number;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.001) @Max(MAX_QUANTITY) cantidad?: number;
}

/** The body as the use cases' input; `activa` and `productos` null when absent (PUT keeps them). */
async function offerInput(ctx: Context) {
  const raw = jsonBody(ctx);
  const body = await validated(OfertaBody, { ...raw, activa: raw.activa === undefined ? undefined : laxBoolean(raw.activa) });
  const reglas = await validatedList(RuleBody, raw.reglas, 'reglas');
  const productos = await validatedList(OfferProductBody, raw.productos, 'productos');
  return {
    titulo: body.titulo,
    descripcion: body.descripcion ?? null,
    desde: body.desde,
    hasta: body.hasta,
    activa: body.activa ?? null,
    tipo: body.tipo ?? 'porcentaje',
    descuentoPorcentaje: body.descuento_porcentaje ?? null,
    reglas: reglas ? reglas.map((r) => ({ cantidad: r.cantidad, precio_unitario: r.precio_unitario })) : null,
    compraCantidad: body.compra_cantidad ?? null,
    pagaCantidad: body.paga_cantidad ?? null,
    regaloProductoId: body.regalo_producto_id ?? null,
    regaloCantidad: body.regalo_cantidad ?? 1,
    productos: productos ? productos.map((p) => ({ producto_id: p.producto_id, cantidad: p.cantidad ?? 1 })) : null,
  };
}

export interface OffersRoutesDeps {
  readonly listOffers: ListOffers;
  readonly listActiveOffers: ListActiveOffers;
  readonly getOffer: GetOffer;
  readonly createOffer: CreateOffer;
  readonly updateOffer: UpdateOffer;
  readonly deleteOffer: DeleteOffer;
  readonly toggleOffer: ToggleOffer;
  readonly guards: Guards;
  readonly limiter: RateLimiter;
}

/** Offers (API.md §13.1 with the recommendations of §13.1.11). */
export function registerOffersRoutes(router: Router, d: OffersRoutesDeps): void {
  const { user, admin } = d.guards;
  router.get('/api/ofertas', user, async (ctx) => {
    ctx.body = (await d.listOffers.execute({ isAdmin: isAdminRole(currentUser(ctx).rol) })).map(offerView);
  });
  // Public: the menu badge polls it before and after sign-in.
  router.get('/api/ofertas/activas', d.limiter.for('read', 'ofertas-activas'), async (ctx) => {
    ctx.body = (await d.listActiveOffers.execute()).map(activeView);
  });
  router.get('/api/ofertas/:id', user, async (ctx) => {
    ctx.body = offerView(unwrap(await d.getOffer.execute(pathId(ctx))));
  });
  router.post('/api/ofertas', admin, async (ctx) => {
    const input = await offerInput(ctx);
    const data: OfertaData = { ...input, activa: input.activa ?? true, productos: input.productos ?? [] };
    ctx.body = offerView(unwrap(await d.createOffer.execute(data)));
  });
  router.put('/api/ofertas/:id', admin, async (ctx) => {
    const id = pathId(ctx);
    ctx.body = offerView(unwrap(await d.updateOffer.execute(id, await offerInput(ctx))));
  });
  router.delete('/api/ofertas/:id', admin, async (ctx) => {
    await d.deleteOffer.execute(pathId(ctx));
    ctx.status = 204;
  });
  router.post('/api/ofertas/:id/toggle', admin, async (ctx) => {
    const r = unwrap(await d.toggleOffer.execute(pathId(ctx)));
    ctx.body = {
      success: true,
      activa: r.activa,
      fechas_actualizadas: r.redated,
      ...(r.redated ? { desde: r.desde, hasta: r.hasta } : {}),
    };
  });
}
