import { expect } from 'chai';
import { DateTime } from 'luxon';
import { Order, MAX_ORDER_LINES } from '../../../../src/domain/ordering/order';

const NOW = DateTime.fromISO('2026-12-01T15:30:00Z');
/** Order.place with the request and the looked-up facts in one object. */
const placeOrder = (input: {
  clientId: number;
  clientExists: boolean;
  lines: { productId: number; quantity: number; tipo: string }[];
  prices: ReadonlyMap<number, number>;
  notes: string | null;
  createdBy: string;
  pdfGenerado: boolean;
}) => Order.place({ ...input, request: { clientId: input.clientId, lines: input.lines }, pdfGenerated: input.pdfGenerado, now: NOW });
import { nextStock } from '../../../../src/domain/catalog/stock';
import { isOrderState } from '../../../../src/domain/ordering/order-state';

const base = {
  clientId: 7,
  clientExists: true,
  prices: new Map([
    [1, 100],
    [2, 55.5],
  ]),
  notes: null,
  createdBy: 'v',
  pdfGenerado: false,
};

describe('domain: placeOrder', () => {
  it('prices every line at the current product price', () => {
    const r = placeOrder({
      ...base,
      lines: [
        { productId: 1, quantity: 2, tipo: 'unidad' },
        { productId: 2, quantity: 0.5, tipo: 'kg' },
      ],
    });
    expect(r.ok && r.value.lines.map((l) => l.unitPrice)).to.deep.equal([100, 55.5]);
  });

  it('refuses, naming the offending value: unknown client, empty, too many lines, bad quantities, unknown product', () => {
    const code = (over: Partial<Parameters<typeof placeOrder>[0]>) => {
      const r = placeOrder({ ...base, lines: [{ productId: 1, quantity: 1, tipo: 'unidad' }], ...over });
      return r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`;
    };
    expect(code({ clientExists: false })).to.equal('UNKNOWN_CLIENT: Cliente con ID 7 no existe');
    expect(code({ lines: [] })).to.match(/^EMPTY_ORDER/);
    const many = Array.from({ length: MAX_ORDER_LINES + 1 }, () => ({ productId: 1, quantity: 1, tipo: 'unidad' }));
    expect(code({ lines: many })).to.match(/^TOO_MANY_LINES: El pedido tiene 201 líneas/);
    expect(code({ lines: many.slice(0, MAX_ORDER_LINES) })).to.equal('ok');
    for (const quantity of [0, -1, NaN, Infinity, '3' as unknown as number, null as unknown as number]) {
      expect(code({ lines: [{ productId: 2, quantity, tipo: 'unidad' }] }), String(quantity)).to.match(
        /^INVALID_QUANTITY: Cantidad inválida para el producto 2/,
      );
    }
    expect(code({ lines: [{ productId: 99, quantity: 1, tipo: 'unidad' }] })).to.equal('UNKNOWN_PRODUCT: Producto con ID 99 no existe');
  });

  it('knows the six accepted states and nothing else', () => {
    for (const s of ['pendiente', 'preparando', 'confirmado', 'enviado', 'entregado', 'cancelado']) expect(isOrderState(s)).to.equal(true);
    for (const s of ['tomado', 'listo', 'Pendiente', '']) expect(isOrderState(s)).to.equal(false);
  });
});

describe('domain: nextStock', () => {
  it('applies a delta (winning over an absolute value) or sets the value, never below zero', () => {
    expect(nextStock(10, { delta: -3 })).to.equal(7);
    expect(nextStock(null, { delta: 4 })).to.equal(4);
    expect(nextStock(2, { delta: -5 })).to.equal(0);
    expect(nextStock(2, { delta: 1, stock: 50 })).to.equal(3);
    expect(nextStock(2, { stock: 50 })).to.equal(50);
    expect(nextStock(2, { stock: -1 })).to.equal(0);
  });
});
