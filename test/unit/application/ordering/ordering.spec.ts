import { expect } from 'chai';
import { PlaceOrder, PurgeIdempotencyKeys, type PlaceOrderInput } from '../../../../src/application/ordering/place-order.use-case';
import {
  AddOrderItem,
  AssignOrderClient,
  ChangeOrderState,
  DeleteOrders,
  RemoveOrderItem,
  UpdateOrderItem,
  UpdateOrderNotes,
} from '../../../../src/application/ordering/order-lifecycle.use-cases';
import { FixedClock, InMemoryAuditLog, RecordingMetrics } from '../../../fakes/in-memory-auth';
import { InMemoryIdempotencyStore, InMemoryOrderRepository, InMemoryShop } from '../../../fakes/in-memory-ordering';
import { DirectTransactionRunner } from '../../../fakes/in-memory-user-repository';

const input = (over: Partial<PlaceOrderInput> = {}): PlaceOrderInput => ({
  clientId: 1,
  lines: [
    { productId: 1, quantity: 2, tipo: 'kg' },
    { productId: 2, quantity: 1, tipo: 'unidad' },
  ],
  notes: null,
  pdfGenerated: false,
  createdBy: 'vendedor1',
  idempotencyKey: null,
  ...over,
});
const vendedor = { username: 'vendedor1', rol: 'vendedor', ip: null, userAgent: null };
const otherVendedor = { ...vendedor, username: 'vendedor2' };
const admin = { username: 'admin', rol: 'admin', ip: '10.0.0.1', userAgent: 'test' };

function setUp() {
  const orders = new InMemoryOrderRepository();
  const shop = new InMemoryShop();
  const idempotency = new InMemoryIdempotencyStore();
  const clock = new FixedClock();
  const audit = new InMemoryAuditLog();
  const metrics = new RecordingMetrics();
  const ports = { orders, products: shop, clients: shop, idempotency, clock, metrics };
  const changes = { orders, tx: new DirectTransactionRunner(), clock };
  return {
    orders,
    metrics,
    idempotency,
    clock,
    audit,
    place: new PlaceOrder(ports, new DirectTransactionRunner()),
    changeState: new ChangeOrderState(changes, shop),
    notes: new UpdateOrderNotes(changes),
    assign: new AssignOrderClient(changes, shop),
    add: new AddOrderItem(changes, shop),
    update: new UpdateOrderItem(changes),
    remove: new RemoveOrderItem(changes),
    del: new DeleteOrders(changes, audit),
    purge: new PurgeIdempotencyKeys(idempotency, clock),
  };
}

describe('unit: the ordering use cases with in-memory ports', () => {
  it('PlaceOrder answers a receipt with the client name and the total, and stores the order once', async () => {
    const t = setUp();
    const r = await t.place.execute(input());
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).to.deep.include({
      id: 1,
      clientId: 1,
      clientName: 'Carnicería Don José',
      createdBy: 'vendedor1',
      total: 2 * 420 + 180.5,
    });
    expect(t.orders.rows.size).to.equal(1);
    expect(t.orders.history.get(1)!.map((h) => h.action)).to.deep.equal(['creado']);
  });

  it('PlaceOrder refuses, in order and without writing: no client, no lines, a line without product, unknown client, bad quantity, unknown product', async () => {
    const t = setUp();
    const refusals: [Partial<PlaceOrderInput>, string][] = [
      [{ clientId: null }, 'CLIENT_REQUIRED'],
      [{ lines: [] }, 'EMPTY_ORDER'],
      [{ lines: [{ productId: null, quantity: 1, tipo: 'kg' }] }, 'PRODUCT_REQUIRED'],
      [{ clientId: 99 }, 'UNKNOWN_CLIENT'],
      [{ lines: [{ productId: 1, quantity: -1, tipo: 'kg' }] }, 'INVALID_QUANTITY'],
      [{ lines: [{ productId: 77, quantity: 1, tipo: 'kg' }] }, 'UNKNOWN_PRODUCT'],
    ];
    for (const [over, code] of refusals) {
      const r = await t.place.execute(input(over));
      expect(!r.ok && r.error.code, code).to.equal(code);
    }
    expect(t.orders.rows.size).to.equal(0);
  });

  it('an idempotency key answers the first receipt again and places nothing; keys are per user and purged after 48 h', async () => {
    const t = setUp();
    const first = await t.place.execute(input({ idempotencyKey: 'k' }));
    const again = await t.place.execute(input({ idempotencyKey: 'k', notes: 'otra cosa' }));
    expect(again).to.deep.equal(first);
    await t.place.execute(input({ idempotencyKey: 'k', createdBy: 'oficina1' }));
    expect(t.orders.rows.size).to.equal(2);
    // The metrics count the two orders placed, not the repeat.
    expect(t.metrics.placed).to.deep.equal(['order', 'order']);
    t.clock.advance({ hours: 49 });
    expect(await t.purge.execute()).to.equal(2);
  });

  it('ChangeOrderState: an invalid state is named before the order is looked up; a missing order is ORDER_NOT_FOUND', async () => {
    const t = setUp();
    const bad = await t.changeState.execute({ orderId: 999, state: 'tomado', actor: admin });
    expect(!bad.ok && bad.error.code).to.equal('INVALID_STATE');
    const missing = await t.changeState.execute({ orderId: 999, state: 'preparando', actor: admin });
    expect(!missing.ok && missing.error.code).to.equal('ORDER_NOT_FOUND');
    await t.place.execute(input());
    const r = await t.changeState.execute({ orderId: 1, state: 'entregado', driver: 'Juan', actor: admin });
    expect(r.ok && r.value.clientName).to.equal('Carnicería Don José');
    expect(t.orders.rows.get(1)).to.deep.include({ state: 'entregado', driver: 'Juan' });
    expect(t.orders.editors.get(1)?.lastEditor).to.equal('admin');
  });

  it('edits: a vendedor edits only their own orders; a bad quantity is named before the order is looked up', async () => {
    const t = setUp();
    await t.place.execute(input());
    const forbidden = await t.notes.execute({ orderId: 1, notes: 'x', actor: otherVendedor });
    expect(!forbidden.ok && forbidden.error.code).to.equal('ORDER_FORBIDDEN');
    expect((await t.notes.execute({ orderId: 1, notes: 'sin sal', actor: vendedor })).ok).to.equal(true);
    expect(t.orders.rows.get(1)!.notes).to.equal('sin sal');
    const badQuantity = await t.add.execute({ orderId: 999, productId: 1, quantity: 0, tipo: 'kg', actor: vendedor });
    expect(!badQuantity.ok && badQuantity.error.code).to.equal('INVALID_QUANTITY');
    expect((await t.add.execute({ orderId: 1, productId: 1, quantity: 1, tipo: 'kg', actor: vendedor })).ok).to.equal(true);
    expect((await t.update.execute({ orderId: 1, productId: 2, quantity: 3, tipo: 'unidad', actor: vendedor })).ok).to.equal(true);
    expect((await t.remove.execute({ orderId: 1, productId: 1, actor: vendedor })).ok).to.equal(true);
    expect(t.orders.rows.get(1)!.lines.map((l) => [l.productId, l.quantity])).to.deep.equal([[2, 3]]);
    const unknownProduct = await t.add.execute({ orderId: 1, productId: 77, quantity: 1, tipo: 'kg', actor: vendedor });
    expect(!unknownProduct.ok && unknownProduct.error.code).to.equal('PRODUCT_NOT_FOUND');
    const noClient = await t.assign.execute({ orderId: 1, clientId: 99, actor: admin });
    expect(!noClient.ok && noClient.error.code).to.equal('CLIENT_NOT_FOUND');
    expect(t.orders.history.get(1)!.map((h) => h.action)).to.deep.equal(['creado', 'item_agregado', 'item_actualizado', 'item_eliminado']);
  });

  it('DeleteOrders: all or nothing, every deletion audited with who and from where', async () => {
    const t = setUp();
    await t.place.execute(input());
    await t.place.execute(input());
    const partial = await t.del.execute({ orderIds: [1, 2, 3], actor: admin, bulk: true });
    expect(!partial.ok && partial.error.message).to.equal('Pedidos no encontrados: 3');
    expect(t.orders.rows.size).to.equal(2);
    const invalid = await t.del.execute({ orderIds: [0], actor: admin, bulk: true });
    expect(!invalid.ok && invalid.error.code).to.equal('INVALID_IDS');
    const r = await t.del.execute({ orderIds: [1, 2, 2], actor: admin, bulk: true });
    expect(r.ok && r.value.deleted).to.equal(2);
    expect(t.audit.entries.map((e) => [e.action, e.table, e.recordId, e.ip])).to.deep.equal([
      ['DELETE', 'pedidos', 1, '10.0.0.1'],
      ['DELETE', 'pedidos', 2, '10.0.0.1'],
    ]);
  });
});
