import type { DatabaseProbe } from './health.ports';
import type { BackupDeps } from '../backups/backups.use-cases';
import { backupHealth } from '../backups/backups.use-cases';

export interface HealthOutput {
  readonly status: 'healthy' | 'degraded';
  /** `ok`, or `error: <message>`. */
  readonly database: string;
  /** `ok`, or what is wrong with the backups. */
  readonly backups: string;
}

/**
 * The state an uptime monitor needs: healthy only when the database answers and the backups are
 * current (the newest verified one is recent enough and the last scheduled one succeeded).
 */
export class CheckHealth {
  constructor(
    private readonly database: DatabaseProbe,
    private readonly backups: Pick<BackupDeps, 'store' | 'runs' | 'clock' | 'settings'> | null,
  ) {}

  async execute(): Promise<HealthOutput> {
    const db = await this.database.check();
    const backups = this.backups
      ? await backupHealth(this.backups).catch((e: unknown) => ({ healthy: false, reason: String(e) }))
      : { healthy: true, reason: null };
    return {
      status: db.ok && backups.healthy ? 'healthy' : 'degraded',
      database: db.ok ? 'ok' : `error: ${db.message}`,
      backups: backups.healthy ? 'ok' : `error: ${backups.reason}`,
    };
  }
}
