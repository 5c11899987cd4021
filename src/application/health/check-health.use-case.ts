import type { DatabaseProbe } from './database-probe.port';

export interface HealthOutput {
  readonly status: 'healthy' | 'degraded';
  /** `ok`, or `error: <message>`. */
  readonly database: string;
}

/** The state an uptime monitor needs: healthy only when the database answers. */
export class CheckHealth {
  constructor(private readonly database: DatabaseProbe) {}

  async execute(): Promise<HealthOutput> {
    const db = await this.database.check();
    return db.ok ? { status: 'healthy', database: 'ok' } : { status: 'degraded', database: `error: ${db.message}` };
  }
}
