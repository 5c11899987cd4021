import type Router from '@koa/router';
import { ORDER_CREATOR_ROLES, STAFF_ROLES } from '../../../domain/users/role';
import { ORDER_STATES } from '../../../domain/ordering/order-state';
import type { Context } from 'koa';
import { DateTime } from 'luxon';
import { Allow, ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import type { PlaceOrder, PlaceOrderInput } from '../../../application/ordering/place-order.use-case';
import type {
  ChangeOrderState,
  UpdateOrderNotes,
  AssignOrderClient,
  AddOrderItem,
  UpdateOrderItem,
  RemoveOrderItem,
  DeleteOrders,
  OrderActor,
} from '../../../application/ordering/order-lifecycle.use-cases';
import type {
  ListOrders,
  GetOrder,
  ListOldOrders,
  ListOrderCreators,
  PreviewStock,
} from '../../../application/ordering/order-queries.use-cases';
import type { OrderQueries } from '../../../application/ordering/ordering.ports';
import { oldOrderView, orderDetailView, orderListView, orderStateView, placedOrderView, stockPreviewView } from './orders.views';
import type { Guards } from '../auth.middleware';
import type { JsonResponseCache } from '../json-response-cache';
import { actorOf, currentUser } from '../auth.middleware';
import type { RateLimiter } from '../rate-limit';
import { HttpError, unwrap } from '../errors';
import { jsonBody, laxBoolean, pathId, queryInt, queryString, validated, validationError } from '../validation';
import { sendCsv } from '../exports';
import { mapRows } from '../clients/clients.routes';

export class StateBody {
  @IsString() @MaxLength(50) estado!: string;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(100) repartidor?: string | null;
}
export class NotesBody {
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(5000) notas?: string | null;
}
export class ItemBody {
  @IsOptional() @IsInt() producto_id?: number;
  /** Checked by the use case (a finite number > 0), with a message naming the product. */
  @Allow() cantidad!: unknown;
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(20) tipo?: string | null;
}
export class OrderIdsBody {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsInt({ each: true }) pedido_ids!: number[];
}
export class PreviewBody {
  @IsArray() @ArrayMaxSize(1000) @IsInt({ each: true }) pedido_ids!: number[];
}

const toNumber = (v: unknown): unknown => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);
const toId = (v: unknown): number | null => {
  const n = toNumber(v);
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
};

/**
 * The two request formats of API.md §7.2 (the frontend's `cliente` + `productos`, and
 * `cliente_id` + `items`) mapped to PlaceOrder's one input. Semantic checks are the use case's.
 */
export function placeOrderInput(ctx: Context, createdBy: string): PlaceOrderInput {
  const body = jsonBody(ctx);
  const cliente = body.cliente as Record<string, unknown> | null | undefined;
  const rawClient = body.cliente_id ?? (cliente && typeof cliente === 'object' ? cliente.id : undefined);
  let clientId: number | null = null;
  if (rawClient !== undefined && rawClient !== null && rawClient !== '') {
    clientId = toId(rawClient);
    if (clientId === null) throw new HttpError(400, `Cliente con ID ${String(rawClient).slice(0, 50)} no existe`);
  }
  const productos = Array.isArray(body.productos) && body.productos.length > 0 ? body.productos : null;
  const items = Array.isArray(body.items) ? body.items : [];
  const source = (productos ?? items) as unknown[];
  const lines = source.map((entry, i) => {
    if (!entry || typeof entry !== 'object')
      throw validationError([{ field: `body.${productos ? 'productos' : 'items'}.${i}`, message: 'Se esperaba un objeto', value: entry }]);
    const e = entry as Record<string, unknown>;
    const rawId = productos ? (e.id ? e.id : e.producto_id) : e.producto_id;
    const productId = rawId === undefined || rawId === null || rawId === '' ? null : toId(rawId);
    if (rawId !== undefined && rawId !== null && rawId !== '' && productId === null) {
      throw new HttpError(400, `Producto con ID ${String(rawId).slice(0, 50)} no existe`);
    }
    const tipo = productos && typeof e.tipo === 'string' && e.tipo ? e.tipo.slice(0, 20) : 'unidad';
    return { productId, quantity: toNumber(e.cantidad), tipo };
  });
  const header = ctx.get('X-Idempotency-Key');
  const key = header || (typeof body.idempotency_key === 'string' ? body.idempotency_key : '');
  return {
    clientId,
    lines,
    notes: typeof body.notas === 'string' && body.notas !== '' ? body.notas.slice(0, 5000) : null,
    pdfGenerated: laxBoolean(body.pdf_generado) === true,
    createdBy,
    idempotencyKey: key ? key.slice(0, 200) : null,
  };
}

const orderActor = (ctx: Context): OrderActor => ({ ...actorOf(ctx), rol: currentUser(ctx).rol });

export interface OrdersRoutesDeps {
  readonly placeOrder: PlaceOrder;
  readonly changeOrderState: ChangeOrderState;
  readonly updateOrderNotes: UpdateOrderNotes;
  readonly assignOrderClient: AssignOrderClient;
  readonly addOrderItem: AddOrderItem;
  readonly updateOrderItem: UpdateOrderItem;
  readonly removeOrderItem: RemoveOrderItem;
  readonly deleteOrders: DeleteOrders;
  readonly listOrders: ListOrders;
  readonly getOrder: GetOrder;
  readonly listOldOrders: ListOldOrders;
  readonly listOrderCreators: ListOrderCreators;
  readonly previewStock: PreviewStock;
  readonly exportRows: OrderQueries['exportRows'];
  readonly guards: Guards;
  readonly limiter: RateLimiter;
  readonly cache: JsonResponseCache;
}

/** Orders (API.md §7, §8 as amended by §0.5, and the CSV export of §13.11.1). */
export function registerOrdersRoutes(router: Router, d: OrdersRoutesDeps): void {
  const { user, admin } = d.guards;
  const write = (name: string) => d.limiter.for('write', name);
  const read = (name: string) => d.limiter.for('read', name);

  const creators = d.guards.roles(ORDER_CREATOR_ROLES, 'No tienes permiso para crear pedidos');
  router.post('/api/pedidos', write('pedidos'), creators, async (ctx) => {
    const me = currentUser(ctx);
    ctx.body = placedOrderView(unwrap(await d.placeOrder.execute(placeOrderInput(ctx, me.username))));
  });

  // Every till polls the order list: it is kept until the next commit, per viewer and filter.
  router.get('/api/pedidos', user, async (ctx) => {
    const viewer = currentUser(ctx);
    const input = {
      viewer: { username: viewer.username, rol: viewer.rol },
      clientId: queryInt(ctx, 'cliente_id', 1, Number.MAX_SAFE_INTEGER),
      from: queryString(ctx, 'fecha_inicio', 40),
      to: queryString(ctx, 'fecha_fin', 40),
      state: queryString(ctx, 'estado', 50),
      createdBy: queryString(ctx, 'creado_por', 150),
    };
    await d.cache.respond(ctx, `pedidos ${JSON.stringify(input)}`, async () => (await d.listOrders.execute(input)).map(orderListView));
  });

  router.get('/api/pedidos/antiguos', read('antiguos'), user, async (ctx) => {
    ctx.body = (await d.listOldOrders.execute({ hours: queryInt(ctx, 'horas', 1, 168) ?? 24, viewer: currentUser(ctx) })).map(oldOrderView);
  });

  router.get(
    '/api/pedidos/creators',
    read('creators'),
    d.guards.roles(STAFF_ROLES, 'No tienes permiso para ver esta información'),
    async (ctx) => {
      ctx.body = await d.listOrderCreators.execute();
    },
  );

  router.get('/api/pedidos/export/csv', read('pedidos-export'), d.guards.roles(STAFF_ROLES, 'No tienes permiso para exportar'), (ctx) => {
    const rows = d.exportRows(queryString(ctx, 'desde', 40), queryString(ctx, 'hasta', 40));
    sendCsv(
      ctx,
      `pedidos_${DateTime.now().setZone('America/Montevideo').toFormat('yyyyLLdd')}.csv`,
      ['ID', 'Cliente', 'Fecha', 'Estado', 'Notas', 'Creado Por'],
      mapRows(rows, (r) => [r.id, r.clientName, r.placedAt, r.state, r.notes, r.createdBy]),
      { delimiter: ',', bom: false, quoted: false, recordDelimiter: '\r\n' },
    );
  });

  router.post('/api/pedidos/preview_stock', read('preview_stock'), user, async (ctx) => {
    const body = await validated(PreviewBody, jsonBody(ctx));
    ctx.body = stockPreviewView(await d.previewStock.execute({ orderIds: body.pedido_ids, viewer: currentUser(ctx) }));
  });

  router.post('/api/pedidos/bulk-delete', write('pedidos-bulk-delete'), admin, async (ctx) => {
    const body = await validated(OrderIdsBody, jsonBody(ctx));
    const result = unwrap(await d.deleteOrders.execute({ orderIds: body.pedido_ids, actor: orderActor(ctx), bulk: true }));
    ctx.body = { deleted: result.deleted, errors: [], message: `Se eliminaron ${result.deleted} pedidos` };
  });

  router.get('/api/pedidos/:id', user, async (ctx) => {
    ctx.body = orderDetailView(unwrap(await d.getOrder.execute({ orderId: pathId(ctx), viewer: currentUser(ctx) })));
  });

  router.put('/api/pedidos/:id/estado', admin, async (ctx) => {
    const id = pathId(ctx);
    const raw = jsonBody(ctx);
    const body = await validated(StateBody, raw);
    const r = await d.changeOrderState.execute({
      orderId: id,
      state: body.estado,
      driver: 'repartidor' in raw ? (body.repartidor ?? undefined) : undefined,
      actor: orderActor(ctx),
    });
    if (!r.ok && r.error.code === 'INVALID_STATE') {
      throw new HttpError(400, r.error.message, [
        { field: 'body.estado', message: `Estados permitidos: ${ORDER_STATES.join(', ')}`, value: body.estado },
      ]);
    }
    ctx.body = orderStateView(unwrap(r));
  });

  router.put('/api/pedidos/:id/notas', write('notas'), user, async (ctx) => {
    const id = pathId(ctx);
    const body = await validated(NotesBody, jsonBody(ctx));
    unwrap(await d.updateOrderNotes.execute({ orderId: id, notes: body.notas ?? null, actor: orderActor(ctx) }));
    ctx.body = { message: 'Notas actualizadas' };
  });

  router.put('/api/pedidos/:id/cliente', write('asignar-cliente'), admin, async (ctx) => {
    const id = pathId(ctx);
    const clientId = queryInt(ctx, 'cliente_id', 1, Number.MAX_SAFE_INTEGER);
    if (clientId === null) throw validationError([{ field: 'query.cliente_id', message: 'Field required', value: null }]);
    unwrap(await d.assignOrderClient.execute({ orderId: id, clientId, actor: orderActor(ctx) }));
    ctx.body = { message: 'Cliente asignado' };
  });

  const item = async (ctx: Context) => {
    const raw = jsonBody(ctx);
    const body = await validated(ItemBody, { ...raw, producto_id: toNumber(raw.producto_id) });
    return { quantity: toNumber(body.cantidad), tipo: body.tipo || 'unidad', productoId: body.producto_id };
  };
  router.post('/api/pedidos/:id/items', write('items'), user, async (ctx) => {
    const id = pathId(ctx);
    const b = await item(ctx);
    if (b.productoId === undefined) throw validationError([{ field: 'body.producto_id', message: 'Field required', value: null }]);
    unwrap(
      await d.addOrderItem.execute({ orderId: id, productId: b.productoId, quantity: b.quantity, tipo: b.tipo, actor: orderActor(ctx) }),
    );
    ctx.body = { message: 'Item agregado' };
  });
  router.put('/api/pedidos/:id/items/:producto_id', write('items'), user, async (ctx) => {
    const id = pathId(ctx);
    const productId = pathId(ctx, 'producto_id');
    const b = await item(ctx);
    unwrap(await d.updateOrderItem.execute({ orderId: id, productId, quantity: b.quantity, tipo: b.tipo, actor: orderActor(ctx) }));
    ctx.body = { message: 'Item actualizado' };
  });
  router.delete('/api/pedidos/:id/items/:producto_id', write('items'), user, async (ctx) => {
    unwrap(await d.removeOrderItem.execute({ orderId: pathId(ctx), productId: pathId(ctx, 'producto_id'), actor: orderActor(ctx) }));
    ctx.status = 204;
  });

  router.delete('/api/pedidos/:id', admin, async (ctx) => {
    unwrap(await d.deleteOrders.execute({ orderIds: [pathId(ctx)], actor: orderActor(ctx), bulk: false }));
    ctx.status = 204;
  });
}
