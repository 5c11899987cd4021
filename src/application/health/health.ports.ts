import { token } from '../shared/token';
/** A cheap liveness check of the database. */
export interface DatabaseProbe {
  check(): Promise<{ ok: true } | { ok: false; message: string }>;
}
export const DATABASE_PROBE = token<DatabaseProbe>('DatabaseProbe', ['check']);
