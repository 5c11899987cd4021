/**
 * Runs `work` as one atomic write transaction. Every write of every repository called inside it
 * commits together or not at all; transactions never overlap (one writer), and readers outside
 * never observe the uncommitted state. Nested calls join the outer transaction.
 */
export interface TransactionRunner {
  run<T>(work: () => Promise<T>): Promise<T>;
}
export const TRANSACTION_RUNNER = Symbol('TransactionRunner');
