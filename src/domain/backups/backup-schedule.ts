import { DateTime } from 'luxon';

export interface ScheduleSettings {
  readonly intervalHours: number;
  /** Hour of the daily backup, in `timezone`. */
  readonly dailyHour: number;
  readonly timezone: string;
}

export interface Slot {
  readonly at: DateTime;
  readonly kind: 'interval' | 'daily';
}

/** Interval and daily slots closer than this make one backup (the daily one). */
export const MERGE_WINDOW_MINUTES = 15;

/**
 * The daily slot of the calendar day containing `day` (in the zone): hour:00 local. An hour
 * skipped by a DST change resolves to the first valid instant after it; a repeated hour to its
 * first occurrence, so the slot happens once.
 */
export function dailySlotOn(day: DateTime, s: ScheduleSettings): DateTime {
  const local = day.setZone(s.timezone);
  const wanted = DateTime.fromObject({ year: local.year, month: local.month, day: local.day, hour: s.dailyHour }, { zone: s.timezone });
  if (wanted.hour === s.dailyHour) {
    // A repeated hour (DST ends): Luxon picks its second occurrence; the first is the slot.
    const earlier = wanted.minus({ hours: 1 });
    return earlier.hour === wanted.hour && earlier.day === wanted.day ? earlier : wanted;
  }
  // Luxon moved a non-existent time; the first valid instant after the gap is the top of the next hour.
  return DateTime.fromObject({ year: local.year, month: local.month, day: local.day, hour: s.dailyHour + 1 }, { zone: s.timezone }).startOf(
    'hour',
  );
}

/** Interval slots are aligned to multiples of the interval since midnight UTC of 1970-01-01. */
function intervalSlotsBetween(from: DateTime, to: DateTime, s: ScheduleSettings): DateTime[] {
  const step = s.intervalHours * 3_600_000;
  const out: DateTime[] = [];
  for (let t = Math.floor(from.toMillis() / step) * step + step; t <= to.toMillis(); t += step)
    out.push(DateTime.fromMillis(t, { zone: 'utc' }));
  return out;
}

/** Every slot in (from, to], oldest first, interval slots near a daily slot merged into it. */
export function slotsBetween(from: DateTime, to: DateTime, s: ScheduleSettings): Slot[] {
  const daily: DateTime[] = [];
  for (let d = from.setZone(s.timezone).startOf('day').minus({ days: 1 }); d <= to; d = d.plus({ days: 1 }).startOf('day')) {
    const slot = dailySlotOn(d, s);
    if (slot > from && slot <= to && !daily.some((x) => x.equals(slot))) daily.push(slot);
  }
  const windowMs = MERGE_WINDOW_MINUTES * 60_000;
  // Daily slots just after `to` still absorb interval slots shortly before them.
  const nearDaily = [...daily, dailySlotOn(to, s), dailySlotOn(to.plus({ days: 1 }), s)];
  const interval = intervalSlotsBetween(from, to, s).filter(
    (t) => !nearDaily.some((d) => Math.abs(d.toMillis() - t.toMillis()) < windowMs),
  );
  return [...daily.map((at) => ({ at, kind: 'daily' as const })), ...interval.map((at) => ({ at, kind: 'interval' as const }))].sort(
    (a, b) => a.at.toMillis() - b.at.toMillis(),
  );
}

/** The next `count` slots strictly after `now`. */
export function nextSlots(now: DateTime, s: ScheduleSettings, count: number): Slot[] {
  const horizon = Math.max(2, Math.ceil((s.intervalHours * count) / 24) + 2);
  return slotsBetween(now, now.plus({ days: horizon }), s).slice(0, count);
}

/** The most recent daily slot at or before `now`. */
export function lastDailySlot(now: DateTime, s: ScheduleSettings): DateTime {
  const today = dailySlotOn(now, s);
  return today <= now ? today : dailySlotOn(now.minus({ days: 1 }), s);
}
