import type Router from '@koa/router';
import type { Context } from 'koa';
import { IsArray, IsInt, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import type { GenerateOrdersPdf, GenerateRouteSheet } from '../../../application/printing/printing.use-cases';
import type { Guards } from '../auth.middleware';
import { currentUser } from '../auth.middleware';
import type { RateLimiter } from '../rate-limit';
import { unwrap } from '../errors';
import { jsonBody, validated } from '../validation';
import { attachment } from '../exports';

export class OrdersPdfBody {
  @IsArray() @IsInt({ each: true, message: 'pedido_ids debe ser una lista de números enteros' }) pedido_ids!: number[];
}

export class RouteSheetBody {
  @IsString() @MaxLength(100) repartidor!: string;
  @IsOptional() @ValidateIf((_: object, v: unknown) => v !== null) @IsString() @MaxLength(100) zona?: string | null;
}

function sendPdf(ctx: Context, pdf: Buffer, filename: string): void {
  ctx.set('Content-Disposition', attachment(filename));
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'application/pdf';
  ctx.body = pdf;
}

export interface PrintingRoutesDeps {
  readonly generateOrdersPdf: GenerateOrdersPdf;
  readonly generateRouteSheet: GenerateRouteSheet;
  readonly guards: Guards;
  readonly limiter: RateLimiter;
}

/** The two printed documents: the orders PDF (§13.5) and the driver's route sheet (§13.4). */
export function registerPrintingRoutes(router: Router, d: PrintingRoutesDeps): void {
  const { user } = d.guards;
  router.post('/api/pedidos/generar_pdfs', d.limiter.for('write', 'generar_pdfs'), user, async (ctx) => {
    const b = await validated(OrdersPdfBody, jsonBody(ctx));
    const r = unwrap(await d.generateOrdersPdf.execute({ ids: b.pedido_ids, viewer: currentUser(ctx) }));
    ctx.set('X-Pedidos-Impresos', String(r.printed.length));
    sendPdf(ctx, r.pdf, r.filename);
  });
  router.post('/api/hoja-ruta/generar-pdf', d.limiter.for('read', 'hoja-ruta'), user, async (ctx) => {
    const b = await validated(RouteSheetBody, jsonBody(ctx));
    const r = unwrap(await d.generateRouteSheet.execute({ driver: b.repartidor, zone: b.zona ?? null, viewer: currentUser(ctx) }));
    sendPdf(ctx, r.pdf, `hoja_ruta_${b.repartidor}.pdf`);
  });
}
