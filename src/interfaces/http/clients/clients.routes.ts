import type Router from '@koa/router';
import type { Context } from 'koa';
import { IsInt, IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import type { ListClients, GetClient, CreateClient, UpdateClient, DeleteClients } from '../../../application/clients/clients.use-cases';
import type { ClientData } from '../../../application/clients/clients.ports';
import type { Guards } from '../auth.middleware';
import type { RateLimiter } from '../rate-limit';
import { HttpError, httpErrorFor } from '../errors';
import { jsonBody, pathId, validated, validationError } from '../validation';
import { sendCsv } from '../exports';
import { clientView } from './clients.views';
import type { ClientRepository } from '../../../application/clients/clients.ports';

/** POST/PUT /api/clientes (API.md §4.3): empty strings are blank fields. */
export class ClientBody {
  @IsString() @Length(2, 100) nombre!: string;
  @IsOptional() @IsString() @MaxLength(50) telefono?: string | null;
  @IsOptional() @IsString() @MaxLength(300) direccion?: string | null;
  @IsOptional() @IsString() @MaxLength(100) zona?: string | null;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() vendedor_id?: number | null;
}

const blankToNull = (v: unknown): unknown => (v === '' ? null : v);

export async function clientData(ctx: Context): Promise<ClientData> {
  const raw = jsonBody(ctx);
  const body = await validated(ClientBody, {
    ...raw,
    telefono: blankToNull(raw.telefono),
    direccion: blankToNull(raw.direccion),
    zona: blankToNull(raw.zona),
    vendedor_id: blankToNull(raw.vendedor_id),
  });
  return {
    name: body.nombre,
    phone: body.telefono ?? null,
    address: body.direccion ?? null,
    zone: body.zona ?? null,
    sellerId: body.vendedor_id ?? null,
  };
}

/** `X-Confirm-Delete: true` (API.md §1.7), checked after auth and before existence. */
export function requireDeleteConfirmation(ctx: Context): void {
  if (ctx.get('X-Confirm-Delete') !== 'true') {
    throw new HttpError(400, 'Delete operation requires confirmation. Set X-Confirm-Delete: true header.');
  }
}

/** A bare JSON array of 1–50 positive ids (the frontend's bulk deletes). */
export function idList(ctx: Context, max: number): number[] {
  const body = ctx.request.body;
  const ids = Array.isArray(body)
    ? body
    : body && typeof body === 'object' && Array.isArray((body as Record<string, unknown>).ids)
      ? (body as { ids: unknown[] }).ids
      : null;
  if (!ids) throw validationError([{ field: 'body', message: 'Se esperaba una lista de IDs', value: null }]);
  if (ids.length === 0) throw new HttpError(400, 'La lista de IDs está vacía');
  if (ids.length > max) throw new HttpError(400, `Máximo ${max} elementos por operación`);
  if (!ids.every((id) => Number.isSafeInteger(id) && (id as number) > 0))
    throw validationError([{ field: 'body', message: 'Cada ID debe ser un entero positivo', value: ids.slice(0, 10) }]);
  return ids as number[];
}

export interface ClientsRoutesDeps {
  readonly listClients: ListClients;
  readonly getClient: GetClient;
  readonly createClient: CreateClient;
  readonly updateClient: UpdateClient;
  readonly deleteClients: DeleteClients;
  readonly exportRows: ClientRepository['exportRows'];
  readonly guards: Guards;
  readonly limiter: RateLimiter;
}

/** Clients (API.md §4, §10.4). */
export function registerClientsRoutes(router: Router, d: ClientsRoutesDeps): void {
  const { user, admin } = d.guards;
  router.get('/api/clientes', user, async (ctx) => {
    ctx.body = (await d.listClients.execute()).map(clientView);
  });
  router.get('/api/clientes/export/csv', admin, (ctx) => {
    sendCsv(
      ctx,
      'clientes.csv',
      ['id', 'nombre', 'telefono', 'direccion', 'zona'],
      mapRows(d.exportRows(), (r) => [r.id, r.name, r.phone, r.address, r.zone]),
      {
        delimiter: ';',
        bom: true,
        quoted: true,
        recordDelimiter: '\n',
      },
    );
  });
  router.post('/api/clientes/bulk-delete', admin, async (ctx) => {
    ctx.body = await d.deleteClients.many(idList(ctx, 50));
  });
  router.get('/api/clientes/:id', user, async (ctx) => {
    const r = await d.getClient.execute(pathId(ctx, 'id', 'cliente_id'));
    if (!r.ok) throw httpErrorFor(r.error);
    ctx.body = clientView(r.value);
  });
  router.post('/api/clientes', d.limiter.for('write', 'clientes'), user, async (ctx) => {
    const r = await d.createClient.execute(await clientData(ctx));
    if (!r.ok) throw httpErrorFor(r.error);
    ctx.body = clientView(r.value);
  });
  router.put('/api/clientes/:id', admin, async (ctx) => {
    const id = pathId(ctx, 'id', 'cliente_id');
    const r = await d.updateClient.execute(id, await clientData(ctx));
    if (!r.ok) throw httpErrorFor(r.error);
    ctx.body = clientView(r.value);
  });
  router.delete('/api/clientes/:id', admin, async (ctx) => {
    requireDeleteConfirmation(ctx);
    const r = await d.deleteClients.one(pathId(ctx, 'id', 'cliente_id'));
    if (!r.ok) throw httpErrorFor(r.error);
    ctx.status = 204;
  });
}

export async function* mapRows<T>(rows: AsyncIterable<T>, f: (row: T) => unknown[]): AsyncIterable<unknown[]> {
  for await (const row of rows) yield f(row);
}
