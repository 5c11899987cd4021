import type { Logger } from '../../application/shared/shared.ports';
import type { BackupRun, BackupRunLog, LeaderInfo, MaintenanceLock, SchedulerLeadership } from '../../application/backups/backups.ports';

/** One process (the embedded SQLite database has one server): it always leads. */
export class SoloLeadership implements SchedulerLeadership {
  constructor(
    private readonly instance: string,
    private readonly since: string,
  ) {}
  async claim(): Promise<boolean> {
    return true;
  }
  async current(): Promise<LeaderInfo> {
    return { instance: this.instance, self: true, since: this.since };
  }
  async release(): Promise<void> {}
}

/** A mutex with a bounded wait, shared by backups, restores and migrations in this process. */
export class InProcessMaintenanceLock implements MaintenanceLock {
  private current: string | null = null;
  private tail: Promise<void> = Promise.resolve();

  async run<T>(what: string, waitMs: number, work: () => Promise<T>): Promise<{ value: T } | null> {
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const previous = this.tail;
    this.tail = previous.then(() => mine);
    let timer: NodeJS.Timeout | undefined;
    const acquired = await Promise.race([
      previous.then(() => true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), waitMs))),
    ]);
    clearTimeout(timer);
    if (!acquired) {
      // Keep the queue intact: when our turn comes, pass it straight on.
      void previous.then(release);
      return null;
    }
    this.current = what;
    try {
      return { value: await work() };
    } finally {
      this.current = null;
      release();
    }
  }

  holder(): string | null {
    return this.current;
  }
}

export class InMemoryBackupRunLog implements BackupRunLog {
  private runs: BackupRun[] = [];
  private running = false;
  constructor(
    readonly startedAt: string,
    private readonly logger?: Logger,
  ) {}

  /** Every failed backup, whoever asked for it (the scheduler, an admin, a restore), is logged as an error. */
  record(run: BackupRun): void {
    if (!run.ok) this.logger?.error({ kind: run.kind, trigger: run.trigger, cause: run.error }, `backup failed: ${run.error}`);
    this.runs.push(run);
    if (this.runs.length > 100) this.runs = this.runs.slice(-100);
  }
  last(): BackupRun | null {
    return this.runs[this.runs.length - 1] ?? null;
  }
  lastScheduled(): BackupRun | null {
    return [...this.runs].reverse().find((r) => r.trigger.startsWith('scheduler:')) ?? null;
  }
  consecutiveFailures(): number {
    let n = 0;
    for (let i = this.runs.length - 1; i >= 0 && !this.runs[i]!.ok; i--) n++;
    return n;
  }
  setSchedulerRunning(running: boolean): void {
    this.running = running;
  }
  schedulerRunning(): boolean {
    return this.running;
  }
}
