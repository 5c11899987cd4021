/**
 * Serialises write transactions: TypeORM's sqlite driver shares one connection, and two
 * transactions interleaved on it corrupt each other (one's ROLLBACK undoes the other's rows).
 * Tasks run one at a time in arrival order; a failing task does not stop the queue.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  enqueue<T>(task: () => Promise<T>): Promise<T> {
    this.waiting++;
    const run = this.tail.then(
      () => {
        this.waiting--;
        return task();
      },
      () => {
        this.waiting--;
        return task();
      },
    );
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Tasks queued but not started yet. */
  get depth(): number {
    return this.waiting;
  }
}
