import { DateTime } from 'luxon';
import type { Clock } from '../../application/shared/shared.ports';

export class SystemClock implements Clock {
  now(): DateTime {
    return DateTime.utc();
  }
}
