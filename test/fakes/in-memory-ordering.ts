import { Order, type OrderHistoryEntry, type OrderSnapshot } from '../../src/domain/ordering/order';
import type {
  ClientLookup,
  IdempotencyStore,
  OrderReceipt,
  OrderRepository,
  PriceLookup,
} from '../../src/application/ordering/ordering.ports';

/** Orders in memory, saved as the SQL adapter saves them: pending changes applied, history appended. */
export class InMemoryOrderRepository implements OrderRepository {
  readonly rows = new Map<number, OrderSnapshot>();
  readonly history = new Map<number, OrderHistoryEntry[]>();
  /** Header columns as written (the editor stamps). */
  readonly editors = new Map<number, { lastEditor?: string; lastEditedAt?: string }>();
  private nextId = 1;

  async find(id: number): Promise<Order | null> {
    const row = this.rows.get(id);
    return row ? Order.restore(row) : null;
  }

  async save(order: Order): Promise<number> {
    const id = order.id ?? this.nextId++;
    const { header, history } = order.pending();
    this.rows.set(id, { ...order.snapshot, id });
    if (header.lastEditor !== undefined) this.editors.set(id, { lastEditor: header.lastEditor, lastEditedAt: header.lastEditedAt });
    this.history.set(id, [...(this.history.get(id) ?? []), ...history]);
    order.saved(id);
    return id;
  }

  async existing(ids: readonly number[]): Promise<number[]> {
    return ids.filter((id) => this.rows.has(id));
  }

  async delete(ids: readonly number[]): Promise<void> {
    for (const id of ids) {
      this.rows.delete(id);
      this.history.delete(id);
    }
  }
}

export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly rows = new Map<string, { receipt: OrderReceipt; createdAt: string }>();
  async find(username: string, key: string): Promise<OrderReceipt | null> {
    return this.rows.get(`${username}\u0000${key}`)?.receipt ?? null;
  }
  async save(username: string, key: string, receipt: OrderReceipt, createdAt: string): Promise<void> {
    const k = `${username}\u0000${key}`;
    if (this.rows.has(k)) throw new Error('UNIQUE constraint failed: idempotency_keys');
    this.rows.set(k, { receipt, createdAt });
  }
  async purge(before: string): Promise<number> {
    let n = 0;
    for (const [k, v] of this.rows) {
      if (v.createdAt < before) {
        this.rows.delete(k);
        n++;
      }
    }
    return n;
  }
}

/** Clients and product prices the orders reference. */
export class InMemoryShop implements ClientLookup, PriceLookup {
  constructor(
    readonly clients = new Map<number, string>([[1, 'Carnicería Don José']]),
    readonly priceOf = new Map<number, number>([
      [1, 420],
      [2, 180.5],
    ]),
  ) {}
  async clientExists(id: number): Promise<boolean> {
    return this.clients.has(id);
  }
  async clientName(id: number): Promise<string | null> {
    return this.clients.get(id) ?? null;
  }
  async prices(ids: readonly number[]): Promise<Map<number, number>> {
    return new Map(ids.flatMap((id) => (this.priceOf.has(id) ? [[id, this.priceOf.get(id)!] as const] : [])));
  }
}
