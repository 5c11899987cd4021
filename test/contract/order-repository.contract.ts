import { expect } from 'chai';
import { DateTime } from 'luxon';
import { Order } from '../../src/domain/ordering/order';
import type { OrderRepository } from '../../src/application/ordering/ordering.ports';

export interface OrderRepositorySubject {
  readonly repo: OrderRepository;
  /** A client and two products (ids 1 and 2) that exist. */
  readonly clientId: number;
  readonly productIds: readonly [number, number];
  /** The history rows stored for an order, oldest first. */
  history(id: number): Promise<{ action: string; user: string; details: string | null }[]>;
  close(): Promise<void>;
}

const NOW = DateTime.fromISO('2026-12-01T15:30:00Z');
const vendedor = { username: 'vendedor1', rol: 'vendedor' };

/** The same promises of the order aggregate's storage, held by the in-memory fake and the SQL adapter. */
export function orderRepositoryContract(name: string, make: () => Promise<OrderRepositorySubject>): void {
  describe(`OrderRepository contract: ${name}`, () => {
    let s: OrderRepositorySubject;
    beforeEach(async () => (s = await make()));
    afterEach(async () => s.close());

    const placed = () => {
      const [a, b] = s.productIds;
      const r = Order.place({
        request: {
          clientId: s.clientId,
          lines: [
            { productId: a, quantity: 2, tipo: 'kg' },
            { productId: b, quantity: 1, tipo: 'unidad' },
          ],
        },
        clientExists: true,
        prices: new Map([
          [a, 100],
          [b, 55.5],
        ]),
        notes: 'sin sal',
        createdBy: 'vendedor1',
        pdfGenerated: false,
        now: NOW,
      });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };

    it('a new order is stored with all its lines and its creation history, and found again as it was', async () => {
      const order = placed();
      const id = await s.repo.save(order);
      expect(order.id).to.equal(id);
      const found = await s.repo.find(id);
      expect(found?.snapshot).to.deep.include({
        id,
        clientId: s.clientId,
        createdBy: 'vendedor1',
        state: 'pendiente',
        notes: 'sin sal',
        pdfGenerated: false,
      });
      expect(found?.snapshot.placedAt).to.equal('2026-12-01T15:30:00.000000');
      expect(found?.lines.map((l) => [l.productId, l.quantity, l.tipo, l.unitPrice])).to.deep.equal([
        [s.productIds[0], 2, 'kg', 100],
        [s.productIds[1], 1, 'unidad', 55.5],
      ]);
      expect(await s.history(id)).to.deep.equal([{ action: 'creado', user: 'vendedor1', details: 'Pedido creado con 2 producto(s)' }]);
      expect(await s.repo.find(id + 1000)).to.equal(null);
    });

    it('changes are saved once: header, lines and history; saving again writes nothing more', async () => {
      const id = await s.repo.save(placed());
      const order = (await s.repo.find(id))!;
      expect(order.changeState({ state: 'entregado', driver: 'Juan', by: vendedor, now: NOW }).ok).to.equal(true);
      expect(order.addItem({ productId: s.productIds[0], quantity: 3, tipo: 'kg', unitPrice: 100, by: vendedor, now: NOW }).ok).to.equal(
        true,
      );
      expect(order.removeItem({ productId: s.productIds[1], by: vendedor, now: NOW }).ok).to.equal(true);
      await s.repo.save(order);
      await s.repo.save(order);
      const again = (await s.repo.find(id))!;
      expect(again.snapshot).to.deep.include({ state: 'entregado', driver: 'Juan' });
      expect(again.snapshot.deliveredAt).to.match(/^2026-12-01T15:30:00/);
      expect(again.lines.map((l) => [l.productId, l.quantity])).to.deep.equal([[s.productIds[0], 5]]);
      expect((await s.history(id)).map((h) => h.action)).to.deep.equal(['creado', 'cambio_estado', 'item_agregado', 'item_eliminado']);
    });

    it('existing() names the ids that exist; delete() removes orders with their lines and history', async () => {
      const a = await s.repo.save(placed());
      const b = await s.repo.save(placed());
      expect((await s.repo.existing([a, b, b + 999])).sort()).to.deep.equal([a, b].sort());
      await s.repo.delete([a]);
      expect(await s.repo.find(a)).to.equal(null);
      expect(await s.history(a)).to.deep.equal([]);
      expect(await s.repo.find(b)).to.not.equal(null);
    });
  });
}
