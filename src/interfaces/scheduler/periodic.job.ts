import type { Logger } from '../../application/shared/shared.ports';

/**
 * Runs `task` every `intervalMs` (the first time one interval after start, so a start-up never
 * changes data by itself), never twice at once; a failure is logged and the next run happens as
 * planned.
 */
export function startPeriodicJob(name: string, intervalMs: number, task: () => Promise<unknown>, logger: Logger): { stop(): void } {
  let running = false;
  const run = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      const result = await task();
      logger.debug({ job: name, result }, 'job done');
    } catch (e) {
      logger.error({ job: name, err: e }, 'job failed; it will run again at the next interval');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
