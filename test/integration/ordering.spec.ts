import { expect } from 'chai';
import { PlaceOrder, type PlaceOrderInput } from '../../src/application/ordering/place-order.use-case';
import { ListOrders } from '../../src/application/ordering/order-queries.use-cases';
import { ChangeOrderState, DeleteOrders } from '../../src/application/ordering/order-lifecycle.use-cases';
import { AdjustStock, UpdateProduct, GetProduct } from '../../src/application/catalog/catalog.use-cases';
import { ORDER_QUERIES, type OrderQueries } from '../../src/application/ordering/ordering.ports';
import type { Container } from 'inversify';
import { orderListView, orderStateView, placedOrderView } from '../../src/interfaces/http/orders/orders.views';
import type { ListOrdersInput } from '../../src/application/ordering/order-queries.use-cases';
import type { Result } from '../../src/domain/shared/result';
import type { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { realContainer, counts } from '../support/ordering';
import { queryFile, execFile } from '../support/db-digest';
import { productView } from '../../src/interfaces/http/catalog/catalog.views';

const order = (over: Partial<PlaceOrderInput> = {}): PlaceOrderInput => ({
  clientId: 1,
  lines: [
    { productId: 1, quantity: 2, tipo: 'kg' },
    { productId: 3, quantity: 1, tipo: 'unidad' },
  ],
  notes: null,
  pdfGenerated: false,
  createdBy: 'vendedor1',
  idempotencyKey: null,
  ...over,
});
const actor = { username: 'admin', rol: 'admin', ip: null, userAgent: null };

/** What the HTTP edge answers: the use case's result through its view. */
const viewed = <T, V, E>(r: Result<T, E>, view: (t: T) => V): Result<V, E> => (r.ok ? { ok: true, value: view(r.value) } : r);
const placer = (c: Container) => ({
  execute: async (input: PlaceOrderInput) => viewed(await c.get(PlaceOrder).execute(input), placedOrderView),
});
const listed = async (c: Container, input: ListOrdersInput) => (await c.get(ListOrders).execute(input)).map(orderListView);

describe('integration: ordering use cases on a copy of the production database', function () {
  this.timeout(30_000);
  let env: Awaited<ReturnType<typeof realContainer>>;
  beforeEach(async () => (env = await realContainer()));
  afterEach(async () => env.close());

  it('PlaceOrder writes the order, every line with its price at that moment, and a history row', async () => {
    const price = viewed(await env.c.get(GetProduct).execute(1), productView);
    const r = await placer(env.c).execute(order({ notes: 'sin sal' }));
    expect(r.ok).to.equal(true);
    if (!r.ok || !price.ok) return;
    expect(r.value).to.include({ cliente_id: 1, estado: 'pendiente', notas: 'sin sal', creado_por: 'vendedor1', pdf_generado: 0 });
    expect(r.value.fecha).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    expect(r.value.fecha_creacion).to.match(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/);
    const lines = await queryFile<{ producto_id: number; cantidad: number; tipo: string; precio_unitario: number }>(
      env.dbPath,
      'SELECT producto_id, cantidad, tipo, precio_unitario FROM detalles_pedido WHERE pedido_id = ? ORDER BY id',
      [r.value.id],
    );
    expect(lines[0]).to.deep.equal({ producto_id: 1, cantidad: 2, tipo: 'kg', precio_unitario: price.value.precio });
    expect(lines).to.have.length(2);
    const hist = await queryFile(env.dbPath, 'SELECT accion, usuario FROM historial_pedidos WHERE pedido_id = ?', [r.value.id]);
    expect(hist).to.deep.equal([{ accion: 'creado', usuario: 'vendedor1' }]);
  });

  it("a price change after an order leaves that order's line price unchanged", async () => {
    const r = await placer(env.c).execute(order());
    if (!r.ok) throw new Error(r.error.message);
    const p = viewed(await env.c.get(GetProduct).execute(1), productView);
    if (!p.ok) throw new Error('no product');
    const before = p.value.precio;
    await env.c.get(UpdateProduct).execute(1, {
      name: p.value.nombre,
      price: before + 100,
      categoryId: p.value.categoria_id,
      imageUrl: null,
      stock: 1,
      minStock: 1,
      stockUnit: 'kg',
    });
    const list = await listed(env.c, {
      viewer: { username: 'admin', rol: 'admin' },
      clientId: null,
      from: null,
      to: null,
      state: null,
      createdBy: null,
    });
    const mine = list.find((o) => o.id === r.value.id)!;
    expect(mine.productos.find((l) => l.producto_id === 1)!.precio).to.equal(before);
    // Older lines (no snapshot) show the current price.
    const old = list.find((o) => o.id !== r.value.id && o.productos.some((l) => l.producto_id === 1))!;
    expect(old.productos.find((l) => l.producto_id === 1)!.precio).to.equal(before + 100);
  });

  it('every refusal writes nothing', async () => {
    const place = placer(env.c);
    const before = await counts(env.dbPath);
    const refusals: [Partial<PlaceOrderInput>, string][] = [
      [{ clientId: null }, 'CLIENT_REQUIRED'],
      [{ clientId: 99999 }, 'UNKNOWN_CLIENT'],
      [{ lines: [] }, 'EMPTY_ORDER'],
      [{ lines: [{ productId: null, quantity: 1, tipo: 'unidad' }] }, 'PRODUCT_REQUIRED'],
      [
        {
          lines: [
            { productId: 1, quantity: 1, tipo: 'unidad' },
            { productId: 424242, quantity: 1, tipo: 'unidad' },
          ],
        },
        'UNKNOWN_PRODUCT',
      ],
      [
        {
          lines: [
            { productId: 1, quantity: 1, tipo: 'unidad' },
            { productId: 2, quantity: 0, tipo: 'unidad' },
          ],
        },
        'INVALID_QUANTITY',
      ],
      [{ lines: Array.from({ length: 201 }, () => ({ productId: 1, quantity: 1, tipo: 'unidad' })) }, 'TOO_MANY_LINES'],
    ];
    for (const [over, code] of refusals) {
      const r = await place.execute(order(over));
      expect(!r.ok && r.error.code, code).to.equal(code);
    }
    expect(await counts(env.dbPath)).to.deep.equal(before);
  });

  it('idempotency keys: a repeat returns the first response and writes nothing; keys are per user; concurrent repeats place once', async () => {
    const place = placer(env.c);
    const before = await counts(env.dbPath);
    const first = await place.execute(order({ idempotencyKey: 'k-1' }));
    const again = await place.execute(order({ idempotencyKey: 'k-1', notes: 'changed body' }));
    expect(again).to.deep.equal(first);
    const otherUser = await place.execute(order({ idempotencyKey: 'k-1', createdBy: 'oficina1' }));
    expect(otherUser.ok && first.ok && otherUser.value.id).to.not.equal(first.ok && first.value.id);
    const racing = await Promise.all(Array.from({ length: 8 }, () => place.execute(order({ idempotencyKey: 'k-race' }))));
    expect(new Set(racing.map((r) => r.ok && r.value.id)).size).to.equal(1);
    expect((await counts(env.dbPath)).pedidos).to.equal(before.pedidos + 3);
  });

  it('five concurrent -5 stock deltas remove exactly 25', async () => {
    await execFile(env.dbPath, 'UPDATE productos SET stock = 100 WHERE id = 4');
    const adjust = env.c.get(AdjustStock);
    await Promise.all(Array.from({ length: 5 }, () => adjust.execute(4, { delta: -5 })));
    expect(await queryFile(env.dbPath, 'SELECT stock FROM productos WHERE id = 4')).to.deep.equal([{ stock: 75 }]);
  });

  it('lists all 240 orders with all 823 lines in a constant number of queries; a vendedor sees only their own', async () => {
    // Count every read the order queries make (they all go through SqliteStore.query).
    const realStore: SqliteStore = env.store;
    let calls = 0;
    const original = realStore.query.bind(realStore);
    realStore.query = (async (...args: Parameters<SqliteStore['query']>) => (calls++, original(...args))) as SqliteStore['query'];
    const all = await listed(env.c, {
      viewer: { username: 'admin', rol: 'admin' },
      clientId: null,
      from: null,
      to: null,
      state: null,
      createdBy: null,
    });
    expect(calls).to.equal(2);
    expect(all).to.have.length(240);
    expect(all.reduce((n, o) => n + o.productos.length, 0)).to.equal(823);
    expect(all.map((o) => o.fecha)).to.deep.equal([...all.map((o) => o.fecha)].sort().reverse());
    const vendedor = await listed(env.c, {
      viewer: { username: 'vendedor1', rol: 'vendedor' },
      clientId: null,
      from: null,
      to: null,
      state: null,
      createdBy: 'oficina1',
    });
    const expected = await queryFile<{ n: number }>(env.dbPath, "SELECT count(*) AS n FROM pedidos WHERE creado_por = 'vendedor1'");
    expect(vendedor).to.have.length(expected[0]!.n).and.to.have.length.greaterThan(0);
    expect(new Set(vendedor.map((o) => o.creado_por))).to.deep.equal(new Set(['vendedor1']));
    realStore.query = original;
  });

  it('legacy states stored by older versions are listed as they are', async () => {
    await execFile(
      env.dbPath,
      "UPDATE pedidos SET estado = 'Pendiente' WHERE id = 1; UPDATE pedidos SET estado = 'tomado' WHERE id = 2; UPDATE pedidos SET estado = NULL WHERE id = 3;",
    );
    const all = await listed(env.c, {
      viewer: { username: 'admin', rol: 'admin' },
      clientId: null,
      from: null,
      to: null,
      state: null,
      createdBy: null,
    });
    const byId = new Map(all.map((o) => [o.id, o.estado]));
    expect([byId.get(1), byId.get(2), byId.get(3)]).to.deep.equal(['Pendiente', 'tomado', null]);
  });

  it('PEDIDOS_DESDE hides older orders from the list', async () => {
    const floored = await realContainer('original-current.db', { PEDIDOS_DESDE: '2026-02-05' });
    try {
      const all = await listed(floored.c, {
        viewer: { username: 'admin', rol: 'admin' },
        clientId: null,
        from: null,
        to: null,
        state: null,
        createdBy: null,
      });
      const expected = await queryFile<{ n: number }>(floored.dbPath, "SELECT count(*) AS n FROM pedidos WHERE fecha >= '2026-02-05'");
      expect(all).to.have.length(expected[0]!.n).and.to.have.length.lessThan(240);
    } finally {
      await floored.close();
    }
  });

  it('state changes record history and entregado sets fecha_entrega; bulk delete is all or nothing', async () => {
    const change = env.c.get(ChangeOrderState);
    const r = viewed(await change.execute({ orderId: 5, state: 'entregado', driver: 'Juan', actor }), orderStateView);
    expect(r.ok && r.value).to.include({ estado: 'entregado', repartidor: 'Juan' });
    const row = await queryFile<{ fecha_entrega: string; repartidor: string }>(
      env.dbPath,
      'SELECT fecha_entrega, repartidor FROM pedidos WHERE id = 5',
    );
    expect(row[0]!.fecha_entrega).to.match(/^\d{4}-/);
    const hist = await queryFile<{ detalles: string }>(
      env.dbPath,
      "SELECT detalles FROM historial_pedidos WHERE pedido_id = 5 AND accion = 'cambio_estado'",
    );
    expect(hist[0]!.detalles).to.contain('a entregado').and.contain('Juan');
    const before = await counts(env.dbPath);
    const missing = await env.c.get(DeleteOrders).execute({ orderIds: [5, 6, 999999], actor, bulk: true });
    expect(!missing.ok && missing.error.message).to.equal('Pedidos no encontrados: 999999');
    // One missing id, sent twice: still the bulk call's message (API.md §7.10).
    const one = await env.c.get(DeleteOrders).execute({ orderIds: [999999, 999999], actor, bulk: true });
    expect(!one.ok && one.error.message).to.equal('Pedidos no encontrados: 999999');
    const single = await env.c.get(DeleteOrders).execute({ orderIds: [999999], actor, bulk: false });
    expect(!single.ok && single.error.message).to.equal('Pedido no encontrado');
    expect(await counts(env.dbPath)).to.deep.equal(before);
    const ok = await env.c.get(DeleteOrders).execute({ orderIds: [5, 6], actor, bulk: true });
    expect(ok.ok && ok.value.deleted).to.equal(2);
    const audit = await queryFile(
      env.dbPath,
      "SELECT registro_id FROM audit_log WHERE tabla = 'pedidos' AND accion = 'DELETE' ORDER BY registro_id",
    );
    expect(audit).to.deep.equal([{ registro_id: 5 }, { registro_id: 6 }]);
  });

  it('exports stream every order in keyset pages, NULL dates included', async () => {
    await execFile(env.dbPath, 'UPDATE pedidos SET fecha = NULL WHERE id IN (10, 11)');
    const rows: { id: number }[] = [];
    for await (const row of env.c.get<OrderQueries>(ORDER_QUERIES).exportRows(null, null)) rows.push(row);
    expect(rows).to.have.length(240);
    expect(new Set(rows.map((r) => r.id)).size).to.equal(240);
    expect(
      rows
        .slice(-2)
        .map((r) => r.id)
        .sort(),
    ).to.deep.equal([10, 11]);
  });
});
