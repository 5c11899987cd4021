import { DateTime } from 'luxon';
import type { Clock } from '../../application/shared/clock.port';

export class SystemClock implements Clock {
  now(): DateTime {
    return DateTime.utc();
  }
}
