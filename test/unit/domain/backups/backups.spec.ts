import { expect } from 'chai';
import { DateTime } from 'luxon';
import {
  backupFileName,
  backupsToPrune,
  isBackupFileName,
  assessBackupHealth,
  type BackupEntry,
  type BackupKind,
} from '../../../../src/domain/backups/backup';
import { dailySlotOn, slotsBetween, nextSlots, lastDailySlot } from '../../../../src/domain/backups/backup-schedule';

const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
const entry = (i: number, kind: BackupKind = 'interval'): BackupEntry => ({
  filename: `ventas_202601${String(i).padStart(2, '0')}_000000.db`,
  kind,
  createdAt: `2026-01-${String(i).padStart(2, '0')}T00:00:00.000Z`,
  size: 1,
  sha256: 'x',
  md5: 'y',
});

describe('domain: backups', () => {
  it('names backups ventas_YYYYMMDD_HHMMSS.db in UTC, with a suffix when the second is taken', () => {
    const at = DateTime.fromISO('2026-01-06T19:00:00', { zone: 'America/Montevideo' });
    expect(backupFileName(at, () => false)).to.equal('ventas_20260106_220000.db');
    const taken = new Set(['ventas_20260106_220000.db', 'ventas_20260106_220000_2.db']);
    expect(backupFileName(at, (n) => taken.has(n))).to.equal('ventas_20260106_220000_3.db');
    for (const bad of [
      '../ventas_20260106_220000.db',
      'ventas_20260106_220000.db.json',
      'ventas.db',
      'ventas_2026_1.db',
      'ventas_20260106_220000.db/x',
    ]) {
      expect(isBackupFileName(bad), bad).to.equal(false);
    }
    expect(isBackupFileName('ventas_20260106_220000_2.db')).to.equal(true);
  });

  it('retention: with 3 to keep, ten backups leave the three newest; safety kinds keep their own three', () => {
    const ten = Array.from({ length: 10 }, (_, i) => entry(i + 1, i % 2 ? 'interval' : 'manual'));
    expect(backupsToPrune(ten, 3).sort()).to.deep.equal(
      ten
        .slice(0, 7)
        .map((b) => b.filename)
        .sort(),
    );
    const safety = Array.from({ length: 5 }, (_, i) => entry(i + 11, 'pre-migration'));
    const pruned = backupsToPrune([...ten, ...safety], 3);
    expect(pruned).to.include.members([safety[0]!.filename, safety[1]!.filename]);
    expect(pruned).to.not.include(safety[2]!.filename);
  });

  it('retention never removes the newest backup', () => {
    const onlyManual = [
      entry(1, 'manual'),
      entry(2, 'pre-restore'),
      entry(3, 'pre-restore'),
      entry(4, 'pre-restore'),
      entry(5, 'pre-restore'),
    ];
    expect(backupsToPrune(onlyManual, 1)).to.not.include(entry(5).filename);
    expect(backupsToPrune([entry(9, 'manual')], 1)).to.deep.equal([]);
  });

  describe('schedule', () => {
    const mvd = { intervalHours: 6, dailyHour: 22, timezone: 'America/Montevideo' };
    const ny = { intervalHours: 6, dailyHour: 2, timezone: 'America/New_York' };

    it('Montevideo: the daily slot is 22:00 local (01:00 UTC); interval slots every 6 h; near slots merge', () => {
      expect(dailySlotOn(utc('2026-06-10T12:00:00Z'), mvd).toUTC().toISO()).to.equal('2026-06-11T01:00:00.000Z');
      const slots = slotsBetween(utc('2026-06-10T00:00:00Z'), utc('2026-06-11T06:00:00Z'), mvd).map(
        (s) => `${s.kind}@${s.at.toUTC().toFormat('dd HH:mm')}`,
      );
      expect(slots).to.deep.equal([
        'daily@10 01:00',
        'interval@10 06:00',
        'interval@10 12:00',
        'interval@10 18:00',
        'interval@11 00:00',
        'daily@11 01:00',
        'interval@11 06:00',
      ]);
      const hourly = { intervalHours: 1, dailyHour: 22, timezone: 'America/Montevideo' };
      const around = slotsBetween(utc('2026-06-11T00:30:00Z'), utc('2026-06-11T01:30:00Z'), hourly).map((s) => s.kind);
      // The 01:00 UTC interval slot coincides with the daily one: one backup.
      expect(around).to.deep.equal(['daily']);
      const quarter = { intervalHours: 0.25, dailyHour: 22, timezone: 'America/Montevideo' };
      expect(
        slotsBetween(utc('2026-06-11T00:40:00Z'), utc('2026-06-11T01:20:00Z'), quarter).map(
          (s) => `${s.kind}@${s.at.toUTC().toFormat('HH:mm')}`,
        ),
      ).to.deep.equal(['interval@00:45', 'daily@01:00', 'interval@01:15']);
    });

    it('New York, spring forward: a daily hour skipped by DST runs at the first valid instant after it', () => {
      const slot = dailySlotOn(utc('2026-03-08T12:00:00Z'), ny);
      expect(slot.toISO()).to.equal('2026-03-08T03:00:00.000-04:00');
      const days = slotsBetween(utc('2026-03-07T00:00:00Z'), utc('2026-03-10T00:00:00Z'), ny).filter((s) => s.kind === 'daily');
      expect(days.map((s) => s.at.toISO())).to.deep.equal([
        '2026-03-07T02:00:00.000-05:00',
        '2026-03-08T03:00:00.000-04:00',
        '2026-03-09T02:00:00.000-04:00',
      ]);
    });

    it('New York, fall back: a repeated daily hour runs once', () => {
      const fallback = { ...ny, dailyHour: 1 };
      const days = slotsBetween(utc('2026-10-31T00:00:00Z'), utc('2026-11-03T00:00:00Z'), fallback).filter((s) => s.kind === 'daily');
      expect(days.map((s) => s.at.toISO())).to.deep.equal([
        '2026-10-31T01:00:00.000-04:00',
        '2026-11-01T01:00:00.000-04:00',
        '2026-11-02T01:00:00.000-05:00',
      ]);
    });

    it('Montevideo keeps its fixed offset through the year (no DST since 2015)', () => {
      for (const month of ['01', '04', '07', '10'])
        expect(
          dailySlotOn(utc(`2026-${month}-15T12:00:00Z`), mvd)
            .toUTC()
            .toFormat('HH:mm'),
        ).to.equal('01:00');
    });

    it('next slots and the last daily slot', () => {
      const now = utc('2026-06-10T23:30:00Z');
      expect(nextSlots(now, mvd, 3).map((s) => s.at.toUTC().toFormat('dd HH:mm'))).to.deep.equal(['11 00:00', '11 01:00', '11 06:00']);
      expect(lastDailySlot(now, mvd).toUTC().toISO()).to.equal('2026-06-10T01:00:00.000Z');
    });
  });

  it('health: old newest backup, failed scheduled run, none yet after 1.5 intervals', () => {
    const base = {
      enabled: true,
      intervalHours: 6,
      lastScheduled: null,
      startedAt: '2026-01-01T00:00:00Z',
      nowMs: Date.parse('2026-01-01T12:00:00Z'),
    };
    expect(assessBackupHealth({ ...base, newestCreatedAt: '2026-01-01T06:00:00Z' }).healthy).to.equal(true);
    expect(assessBackupHealth({ ...base, newestCreatedAt: '2026-01-01T02:00:00Z' }).reason).to.match(/10\.0 h old \(limit 9 h\)/);
    expect(
      assessBackupHealth({ ...base, newestCreatedAt: '2026-01-01T11:00:00Z', lastScheduled: { ok: false, error: 'disk full' } }).reason,
    ).to.contain('disk full');
    expect(assessBackupHealth({ ...base, newestCreatedAt: null }).healthy).to.equal(false);
    expect(assessBackupHealth({ ...base, newestCreatedAt: null, startedAt: '2026-01-01T10:00:00Z' }).healthy).to.equal(true);
    expect(assessBackupHealth({ ...base, enabled: false, newestCreatedAt: null }).healthy).to.equal(true);
  });
});
