import { SingleBar, Presets } from 'cli-progress';

/** A long task's progress on the terminal. */
export interface Progress {
  update(value: number, note?: string): void;
  /** A line of its own above the bar (a stage, a warning). */
  note(text: string): void;
  stop(): void;
}

/** Where progress goes: a terminal gets a bar (cli-progress); anything else gets plain lines. */
export interface ProgressTarget {
  readonly stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** The line writer used when there is no terminal (stderr). */
  err(text: string): void;
}

/**
 * A progress bar on a terminal; elsewhere (a pipe, a log file, a test) one line per tenth, so a
 * cron job's log shows the task advancing without a screenful of redraws.
 */
export function startProgress(target: ProgressTarget, label: string, total: number, unit = ''): Progress {
  const safeTotal = total > 0 ? total : 1;
  if (target.stream?.isTTY) {
    const bar = new SingleBar(
      {
        stream: target.stream,
        format: `${label} [{bar}] {percentage}% | {value}/{total}${unit ? ` ${unit}` : ''} {note}`,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 20,
      },
      Presets.shades_classic,
    );
    bar.start(safeTotal, 0, { note: '' });
    return {
      update: (value, note) => bar.update(Math.min(value, safeTotal), { note: note ?? '' }),
      note: (text) => {
        target.stream!.write(`\r\x1b[2K${text}\n`);
        bar.render();
      },
      stop: () => bar.stop(),
    };
  }
  let shown = -1;
  return {
    update(value) {
      const tenth = Math.floor((Math.min(value, safeTotal) / safeTotal) * 10);
      if (tenth === shown) return;
      shown = tenth;
      target.err(`${label}: ${tenth * 10}%${unit ? ` (${formatAmount(value, unit)} of ${formatAmount(total, unit)} ${unit})` : ''}\n`);
    },
    note: (text) => target.err(`${text}\n`),
    stop: () => undefined,
  };
}

const formatAmount = (n: number, unit: string): string => (unit === 'MB' ? n.toFixed(1) : String(Math.round(n)));
