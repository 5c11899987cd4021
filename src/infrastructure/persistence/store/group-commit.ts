import type { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import type { WriteQueue } from './write-queue';

export class DatabaseBusyError extends Error {
  readonly code = 'DATABASE_BUSY';
}

/** Most writes committed together. */
const MAX_BATCH = 64;

interface Task {
  work: (m: EntityManager) => Promise<unknown>;
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
    /** The transaction's manager, for the writes (and reads) a task makes. */
    private readonly current: AsyncLocalStorage<EntityManager>,
    private readonly writer: () => DataSource,
    private readonly closed: () => boolean,
    private readonly busyMessage: () => string,
    /** Told of each committed batch (the metrics' group-commit batch size). */
    private readonly onCommitted: (batchSize: number) => void = () => undefined,
  ) {}

  get depth(): number {
    return this.pending.length;
  }

  submit<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
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
    const runner = this.writer().createQueryRunner();
    try {
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
        try {
          if (savepoints) await runner.query('SAVEPOINT w');
          const value = await this.current.run(runner.manager, () => task.work(runner.manager));
          if (savepoints) await runner.query('RELEASE w');
          outcomes.push({ ok: true, value });
        } catch (error) {
          outcomes.push({ ok: false, error });
          try {
            if (!savepoints) throw error;
            await runner.query('ROLLBACK TO w');
            await runner.query('RELEASE w');
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
    } finally {
      await runner.release();
    }
  }
}
