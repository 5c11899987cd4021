import type { DateTime } from 'luxon';
import { slotsBetween, type ScheduleSettings } from '../../domain/backups/backup-schedule';
import type { Clock } from '../../application/shared/shared.ports';
import type { Logger } from '../../application/shared/shared.ports';
import type { BackupRunLog, SchedulerLeadership } from '../../application/backups/backups.ports';
import type { CreateBackup, GetBackupStatus } from '../../application/backups/backups.use-cases';

/** A daily slot missed while the server was down is made up this long after start. */
export const CATCH_UP_DELAY_MS = 60_000;
const MAX_SLEEP_MS = 60_000;
/** How often an instance that does not lead checks whether the leader is gone (takeover well within a minute). */
export const LEADER_POLL_MS = 5_000;

/**
 * Triggers CreateBackup at each interval and daily slot (the domain schedule decides which
 * instants those are). Several slots passed at once make one backup; a failure is logged,
 * counted, and the next slot runs as planned; the scheduler never stops on an error.
 * `tick()` does the work and is what tests drive with a controllable clock.
 *
 * With several instances (PostgreSQL), only the leader runs a slot: each instance's scheduler
 * claims the lead at the slot (and every 5 s), and the one that holds it backs up.
 */
export class BackupScheduler {
  private lastCheck: DateTime;
  private catchUpAt: DateTime | null = null;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private leaderPoll: NodeJS.Timeout | null = null;
  private leading = false;

  constructor(
    private readonly createBackup: CreateBackup,
    private readonly status: GetBackupStatus,
    private readonly runs: BackupRunLog,
    private readonly clock: Clock,
    private readonly settings: ScheduleSettings & { enabled: boolean },
    private readonly logger: Logger,
    private readonly leadership: SchedulerLeadership | null = null,
  ) {
    this.lastCheck = clock.now();
  }

  /** Decides the catch-up, then checks about every minute (and at each slot). */
  async start(): Promise<void> {
    if (!this.settings.enabled) {
      this.logger.info({}, 'backup scheduler disabled (BACKUP_ENABLED=false)');
      return;
    }
    this.lastCheck = this.clock.now();
    if (await this.status.missedDaily()) {
      this.catchUpAt = this.clock.now().plus({ milliseconds: CATCH_UP_DELAY_MS });
      this.logger.info(
        { at: this.catchUpAt.toISO() },
        'no backup since the last daily slot (server down, or first start): one runs shortly',
      );
    }
    this.runs.setSchedulerRunning(true);
    if (this.leadership) {
      const leadership = this.leadership;
      const poll = async () => {
        const was = this.leading;
        this.leading = await leadership.claim().catch(() => false);
        if (this.leading && !was) this.logger.info({}, 'this instance now leads the backup scheduler');
      };
      await poll();
      this.leaderPoll = setInterval(() => void poll(), LEADER_POLL_MS);
      this.leaderPoll.unref();
    }
    this.logger.info(
      { every_hours: this.settings.intervalHours, daily: `${this.settings.dailyHour}:00 ${this.settings.timezone}` },
      'backup scheduler started',
    );
    this.arm();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.leaderPoll) clearInterval(this.leaderPoll);
    this.timer = null;
    this.leaderPoll = null;
    this.runs.setSchedulerRunning(false);
    void this.leadership?.release().catch(() => undefined);
  }

  private arm(): void {
    const next = slotsBetween(this.clock.now(), this.clock.now().plus({ days: 2 }), this.settings)[0];
    const untilSlot = next ? next.at.toMillis() - this.clock.now().toMillis() : MAX_SLEEP_MS;
    const untilCatchUp = this.catchUpAt ? this.catchUpAt.toMillis() - this.clock.now().toMillis() : MAX_SLEEP_MS;
    this.timer = setTimeout(
      () => void this.tick().finally(() => this.timer && this.arm()),
      Math.max(1_000, Math.min(MAX_SLEEP_MS, untilSlot + 50, untilCatchUp)),
    );
    this.timer.unref();
  }

  /** Runs what became due since the last check; resolves what it ran. */
  async tick(): Promise<'daily' | 'interval' | null> {
    if (this.busy) return null;
    const now = this.clock.now();
    const due = slotsBetween(this.lastCheck, now, this.settings);
    this.lastCheck = now;
    let kind: 'daily' | 'interval' | null = due.length === 0 ? null : due.some((s) => s.kind === 'daily') ? 'daily' : 'interval';
    if (this.catchUpAt && now >= this.catchUpAt) {
      kind = 'daily';
      this.catchUpAt = null;
    }
    if (!kind) return null;
    this.busy = true;
    try {
      if (this.leadership && !(await this.leadership.claim().catch(() => false))) {
        this.logger.debug({ kind }, 'backup slot left to the leading instance');
        return null;
      }
      // A catch-up another instance (or an earlier leader) already made is not made twice.
      if (kind === 'daily' && due.length === 0 && !(await this.status.missedDaily())) return null;
      const result = await this.createBackup.execute({ kind, trigger: kind === 'daily' ? 'daily slot' : 'interval slot', scheduled: true });
      if (result.ok) this.logger.info({ filename: result.value.filename, kind }, 'scheduled backup done');
      else
        this.logger.error(
          { code: result.error.code, cause: result.error.message, failures: this.runs.consecutiveFailures() },
          'scheduled backup failed; retrying at the next slot',
        );
    } catch (e) {
      this.logger.error({ err: e, failures: this.runs.consecutiveFailures() }, 'scheduled backup crashed; retrying at the next slot');
    } finally {
      this.busy = false;
    }
    return kind;
  }
}
