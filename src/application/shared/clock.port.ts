import type { DateTime } from 'luxon';

/** The current instant. Use cases never read the system time themselves. */
export interface Clock {
  now(): DateTime;
}
export const CLOCK = Symbol('Clock');
