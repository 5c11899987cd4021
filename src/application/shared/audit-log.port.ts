import type { DateTime } from 'luxon';

export interface AuditEntry {
  readonly at: DateTime;
  readonly actor: string;
  /** e.g. ACTIVATE, DEACTIVATE, ROLE_CHANGE, PASSWORD_RESET, DELETE, REGISTER. */
  readonly action: string;
  readonly table: string;
  readonly recordId: number | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** audit_log. Called inside the transaction of the change it records, so both commit together. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}
export const AUDIT_LOG = Symbol('AuditLog');
