import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { tempDir } from '../support/temp';
import { createTestDatabase, describePostgres } from '../support/postgres';
import { ADMIN_PASSWORD, loginAt, sleep, start } from '../reliability/support';
import type { ServerProcess } from '../support/server-process';

/** 3.6 s: BACKUP_INTERVAL_HOURS takes fractions, slots are aligned to multiples of the interval. */
const INTERVAL_HOURS = 0.001;
const SLOT_MS = INTERVAL_HOURS * 3_600_000;

interface Status {
  scheduler: {
    leader: { instance: string; this_instance: boolean; since: string | null } | null;
    last_scheduled_backup: { filename: string } | null;
  };
}

async function status(url: string, token: string): Promise<Status> {
  const res = await fetch(`${url}/api/admin/backup-status`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).to.equal(200);
  return (await res.json()) as Status;
}

/** Interval backups in the shared folder, by the slot they were made for. */
function intervalBackupsBySlot(dir: string): Map<number, string[]> {
  const bySlot = new Map<number, string[]>();
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.dump.json'))) {
    const m = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as { kind: string; createdAt: string };
    if (m.kind !== 'interval') continue;
    const slot = Math.floor(Date.parse(m.createdAt) / SLOT_MS);
    bySlot.set(slot, [...(bySlot.get(slot) ?? []), name]);
  }
  return bySlot;
}

describePostgres('e2e: one scheduler leader among the instances', function () {
  this.timeout(180_000);
  const servers: ServerProcess[] = [];
  after(async () => {
    for (const s of servers) await s.stop('SIGKILL').catch(() => undefined);
  });

  it('exactly one of two instances backs up each slot; kill -9 the leader and the other takes over within a minute', async () => {
    const db = await createTestDatabase();
    try {
      const shared = tempDir('pg-leader-backups');
      const env = {
        DATABASE_URL: db.url,
        BACKUP_DIR: shared,
        BACKUP_ENABLED: 'true',
        BACKUP_INTERVAL_HOURS: String(INTERVAL_HOURS),
        BACKUP_RETAIN_COUNT: '500',
      };
      const a = await start(tempDir('pg-leader-a'), env);
      servers.push(a);
      const b = await start(tempDir('pg-leader-b'), env);
      servers.push(b);
      const token = await loginAt(a.url, 'admin', ADMIN_PASSWORD);

      // Both say the first instance leads.
      const [sa, sb] = [await status(a.url, token), await status(b.url, token)];
      expect(sa.scheduler.leader).to.include({ this_instance: true });
      expect(sa.scheduler.leader!.instance).to.match(new RegExp(`:${a.proc.pid}$`));
      expect(sb.scheduler.leader).to.include({ instance: sa.scheduler.leader!.instance, this_instance: false });

      // A slot passes: one backup, made by the leader.
      const firstSlot = Math.floor(Date.now() / SLOT_MS) + 1;
      await sleep((firstSlot + 1) * SLOT_MS - Date.now() + 1500);
      let bySlot = intervalBackupsBySlot(shared);
      expect(bySlot.get(firstSlot), `slot ${firstSlot}`).to.have.length(1);

      // The leader dies.
      await a.stop('SIGKILL');
      const killedAt = Date.now();
      let took: number | null = null;
      while (Date.now() - killedAt < 60_000) {
        const s = await status(b.url, token);
        if (s.scheduler.leader?.this_instance) {
          took = Date.now() - killedAt;
          break;
        }
        await sleep(500);
      }
      expect(took, 'the survivor leads within a minute').to.not.equal(null);
      console.log(`      the second instance took the lead ${Math.round(took! / 100) / 10} s after the leader was killed`);

      // The next two slots: one backup each, by the new leader; never two in one slot.
      const next = Math.floor(Date.now() / SLOT_MS) + 1;
      await sleep((next + 2) * SLOT_MS - Date.now() + 1500);
      bySlot = intervalBackupsBySlot(shared);
      for (const slot of [next, next + 1]) expect(bySlot.get(slot), `slot ${slot} after the takeover`).to.have.length(1);
      for (const [slot, names] of bySlot) expect(names, `slot ${slot}`).to.have.length(1);
      const after = await status(b.url, token);
      expect(after.scheduler.last_scheduled_backup).to.not.equal(null);
    } finally {
      for (const s of servers.splice(0)) await s.stop('SIGKILL').catch(() => undefined);
      await db.drop();
    }
  });
});
