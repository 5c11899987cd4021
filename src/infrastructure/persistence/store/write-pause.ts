/** A write that arrived while writes are paused (a restore) and did not get through in time. */
export class WritesPausedError extends Error {
  readonly code = 'WRITES_PAUSED';
  constructor(
    readonly reason: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`Writes are paused for a moment (${reason}); nothing was saved. Try again in ${retryAfterSeconds} s`);
  }
}

/** How long a write waits for a pause (a restore) to end before it is answered busy. */
export const PAUSED_WRITE_WAIT_MS = 5_000;

/** Whether writes are paused, why, and waiting (briefly) for the pause to end. */
export class WritePause {
  private paused: { reason: string; ended: Promise<void> } | null = null;

  constructor(
    private readonly waitMs: number,
    /** Told how long each pause held writes (the metrics' restore pauses). */
    private readonly onEnded: (reason: string, ms: number) => void = () => undefined,
  ) {}

  get reason(): string | null {
    return this.paused?.reason ?? null;
  }

  /** Waits (briefly) for a pause to end; a write never runs against content a restore is replacing. */
  async waitForEnd(): Promise<void> {
    const pause = this.paused;
    if (!pause) return;
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      pause.ended.then(() => true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), this.waitMs))),
    ]);
    clearTimeout(timer);
    if (!ended) throw new WritesPausedError(pause.reason, 5);
  }

  /** Holds the pause for as long as `work` runs. */
  async during<T>(reason: string, work: () => Promise<T>): Promise<T> {
    if (this.paused) throw new Error(`Writes are already paused (${this.paused.reason})`);
    let end!: () => void;
    this.paused = { reason, ended: new Promise<void>((r) => (end = r)) };
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.paused = null;
      end();
      this.onEnded(reason, performance.now() - started);
    }
  }
}
