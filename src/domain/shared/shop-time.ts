import { type DateTime } from 'luxon';

/** The shop's zone: user-visible times and the audit/login columns are in Montevideo time. */
export const SHOP_ZONE = 'America/Montevideo';

/*
 * The formats are spelled out from the date's fields rather than with luxon's toFormat, which
 * parses its format string on every call (they are written for every order and history row).
 */
const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const year = (n: number): string => String(n).padStart(4, '0');
const isoDate = (dt: DateTime): string => `${year(dt.year)}-${p2(dt.month)}-${p2(dt.day)}`;
const isoSeconds = (dt: DateTime): string => `${isoDate(dt)}T${p2(dt.hour)}:${p2(dt.minute)}:${p2(dt.second)}`;
const micro = (dt: DateTime): string => `${isoSeconds(dt)}.${String(dt.millisecond * 1000).padStart(6, '0')}`;

/** `2026-02-10T15:04:05.123000-03:00` — usuarios.last_login, audit_log.timestamp (API.md §1.11). */
export function shopIso(instant: DateTime): string {
  const local = instant.setZone(SHOP_ZONE);
  return `${micro(local)}${local.toFormat('ZZ')}`;
}

/** `2026-02-10T18:34:05` — revoked_tokens columns (UTC, naive, seconds). */
export function utcNaiveSeconds(instant: DateTime): string {
  return isoSeconds(instant.toUTC());
}

/** `2026-02-10T18:04:05.123000` — pedidos.fecha (UTC, naive, microseconds as Python writes it). */
export function utcNaiveMicros(instant: DateTime): string {
  return micro(instant.toUTC());
}

/** `10/02/2026 15:04:05` — pedidos.fecha_creacion and historial_pedidos.fecha (Montevideo display). */
export function shopDisplay(instant: DateTime): string {
  const dt = instant.setZone(SHOP_ZONE);
  return `${p2(dt.day)}/${p2(dt.month)}/${year(dt.year)} ${p2(dt.hour)}:${p2(dt.minute)}:${p2(dt.second)}`;
}

/** The shop's calendar day of `instant` as `YYYY-MM-DD`, optionally `plusDays` later. */
export function shopDay(instant: DateTime, plusDays = 0): string {
  return isoDate(instant.setZone(SHOP_ZONE).plus({ days: plusDays }));
}
