import type Router from '@koa/router';
import { IsInt, IsNumber, IsOptional, IsString, MaxLength, Min, ValidateIf } from 'class-validator';
import type {
  ListTemplates,
  GetTemplate,
  CreateTemplate,
  UpdateTemplate,
  DeleteTemplate,
  RunTemplate,
} from '../../../application/templates/templates.use-cases';
import type { TemplateLine } from '../../../application/templates/templates.ports';
import type { Guards } from '../auth.middleware';
import { currentUser } from '../auth.middleware';
import type { RateLimiter } from '../rate-limit';
import { HttpError, unwrap } from '../errors';
import { jsonBody, pathId, validated, validatedList } from '../validation';
import { ORDER_CREATOR_ROLES } from '../../../domain/users/role';
import { templateView } from './templates.views';

const present = (_: object, v: unknown) => v !== null && v !== undefined;

export class TemplateBody {
  @IsString() @MaxLength(200) nombre!: string;
  @IsOptional() @ValidateIf(present) @IsInt() @Min(1) cliente_id?: number | null;
  @IsOptional() @ValidateIf(present) @IsString() @MaxLength(50) frecuencia?: string | null;
}

export class TemplatePatch {
  @IsOptional() @ValidateIf(present) @IsString() @MaxLength(200) nombre?: string | null;
  @IsOptional() @ValidateIf(present) @IsInt() @Min(1) cliente_id?: number | null;
  @IsOptional() @ValidateIf(present) @IsString() @MaxLength(50) frecuencia?: string | null;
}

export class TemplateLineBody {
  @IsInt() @Min(1) producto_id!: number;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) cantidad?: number;
  @IsOptional() @IsString() @MaxLength(20) tipo?: string;
}

const toLines = (rows: TemplateLineBody[]): TemplateLine[] =>
  rows.map((r) => ({ productId: r.producto_id, quantity: r.cantidad ?? 1, tipo: r.tipo || 'unidad' }));

export interface TemplatesRoutesDeps {
  readonly listTemplates: ListTemplates;
  readonly getTemplate: GetTemplate;
  readonly createTemplate: CreateTemplate;
  readonly updateTemplate: UpdateTemplate;
  readonly deleteTemplate: DeleteTemplate;
  readonly runTemplate: RunTemplate;
  readonly guards: Guards;
  readonly limiter: RateLimiter;
}

/** Recurring-order templates (API.md §13.9); `ejecutar` places the order through PlaceOrder. */
export function registerTemplatesRoutes(router: Router, d: TemplatesRoutesDeps): void {
  const { user, admin } = d.guards;
  const read = d.limiter.for('read', 'templates');
  const write = d.limiter.for('write', 'templates');
  router.get('/api/templates', read, user, async (ctx) => {
    ctx.body = (await d.listTemplates.execute()).map(templateView);
  });
  router.get('/api/templates/:id', read, user, async (ctx) => {
    ctx.body = templateView(unwrap(await d.getTemplate.execute(pathId(ctx))));
  });
  router.post('/api/templates', write, admin, async (ctx) => {
    const raw = jsonBody(ctx);
    const b = await validated(TemplateBody, raw);
    const productos = await validatedList(TemplateLineBody, raw.productos, 'productos');
    if (productos === null) throw new HttpError(400, 'Se requiere al menos un producto');
    const fields = { name: b.nombre, clientId: b.cliente_id ?? null, frequency: b.frecuencia ?? null };
    ctx.body = templateView(unwrap(await d.createTemplate.execute(fields, toLines(productos))));
  });
  router.put('/api/templates/:id', write, admin, async (ctx) => {
    const id = pathId(ctx);
    const raw = jsonBody(ctx);
    const b = await validated(TemplatePatch, raw);
    const productos = await validatedList(TemplateLineBody, raw.productos, 'productos');
    // A present null clears cliente_id / frecuencia ("Sin cliente", "Sin frecuencia"); an absent key keeps them.
    const patch = {
      name: b.nombre ?? null,
      ...('cliente_id' in raw ? { clientId: b.cliente_id ?? null } : {}),
      ...('frecuencia' in raw ? { frequency: b.frecuencia ?? null } : {}),
      lines: productos ? toLines(productos) : null,
    };
    ctx.body = templateView(unwrap(await d.updateTemplate.execute(id, patch)));
  });
  router.delete('/api/templates/:id', write, admin, async (ctx) => {
    unwrap(await d.deleteTemplate.execute(pathId(ctx)));
    ctx.status = 204;
  });
  router.post(
    '/api/templates/:id/ejecutar',
    write,
    d.guards.roles(ORDER_CREATOR_ROLES, 'No tienes permiso para crear pedidos'),
    async (ctx) => {
      const me = currentUser(ctx);
      const r = unwrap(
        await d.runTemplate.execute(pathId(ctx), { createdBy: me.username, idempotencyKey: ctx.get('X-Idempotency-Key') || null }),
      );
      ctx.body = { pedido_id: r.orderId, message: 'Pedido creado desde template' };
    },
  );
}
