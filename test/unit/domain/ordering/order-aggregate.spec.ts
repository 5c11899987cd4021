import { expect } from 'chai';
import { DateTime } from 'luxon';
import { Order, checkQuantity, checkState } from '../../../../src/domain/ordering/order';
import { creatorScope, mayAccessOrder, mayFilterByCreator } from '../../../../src/domain/ordering/order-policy';

const NOW = DateTime.fromISO('2026-12-01T15:30:00Z');
const admin = { username: 'admin', rol: 'admin' };
const owner = { username: 'vendedor1', rol: 'vendedor' };
const other = { username: 'vendedor2', rol: 'vendedor' };

const stored = (over: Partial<Parameters<typeof Order.restore>[0]> = {}) =>
  Order.restore({
    id: 5,
    clientId: 1,
    createdBy: 'vendedor1',
    state: 'pendiente',
    driver: null,
    notes: null,
    placedAt: '2026-11-30T12:00:00.000000',
    createdAtDisplay: '30/11/2026 09:00:00',
    pdfGenerated: false,
    deliveredAt: null,
    lines: [
      { productId: 1, quantity: 2, tipo: 'kg', unitPrice: 100 },
      { productId: 2, quantity: 1, tipo: 'unidad', unitPrice: null },
    ],
    ...over,
  });

describe('domain: the Order aggregate', () => {
  it('place: a new order in pendiente, placed now, each line at the current price, with its creation history', () => {
    const r = Order.place({
      request: { clientId: 1, lines: [{ productId: 1, quantity: 2, tipo: 'kg' }] },
      clientExists: true,
      prices: new Map([[1, 100]]),
      notes: null,
      createdBy: 'vendedor1',
      pdfGenerated: true,
      now: NOW,
      origin: 'Pedido creado desde plantilla 3',
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.id).to.equal(null);
    expect(r.value.snapshot).to.deep.include({
      state: 'pendiente',
      pdfGenerated: true,
      placedAt: '2026-12-01T15:30:00.000000',
      createdAtDisplay: '01/12/2026 12:30:00',
    });
    expect(r.value.total).to.equal(200);
    expect(r.value.pending().history).to.deep.equal([
      { action: 'creado', user: 'vendedor1', at: '01/12/2026 12:30:00', details: 'Pedido creado desde plantilla 3' },
    ]);
  });

  it('request: a client, at least one line, every line naming a product — checked before anything is looked up', () => {
    const code = (input: Parameters<typeof Order.request>[0]) => {
      const r = Order.request(input);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(code({ clientId: null, lines: [{ productId: 1, quantity: 1, tipo: 'kg' }] })).to.equal('CLIENT_REQUIRED');
    expect(code({ clientId: 1, lines: [] })).to.equal('EMPTY_ORDER');
    expect(code({ clientId: 1, lines: [{ productId: null, quantity: 1, tipo: 'kg' }] })).to.equal('PRODUCT_REQUIRED');
    expect(code({ clientId: 1, lines: [{ productId: 1, quantity: 'x', tipo: 'kg' }] })).to.equal('ok');
  });

  it('changeState: any of the six states; entregado records when; the history names the old and new state and the driver', () => {
    const o = stored();
    expect(o.changeState({ state: 'tomado', by: admin, now: NOW }).ok).to.equal(false);
    expect(o.pending().history).to.deep.equal([]);
    expect(o.changeState({ state: 'entregado', driver: 'Juan', by: admin, now: NOW }).ok).to.equal(true);
    expect(o.snapshot).to.deep.include({ state: 'entregado', driver: 'Juan', deliveredAt: '2026-12-01T15:30:00.000000' });
    expect(o.pending().header).to.deep.include({
      state: 'entregado',
      driver: 'Juan',
      lastEditor: 'admin',
      lastEditedAt: '01/12/2026 12:30:00',
    });
    expect(o.pending().history[0]!.details).to.equal('Estado cambiado de pendiente a entregado; repartidor: Juan');
  });

  it('a vendedor may edit only their own orders; staff any; nothing changes when refused', () => {
    const o = stored();
    expect(o.editNotes({ notes: 'x', by: other, now: NOW })).to.deep.include({ ok: false });
    expect(o.addItem({ productId: 3, quantity: 1, tipo: 'kg', unitPrice: 50, by: other, now: NOW }).ok).to.equal(false);
    expect(o.removeItem({ productId: 1, by: other, now: NOW }).ok).to.equal(false);
    expect(o.pending()).to.deep.equal({ header: {}, lines: [], history: [] });
    expect(o.editNotes({ notes: 'x', by: owner, now: NOW }).ok).to.equal(true);
    expect(o.editNotes({ notes: null, by: admin, now: NOW }).ok).to.equal(true);
    expect(o.snapshot.notes).to.equal(null);
  });

  it('items: adding a product already in the order adds the quantity, within the quantity rule; unknown items and products are named', () => {
    const o = stored();
    expect(o.addItem({ productId: 1, quantity: 3, tipo: 'kg', unitPrice: 100, by: owner, now: NOW }).ok).to.equal(true);
    expect(o.lines.find((l) => l.productId === 1)!.quantity).to.equal(5);
    const tooMuch = o.addItem({ productId: 1, quantity: 99_999, tipo: 'kg', unitPrice: 100, by: owner, now: NOW });
    expect(!tooMuch.ok && tooMuch.error.code).to.equal('INVALID_QUANTITY');
    const noProduct = o.addItem({ productId: 9, quantity: 1, tipo: 'kg', unitPrice: undefined, by: owner, now: NOW });
    expect(!noProduct.ok && noProduct.error.code).to.equal('PRODUCT_NOT_FOUND');
    const noItem = o.updateItem({ productId: 9, quantity: 1, tipo: 'kg', by: owner, now: NOW });
    expect(!noItem.ok && noItem.error.code).to.equal('ITEM_NOT_FOUND');
    expect(o.addItem({ productId: 3, quantity: 0.5, tipo: 'kg', unitPrice: 80, by: owner, now: NOW }).ok).to.equal(true);
    expect(o.updateItem({ productId: 2, quantity: 4, tipo: 'unidad', by: owner, now: NOW }).ok).to.equal(true);
    expect(o.removeItem({ productId: 1, by: owner, now: NOW }).ok).to.equal(true);
    expect(o.lines.map((l) => [l.productId, l.quantity])).to.deep.equal([
      [2, 4],
      [3, 0.5],
    ]);
    expect(o.pending().lines.map((c) => c.kind)).to.deep.equal(['updated', 'added', 'updated', 'removed']);
    expect(o.pending().history.map((h) => h.details)).to.deep.equal([
      'Producto 1: +3 kg',
      'Producto 3: +0.5 kg',
      'Producto 2: 4 unidad',
      'Producto 1',
    ]);
  });

  it('assignClient: only to a client that exists, with the change in the history', () => {
    const o = stored();
    const missing = o.assignClient({ clientId: 9, clientExists: false, by: admin, now: NOW });
    expect(!missing.ok && missing.error.code).to.equal('CLIENT_NOT_FOUND');
    expect(o.assignClient({ clientId: 2, clientExists: true, by: admin, now: NOW }).ok).to.equal(true);
    expect(o.pending().history[0]!.details).to.equal('Cliente 1 → 2');
  });

  it('saved(): the pending changes are forgotten once stored', () => {
    const o = stored();
    o.editNotes({ notes: 'x', by: admin, now: NOW });
    o.saved(5);
    expect(o.pending()).to.deep.equal({ header: {}, lines: [], history: [] });
  });

  it('the quantity and state rules, written once', () => {
    for (const q of [0, -1, NaN, Infinity, 100_001, '3', null]) expect(checkQuantity(1, q).ok, String(q)).to.equal(false);
    for (const q of [0.001, 1, 100_000]) expect(checkQuantity(1, q).ok).to.equal(true);
    expect(checkState('preparando').ok).to.equal(true);
    expect(checkState('Pendiente').ok).to.equal(false);
  });

  it('the order policy: vendedores see their own orders only; staff see and filter all', () => {
    expect(creatorScope(owner)).to.equal('vendedor1');
    expect(creatorScope(admin)).to.equal(null);
    expect(mayAccessOrder({ createdBy: 'vendedor1' }, owner)).to.equal(true);
    expect(mayAccessOrder({ createdBy: 'vendedor1' }, other)).to.equal(false);
    expect(mayAccessOrder({ createdBy: 'x' }, { username: 'o', rol: 'oficina' })).to.equal(true);
    expect([admin, { username: 'a', rol: 'administrador' }, { username: 'o', rol: 'oficina' }].every(mayFilterByCreator)).to.equal(true);
    expect(mayFilterByCreator(owner)).to.equal(false);
  });
});
