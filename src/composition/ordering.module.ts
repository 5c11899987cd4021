import { SqlOrderRepository, SqlIdempotencyStore } from '../infrastructure/persistence/ordering/sql-order.repository';
import { SqlOrderQueries } from '../infrastructure/persistence/ordering/sql-order.queries';
import { AUDIT_LOG, CLOCK, OPERATIONS_METRICS, TRANSACTION_RUNNER } from '../application/shared/shared.ports';
import { token } from '../application/shared/token';
import { CLIENT_LOOKUP, IDEMPOTENCY_STORE, ORDER_QUERIES, ORDER_REPOSITORY, PRICE_LOOKUP } from '../application/ordering/ordering.ports';
import type { OrderPlacementPorts } from '../application/ordering/order-placement';
import { PlaceOrder, PurgeIdempotencyKeys } from '../application/ordering/place-order.use-case';
import {
  ChangeOrderState,
  UpdateOrderNotes,
  AssignOrderClient,
  AddOrderItem,
  UpdateOrderItem,
  RemoveOrderItem,
  DeleteOrders,
  type OrderChangePorts,
} from '../application/ordering/order-lifecycle.use-cases';
import {
  ListOrders,
  GetOrder,
  ListOldOrders,
  ListOrderCreators,
  PreviewStock,
  type OrderViewSettings,
} from '../application/ordering/order-queries.use-cases';
import { registerOrdersRoutes } from '../interfaces/http/orders/orders.routes';
import { CONFIG, SQL_STORE } from './core.module';
import { feature } from './binder';

/** The ports placing an order needs: shared with templates, which place orders the same way. */
export const ORDER_PLACEMENT = token<OrderPlacementPorts>('OrderPlacementPorts', [
  'orders',
  'products',
  'clients',
  'idempotency',
  'clock',
  'metrics',
]);
const ORDER_VIEW_SETTINGS = token<OrderViewSettings>('OrderViewSettings', ['ordersFrom']);

/** Orders: placing, changing, listing, deleting. */
export const orderingModule = feature('ordering', (b) => {
  b.provide(ORDER_REPOSITORY, [SQL_STORE], (s) => new SqlOrderRepository(s));
  b.provide(ORDER_QUERIES, [SQL_STORE], (s) => new SqlOrderQueries(s));
  b.provide(IDEMPOTENCY_STORE, [SQL_STORE], (s) => new SqlIdempotencyStore(s));
  b.provide(ORDER_VIEW_SETTINGS, [CONFIG], (c) => ({ ordersFrom: c.ordersFrom }));
  b.provide(
    ORDER_PLACEMENT,
    [ORDER_REPOSITORY, PRICE_LOOKUP, CLIENT_LOOKUP, IDEMPOTENCY_STORE, CLOCK, OPERATIONS_METRICS],
    (orders, products, clients, idempotency, clock, metrics) => ({
      orders,
      products,
      clients,
      idempotency,
      clock,
      metrics,
    }),
  );
  const changes = b.bag<OrderChangePorts>('changes', { orders: ORDER_REPOSITORY, tx: TRANSACTION_RUNNER, clock: CLOCK });

  b.useCase(PlaceOrder, [ORDER_PLACEMENT, TRANSACTION_RUNNER]);
  b.useCase(PurgeIdempotencyKeys, [IDEMPOTENCY_STORE, CLOCK]);
  b.useCase(ChangeOrderState, [changes, CLIENT_LOOKUP]);
  b.useCase(AssignOrderClient, [changes, CLIENT_LOOKUP]);
  b.useCase(AddOrderItem, [changes, PRICE_LOOKUP]);
  b.useCases(changes, [UpdateOrderNotes, UpdateOrderItem, RemoveOrderItem]);
  b.useCase(DeleteOrders, [changes, AUDIT_LOG]);
  b.useCase(ListOrders, [ORDER_QUERIES, ORDER_VIEW_SETTINGS]);
  b.useCase(GetOrder, [ORDER_QUERIES]);
  b.useCase(ListOldOrders, [ORDER_QUERIES, CLOCK, ORDER_VIEW_SETTINGS]);
  b.useCase(ListOrderCreators, [ORDER_QUERIES]);
  b.useCase(PreviewStock, [ORDER_QUERIES]);

  b.routes(
    {
      placeOrder: PlaceOrder,
      changeOrderState: ChangeOrderState,
      updateOrderNotes: UpdateOrderNotes,
      assignOrderClient: AssignOrderClient,
      addOrderItem: AddOrderItem,
      updateOrderItem: UpdateOrderItem,
      removeOrderItem: RemoveOrderItem,
      deleteOrders: DeleteOrders,
      listOrders: ListOrders,
      getOrder: GetOrder,
      listOldOrders: ListOldOrders,
      listOrderCreators: ListOrderCreators,
      previewStock: PreviewStock,
      queries: ORDER_QUERIES,
    },
    (router, { queries, ...d }, shared) =>
      registerOrdersRoutes(router, { ...d, ...shared, exportRows: (from, to) => queries.exportRows(from, to) }),
  );
});
