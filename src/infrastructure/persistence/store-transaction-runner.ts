import type { TransactionRunner } from '../../application/shared/shared.ports';
import type { SqlStore } from './sql-store';

/** One atomic write transaction per run (the store joins nested writes to it). */
export class StoreTransactionRunner implements TransactionRunner {
  constructor(private readonly store: SqlStore) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.store.write(() => work());
  }
}
