import type { TransactionRunner } from '../../application/shared/shared.ports';
import type { SqliteStore } from './data-source';

export class TypeOrmTransactionRunner implements TransactionRunner {
  constructor(private readonly store: SqliteStore) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.store.write(() => work());
  }
}
