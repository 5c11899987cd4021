import { expect } from 'chai';
import { DateTime } from 'luxon';
import {
  CreateBackup,
  GetBackupStatus,
  SnapshotBeforeMigration,
  VerifyStoredBackups,
  type BackupDeps,
} from '../../../../src/application/backups/backups.use-cases';
import { CheckHealth } from '../../../../src/application/health/check-health.use-case';
import {
  InProcessMaintenanceLock,
  SoloLeadership,
  InMemoryBackupRunLog,
} from '../../../../src/infrastructure/backups/in-process-maintenance';
import { BackupScheduler, CATCH_UP_DELAY_MS } from '../../../../src/interfaces/scheduler/backup-scheduler';
import { InMemoryBackups } from '../../../fakes/in-memory-backups';
import { FixedClock } from '../../../fakes/in-memory-auth';

const quiet = { info() {}, warn() {}, debug() {}, error() {} };

function setup(start: string, zone = 'America/Montevideo', over: Partial<BackupDeps['settings']> = {}) {
  const clock = new FixedClock(DateTime.fromISO(start, { zone: 'utc' }));
  const backups = new InMemoryBackups(clock);
  const runs = new InMemoryBackupRunLog(clock.now().toUTC().toISO()!);
  const settings = { enabled: true, intervalHours: 6, retainCount: 10, dailyHour: 22, timezone: zone, backupDir: '/backups', ...over };
  const leadership = new SoloLeadership('shop-pc:1', start);
  const deps: BackupDeps = { maker: backups, store: backups, lock: new InProcessMaintenanceLock(), runs, clock, settings, leadership };
  const create = new CreateBackup(deps);
  const status = new GetBackupStatus(deps);
  const scheduler = new BackupScheduler(create, status, runs, clock, settings, quiet);
  return { clock, backups, runs, deps, create, status, scheduler };
}

describe('CreateBackup and the backup scheduler (controllable clock)', () => {
  it('with several instances only the leader backs up a slot; another takes the slot once the lead is free', async () => {
    const s = setup('2026-06-10T05:59:00Z');
    let leads = false;
    const claims: boolean[] = [];
    const leadership = {
      claim: async () => (claims.push(leads), leads),
      current: async () => (leads ? { instance: 'b:2', self: true, since: null } : { instance: 'a:1', self: false, since: null }),
      release: async () => undefined,
    };
    const follower = new BackupScheduler(s.create, s.status, s.runs, s.clock, s.deps.settings, quiet, leadership);
    (follower as unknown as { lastCheck: DateTime }).lastCheck = s.clock.now();
    s.clock.current = DateTime.fromISO('2026-06-10T06:00:01Z', { zone: 'utc' });
    expect(await follower.tick(), "the 06:00 slot is the leader's").to.equal(null);
    expect(s.backups.calls).to.deep.equal([]);
    leads = true; // the leader died: the lock is free and this instance takes it at the next slot
    s.clock.current = DateTime.fromISO('2026-06-10T12:00:01Z', { zone: 'utc' });
    expect(await follower.tick()).to.equal('interval');
    expect(s.backups.calls).to.have.length(1);
    expect(claims).to.deep.equal([false, true]);
    const leader = (await new GetBackupStatus({ ...s.deps, leadership }).execute()).leader;
    expect(leader).to.deep.equal({ instance: 'b:2', self: true, since: null });
  });

  it('refuses to start without space for the database, and says so in the status', async () => {
    const s = setup('2026-06-10T12:00:00Z');
    s.backups.freeBytes = 10;
    const r = await s.create.execute({ kind: 'manual', trigger: 'test' });
    expect(!r.ok && r.error.code).to.equal('INSUFFICIENT_SPACE');
    expect((await s.status.execute()).lastRun).to.include({ ok: false, kind: 'manual' });
    expect(s.backups.calls).to.deep.equal([]);
  });

  it('prunes only after the new backup is verified; a failed backup prunes nothing', async () => {
    const s = setup('2026-06-10T12:00:00Z', 'America/Montevideo', { retainCount: 3 });
    for (let i = 0; i < 10; i++) {
      s.clock.advance({ minutes: 1 });
      expect((await s.create.execute({ kind: 'manual', trigger: 't' })).ok).to.equal(true);
    }
    const kept = (await s.backups.list()).map((b) => b.filename);
    expect(kept).to.have.length(3);
    s.backups.failWith = 'integrity_check failed';
    s.clock.advance({ minutes: 1 });
    const failed = await s.create.execute({ kind: 'manual', trigger: 't' });
    expect(!failed.ok && failed.error.message).to.contain('integrity_check failed');
    expect((await s.backups.list()).map((b) => b.filename)).to.deep.equal(kept);
  });

  it('VerifyStoredBackups: a rotted backup is set aside (not listed, kept), the status and health say so; sound ones stay', async () => {
    const s = setup('2026-06-10T12:00:00Z');
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      s.clock.advance({ minutes: 1 });
      const r = await s.create.execute({ kind: 'manual', trigger: 't' });
      if (r.ok) names.push(r.value.filename);
    }
    const health = new CheckHealth({ check: async () => ({ ok: true }) }, s.deps);
    expect((await health.execute()).status).to.equal('healthy');
    const clean = await new VerifyStoredBackups(s.deps).execute();
    expect(clean.ok && clean.value).to.deep.equal({ checked: 3, ok: [...names].reverse(), rotted: [] });
    s.backups.files.get(names[1]!)!.bytes[0] ^= 0xff;
    const r = await new VerifyStoredBackups(s.deps).execute();
    expect(r.ok && r.value.rotted.map((x) => x.filename)).to.deep.equal([names[1]]);
    expect(r.ok && r.value.rotted[0]!.problem).to.match(/SHA-256/);
    expect((await s.backups.list()).map((b) => b.filename)).to.deep.equal([names[2], names[0]]);
    expect(s.backups.rottedFiles.has(names[1]!)).to.equal(true);
    const st = await s.status.execute();
    expect(st.healthy).to.equal(false);
    expect(st.problem).to.contain(names[1]);
    expect(st.rotted.map((x) => x.filename)).to.deep.equal([names[1]]);
    const h = await health.execute();
    expect(h.status).to.equal('degraded');
    expect(h.backups).to.match(/failed re-verification/);
  });

  it('VerifyStoredBackups waits for a running backup, and answers busy rather than verifying beside it', async () => {
    const s = setup('2026-06-10T12:00:00Z');
    let release!: () => void;
    const holding = s.deps.lock.run('a long backup', 1000, () => new Promise<void>((r) => (release = r)));
    const verify = new VerifyStoredBackups({
      ...s.deps,
      lock: { run: (what, _wait, work) => s.deps.lock.run(what, 10, work), holder: () => s.deps.lock.holder() },
    }).execute();
    const r = await verify;
    expect(!r.ok && r.error.code).to.equal('MAINTENANCE_BUSY');
    release();
    await holding;
  });

  it('one backup at a time: a request while one runs waits, then gets MAINTENANCE_BUSY', async () => {
    const s = setup('2026-06-10T12:00:00Z');
    let release!: () => void;
    const holding = s.deps.lock.run('restore', 1000, () => new Promise<void>((r) => (release = r)));
    const quick = new CreateBackup({
      ...s.deps,
      lock: { run: (w, _ms, f) => s.deps.lock.run(w, 50, f), holder: () => s.deps.lock.holder() },
    });
    const r = await quick.execute({ kind: 'manual', trigger: 't' });
    expect(!r.ok && r.error.code).to.equal('MAINTENANCE_BUSY');
    expect(!r.ok && r.error.message).to.contain('Another backup may be in progress');
    release();
    await holding;
    expect((await s.create.execute({ kind: 'manual', trigger: 't' })).ok).to.equal(true);
  });

  it('the pre-migration snapshot is kind pre-migration, and each safety kind keeps its newest 3', async () => {
    const s = setup('2026-06-10T12:00:00Z');
    const snap = new SnapshotBeforeMigration(s.deps);
    for (let i = 0; i < 5; i++) {
      s.clock.advance({ seconds: 1 });
      expect((await snap.capture({ pending: ['013_x'], trigger: 'startup' })).ok).to.equal(true);
    }
    const list = await s.backups.list();
    expect(list.map((b) => b.kind)).to.deep.equal(['pre-migration', 'pre-migration', 'pre-migration']);
    expect(s.backups.calls[0]!.trigger).to.equal('startup: before 013_x');
  });

  describe('scheduler', () => {
    it('runs at each interval slot and once at the daily slot (Montevideo 22:00 = 01:00 UTC)', async () => {
      const s = setup('2026-06-10T20:00:00Z');
      s.backups.files.set('seed', {
        entry: {
          filename: 'ventas_20260610_013000.db',
          kind: 'daily',
          createdAt: '2026-06-10T01:30:00.000Z',
          size: 1,
          sha256: 'x',
          md5: 'y',
        },
        bytes: Buffer.alloc(1),
      });
      await s.scheduler.start();
      s.scheduler.stop();
      const ran: (string | null)[] = [];
      for (const at of [
        '2026-06-10T23:59:00Z',
        '2026-06-11T00:00:30Z',
        '2026-06-11T00:59:00Z',
        '2026-06-11T01:00:10Z',
        '2026-06-11T05:00:00Z',
        '2026-06-11T06:00:01Z',
      ]) {
        s.clock.current = DateTime.fromISO(at, { zone: 'utc' });
        ran.push(await s.scheduler.tick());
      }
      expect(ran).to.deep.equal([null, 'interval', null, 'daily', null, 'interval']);
      expect(s.backups.calls.map((c) => [c.kind, c.fullCheck])).to.deep.equal([
        ['interval', false],
        ['daily', true],
        ['interval', false],
      ]);
    });

    it('catches up a daily slot missed while down, within 5 minutes of start', async () => {
      const s = setup('2026-06-11T09:00:00Z'); // the 01:00 UTC slot passed with no backup after it
      await s.scheduler.start();
      s.scheduler.stop();
      expect(CATCH_UP_DELAY_MS).to.be.at.most(5 * 60_000);
      s.clock.advance({ milliseconds: CATCH_UP_DELAY_MS });
      expect(await s.scheduler.tick()).to.equal('daily');
      s.clock.advance({ minutes: 1 });
      expect(await s.scheduler.tick()).to.equal(null);
      expect(s.backups.calls).to.have.length(1);
    });

    it('does not catch up when a backup after the last daily slot exists', async () => {
      const s = setup('2026-06-11T09:00:00Z');
      s.backups.files.set('x', {
        entry: {
          filename: 'ventas_20260611_020000.db',
          kind: 'interval',
          createdAt: '2026-06-11T02:00:00.000Z',
          size: 1,
          sha256: 'x',
          md5: 'y',
        },
        bytes: Buffer.alloc(1),
      });
      await s.scheduler.start();
      s.scheduler.stop();
      s.clock.advance({ minutes: 5 });
      expect(await s.scheduler.tick()).to.equal(null);
    });

    it('several slots passed at once make one backup', async () => {
      const s = setup('2026-06-10T02:00:00Z');
      s.backups.files.set('x', {
        entry: {
          filename: 'ventas_20260610_013000.db',
          kind: 'daily',
          createdAt: '2026-06-10T01:30:00.000Z',
          size: 1,
          sha256: 'x',
          md5: 'y',
        },
        bytes: Buffer.alloc(1),
      });
      await s.scheduler.start();
      s.scheduler.stop();
      s.clock.current = DateTime.fromISO('2026-06-11T02:00:00Z', { zone: 'utc' });
      expect(await s.scheduler.tick()).to.equal('daily');
      expect(s.backups.calls).to.have.length(1);
    });

    it('a failure is logged, counted, shown unhealthy, and retried at the next slot; the scheduler keeps going', async () => {
      const s = setup('2026-06-10T05:00:00Z');
      s.backups.files.set('x', {
        entry: {
          filename: 'ventas_20260610_013000.db',
          kind: 'daily',
          createdAt: '2026-06-10T04:30:00.000Z',
          size: 1,
          sha256: 'x',
          md5: 'y',
        },
        bytes: Buffer.alloc(1),
      });
      const errors: object[] = [];
      const scheduler = new BackupScheduler(
        s.create,
        s.status,
        s.runs,
        s.clock,
        { ...s.deps.settings },
        { ...quiet, error: (o: object) => errors.push(o) },
      );
      await scheduler.start();
      scheduler.stop();
      s.backups.failWith = 'disk I/O error';
      s.clock.current = DateTime.fromISO('2026-06-10T06:00:01Z', { zone: 'utc' });
      expect(await scheduler.tick()).to.equal('interval');
      expect(s.runs.consecutiveFailures()).to.equal(1);
      expect(errors[0]).to.deep.include({ code: 'BACKUP_FAILED', failures: 1 });
      const health = await new CheckHealth({ check: async () => ({ ok: true }) }, s.deps).execute();
      expect(health.status).to.equal('degraded');
      expect(health.backups).to.contain('disk I/O error');
      s.backups.failWith = null;
      s.clock.current = DateTime.fromISO('2026-06-10T12:00:01Z', { zone: 'utc' });
      expect(await scheduler.tick()).to.equal('interval');
      expect(s.runs.consecutiveFailures()).to.equal(0);
      expect((await new CheckHealth({ check: async () => ({ ok: true }) }, s.deps).execute()).status).to.equal('healthy');
    });

    it('New York across both DST changes: one daily backup per day, at the first valid instant', async () => {
      const s = setup('2026-03-07T00:00:00Z', 'America/New_York', { dailyHour: 2, intervalHours: 24 });
      s.backups.files.set('x', {
        entry: {
          filename: 'ventas_20260306_080000.db',
          kind: 'daily',
          createdAt: '2026-03-06T23:00:00.000Z',
          size: 1,
          sha256: 'x',
          md5: 'y',
        },
        bytes: Buffer.alloc(1),
      });
      await s.scheduler.start();
      s.scheduler.stop();
      const dailyRuns: string[] = [];
      const advanceTo = async (iso: string) => {
        const end = DateTime.fromISO(iso, { zone: 'utc' });
        while (s.clock.now() < end) {
          s.clock.advance({ minutes: 10 });
          if ((await s.scheduler.tick()) === 'daily') dailyRuns.push(s.clock.now().setZone('America/New_York').toFormat('MM-dd HH:mm ZZ'));
        }
      };
      await advanceTo('2026-03-10T00:00:00Z');
      expect(dailyRuns).to.deep.equal(['03-07 02:00 -05:00', '03-08 03:00 -04:00', '03-09 02:00 -04:00']);
      dailyRuns.length = 0;
      s.clock.current = DateTime.fromISO('2026-10-31T00:00:00Z', { zone: 'utc' });
      const fall = new BackupScheduler(s.create, s.status, s.runs, s.clock, { ...s.deps.settings, dailyHour: 1 }, quiet);
      (fall as unknown as { lastCheck: DateTime }).lastCheck = s.clock.now();
      const advanceFall = async (iso: string) => {
        const end = DateTime.fromISO(iso, { zone: 'utc' });
        while (s.clock.now() < end) {
          s.clock.advance({ minutes: 10 });
          if ((await fall.tick()) === 'daily') dailyRuns.push(s.clock.now().setZone('America/New_York').toFormat('MM-dd HH:mm ZZ'));
        }
      };
      await advanceFall('2026-11-03T00:00:00Z');
      expect(dailyRuns).to.deep.equal(['10-31 01:00 -04:00', '11-01 01:00 -04:00', '11-02 01:00 -05:00']);
    });
  });
});
