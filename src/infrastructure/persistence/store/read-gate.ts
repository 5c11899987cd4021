/**
 * Reads in flight on the read connection, and the gate that holds new ones while both
 * connections are closed for a file swap.
 */
export class ReadGate {
  private active = 0;
  private drained: (() => void) | null = null;
  private gate: Promise<void> | null = null;

  async run<T>(work: () => Promise<T>): Promise<T> {
    while (this.gate) await this.gate;
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      if (this.active === 0) this.drained?.();
    }
  }

  /** Closes the gate, waits for the reads in flight, runs `work`, then lets the waiting reads in. */
  async closedWhile<T>(work: () => Promise<T>): Promise<T> {
    let open!: () => void;
    this.gate = new Promise<void>((r) => (open = r));
    try {
      if (this.active > 0) await new Promise<void>((r) => (this.drained = r));
      this.drained = null;
      return await work();
    } finally {
      this.gate = null;
      open();
    }
  }
}
