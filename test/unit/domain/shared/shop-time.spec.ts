import { expect } from 'chai';
import { DateTime } from 'luxon';
import { SHOP_ZONE, shopDay, shopDisplay, shopIso, utcNaiveMicros, utcNaiveSeconds } from '../../../../src/domain/shared/shop-time';

describe('domain: shop time formats (spelled out, the same as luxon would format them)', () => {
  // Instants over 60 years, both DST eras of Montevideo (DST until 2015), midnights, leap days.
  const instants = [
    ...Array.from({ length: 3000 }, (_, i) =>
      DateTime.fromMillis(-315_000_000_000 + (i * 1_013_456_789_123) / 1000 + i * 7, { zone: 'utc' }),
    ),
    DateTime.fromISO('2015-03-08T01:59:59.999Z', { zone: 'utc' }),
    DateTime.fromISO('2024-02-29T03:00:00.000Z', { zone: 'utc' }),
    DateTime.fromISO('2026-12-31T02:59:59.001Z', { zone: 'utc' }),
    DateTime.fromISO('0999-06-01T12:00:00.000Z', { zone: 'utc' }),
  ];

  it('pedidos.fecha_creacion / historial (dd/MM/yyyy HH:mm:ss in Montevideo)', () => {
    for (const t of instants) expect(shopDisplay(t)).to.equal(t.setZone(SHOP_ZONE).toFormat('dd/MM/yyyy HH:mm:ss'));
  });

  it('pedidos.fecha and revoked_tokens (UTC, naive), last_login and audit (Montevideo with offset), shop days', () => {
    for (const t of instants) {
      const micros = String(t.millisecond * 1000).padStart(6, '0');
      expect(utcNaiveMicros(t)).to.equal(`${t.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss")}.${micros}`);
      expect(utcNaiveSeconds(t)).to.equal(t.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss"));
      const local = t.setZone(SHOP_ZONE);
      expect(shopIso(t)).to.equal(`${local.toFormat("yyyy-MM-dd'T'HH:mm:ss")}.${micros}${local.toFormat('ZZ')}`);
      expect(shopDay(t, 3)).to.equal(local.plus({ days: 3 }).toFormat('yyyy-MM-dd'));
    }
  });
});
