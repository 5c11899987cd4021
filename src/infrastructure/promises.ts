/**
 * Promise.all that waits for every promise to settle before failing (with the first failure): no
 * work is still running — a statement on a transaction, a read of a file — when the caller goes on
 * to roll back, set aside or remove what it worked on.
 */
export async function settledAll<T extends readonly unknown[]>(work: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(work);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
