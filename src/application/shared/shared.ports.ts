import type { DateTime } from 'luxon';
import { token } from './token';

/** The current instant. Use cases never read the system time themselves. */
export interface Clock {
  now(): DateTime;
}
export const CLOCK = token<Clock>('Clock', ['now']);

/**
 * Runs `work` as one atomic write transaction. Every write of every repository called inside it
 * commits together or not at all; transactions never overlap (one writer), and readers outside
 * never observe the uncommitted state. Nested calls join the outer transaction.
 */
export interface TransactionRunner {
  run<T>(work: () => Promise<T>): Promise<T>;
}
export const TRANSACTION_RUNNER = token<TransactionRunner>('TransactionRunner', ['run']);

export interface AuditEntry {
  readonly at: DateTime;
  readonly actor: string;
  /** e.g. ACTIVATE, DEACTIVATE, ROLE_CHANGE, PASSWORD_RESET, DELETE, REGISTER. */
  readonly action: string;
  readonly table: string;
  readonly recordId: number | null;
  /** The record before and after, as plain data with camelCase keys (stored as the shop's snake_case JSON). */
  readonly before: unknown;
  readonly after: unknown;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** One stored audit_log row, as the operations console shows it. */
export interface AuditRecord {
  readonly id: number;
  /** As stored: the shop's Montevideo ISO timestamp. */
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly table: string;
  readonly recordId: number | null;
  /** The stored JSON, parsed (keys as stored: snake_case); null when none was recorded. */
  readonly before: unknown;
  readonly after: unknown;
  readonly ip: string | null;
}

/** audit_log. Called inside the transaction of the change it records, so both commit together. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** The newest `limit` entries, newest first; `action` keeps only that action. */
  recent(query: { limit: number; action?: string }): Promise<AuditRecord[]>;
}
export const AUDIT_LOG = token<AuditLog>('AuditLog', ['record', 'recent']);

/** Structured logging, as the interfaces and jobs need it (pino's calling convention). */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}
export const LOGGER = token<Logger>('Logger', ['info', 'warn', 'error', 'debug']);

/**
 * What the operator's metrics count that only a use case knows (the Prometheus adapter). Told
 * after the write committed; recording never fails or slows the operation.
 */
export interface OperationsMetrics {
  /** A new order was placed (not an idempotent repeat), from the order screen or a template. */
  orderPlaced(origin: 'order' | 'template'): void;
}
export const OPERATIONS_METRICS = token<OperationsMetrics>('OperationsMetrics', ['orderPlaced']);
