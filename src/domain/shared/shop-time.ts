import { type DateTime } from 'luxon';

/** The shop's zone: user-visible times and the audit/login columns are in Montevideo time. */
export const SHOP_ZONE = 'America/Montevideo';

const micro = (dt: DateTime): string => `${dt.toFormat("yyyy-MM-dd'T'HH:mm:ss")}.${String(dt.millisecond * 1000).padStart(6, '0')}`;

/** `2026-02-10T15:04:05.123000-03:00` — usuarios.last_login, audit_log.timestamp (API.md §1.11). */
export function shopIso(instant: DateTime): string {
  const local = instant.setZone(SHOP_ZONE);
  return `${micro(local)}${local.toFormat('ZZ')}`;
}

/** `2026-02-10T18:34:05` — revoked_tokens columns (UTC, naive, seconds). */
export function utcNaiveSeconds(instant: DateTime): string {
  return instant.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

/** `2026-02-10T18:04:05.123000` — pedidos.fecha (UTC, naive, microseconds as Python writes it). */
export function utcNaiveMicros(instant: DateTime): string {
  return micro(instant.toUTC());
}

/** `10/02/2026 15:04:05` — pedidos.fecha_creacion and historial_pedidos.fecha (Montevideo display). */
export function shopDisplay(instant: DateTime): string {
  return instant.setZone(SHOP_ZONE).toFormat('dd/MM/yyyy HH:mm:ss');
}

/** The shop's calendar day of `instant` as `YYYY-MM-DD`, optionally `plusDays` later. */
export function shopDay(instant: DateTime, plusDays = 0): string {
  return instant.setZone(SHOP_ZONE).plus({ days: plusDays }).toFormat('yyyy-MM-dd');
}
