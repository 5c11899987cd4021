import type { AsyncLocalStorage } from 'node:async_hooks';
import type { SqlRunner } from '../sql-runner';
import type { WriteQueue } from './write-queue';

export class DatabaseBusyError extends Error {
  readonly code = 'DATABASE_BUSY';
}

/** Most writes committed together. */
const MAX_BATCH = 64;

interface Task {
  work: (m: SqlRunner) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: the writes waiting when the writer gets free run in one transaction, each inside
 * its own SAVEPOINT (a failing one is rolled back alone and rejects only its caller), and share
 * one COMMIT, so one fsync covers them all. No caller is answered before that COMMIT: an
 * acknowledged write is durable, and a crash before it acknowledges none of the batch.
 */
export class GroupCommit {
  private pending: Task[] = [];
  private scheduled = false;

  constructor(
    private readonly queue: WriteQueue,
    /** The transaction's runner, for the writes (and reads) a task makes. */
    private readonly current: AsyncLocalStorage<SqlRunner>,
    /** The write connection's statements (kept prepared: one thread-pool trip each). */
    private readonly writer: () => SqlRunner,
    private readonly closed: () => boolean,
    private readonly busyMessage: () => string,
    /** Told of each committed batch (the metrics' group-commit batch size). */
    private readonly onCommitted: (batchSize: number) => void = () => undefined,
  ) {}

  get depth(): number {
    return this.pending.length;
  }

  submit<T>(work: (m: SqlRunner) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.pending.length === 0) return;
    this.scheduled = true;
    void this.queue.enqueue(() => this.run());
  }

  private async run(): Promise<void> {
    const batch = this.pending.splice(0, MAX_BATCH);
    this.scheduled = false;
    this.schedule(); // writes beyond MAX_BATCH, or arriving from now on, go in the next one
    if (this.closed()) return batch.forEach((t) => t.reject(new Error('The database is closed')));
    const runner = this.writer();
    try {
      await runner.query('BEGIN IMMEDIATE');
    } catch (e) {
      const error = /SQLITE_BUSY|database is locked/i.test(String(e)) ? new DatabaseBusyError(this.busyMessage()) : e;
      return batch.forEach((t) => t.reject(error));
    }
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    let broken: unknown = null;
    const savepoints = batch.length > 1;
    for (const task of batch) {
      if (broken) break;
      const scoped = new TaskRunner(runner, savepoints);
      try {
        const value = await this.current.run(scoped, () => task.work(scoped));
        await scoped.settled();
        outcomes.push({ ok: true, value });
      } catch (error) {
        outcomes.push({ ok: false, error });
        try {
          await scoped.settled();
          if (!savepoints) throw error;
          await scoped.rollback();
        } catch {
          // A lone write failed, or SQLite rolled the whole transaction back (disk full, I/O).
          broken = error;
        }
      }
    }
    if (broken) {
      await runner.query('ROLLBACK').catch(() => undefined);
      // Nothing of this batch was committed: no write of it is acknowledged.
      batch.forEach((t, i) => {
        const o = outcomes[i];
        t.reject(o && !o.ok ? o.error : broken);
      });
      return;
    }
    try {
      await runner.query('COMMIT');
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      return batch.forEach((t) => t.reject(error));
    }
    this.onCommitted(batch.length);
    batch.forEach((t, i) => {
      const o = outcomes[i]!;
      if (o.ok) t.resolve(o.value);
      else t.reject(o.error);
    });
  }
}

/**
 * What one task of a batch runs its statements on, in as few trips to the driver as allowed:
 * - in a batch of several, the task has its own SAVEPOINT, sent when the task starts; only its
 *   writes wait for it: the reads a task begins with (an order's client and prices) run
 *   meanwhile, and what they see does not depend on the savepoint;
 * - the savepoint is never RELEASEd: the next task's nests in it and COMMIT ends them all. A
 *   failed task is rolled back to its own savepoint (the newest named w), then released;
 * - a task may send statements together (Promise.all): before its outcome counts, every statement
 *   it sent has finished, so none can run after a rollback (and then outside it).
 */
class TaskRunner implements SqlRunner {
  private readonly savepoint: Promise<unknown> | null;
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly runner: SqlRunner,
    withSavepoint: boolean,
  ) {
    this.savepoint = withSavepoint ? runner.query('SAVEPOINT w') : null;
    // Awaited before any write and before the task's outcome; never unhandled meanwhile.
    this.savepoint?.catch(() => undefined);
  }

  query(sql: string, params?: unknown[]): Promise<unknown> {
    const run = (async () => {
      if (this.savepoint && !sql.startsWith('SELECT ')) await this.savepoint;
      return this.runner.query(sql, params);
    })();
    this.running.add(run);
    const done = () => void this.running.delete(run);
    run.then(done, done);
    return run;
  }

  /** Resolves once every statement the task sent has finished, and its savepoint is open. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    if (this.savepoint) await this.savepoint;
  }

  async rollback(): Promise<void> {
    await this.runner.query('ROLLBACK TO w');
    await this.runner.query('RELEASE w');
  }
}
