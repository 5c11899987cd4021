import type { TransactionRunner } from '../../application/shared/transaction.port';
import type { SqliteStore } from './data-source';

export class TypeOrmTransactionRunner implements TransactionRunner {
  constructor(private readonly store: SqliteStore) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.store.write(() => work());
  }
}
