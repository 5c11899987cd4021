import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../support/temp';
import { withOrders } from '../support/ordering';
import { runToExit } from '../support/server-process';
import { type ServerProcess } from '../support/server-process';
import { json, loginAt, orderLines, serverEnv, sleep, soundness, start, verifyListedBackups } from './support';

/** Small real filesystems (tmpfs) to fill up and make read-only; needs root, as on CI. */
const mounted: string[] = [];
function tmpfs(dir: string, bytes: number): void {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
  mounted.push(dir);
}
const remount = (dir: string, mode: 'ro' | 'rw') => execFileSync('mount', ['-o', `remount,${mode}`, dir]);
const canMount = (): boolean => {
  if (process.getuid?.() !== 0) return false;
  const probe = tempDir('chorizaurio-mount-');
  try {
    tmpfs(probe, 1024 * 1024);
    return true;
  } catch {
    return false;
  }
};

const get = async (server: ServerProcess, token: string, p: string) =>
  (await fetch(`${server.url}${p}`, { headers: json(token) })).json() as Promise<Record<string, unknown>>;
const placeOrder = async (server: ServerProcess, token: string) => {
  const res = await fetch(`${server.url}/api/pedidos`, {
    method: 'POST',
    headers: json(token),
    body: JSON.stringify({
      cliente_id: 1,
      items: [
        { producto_id: 1, cantidad: 1 },
        { producto_id: 2, cantidad: 2 },
      ],
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

/**
 * Disk faults under the real server: the backup folder full (refused by the space check, and
 * ENOSPC in the middle of a snapshot), the backup folder read-only, the database's disk full and
 * its folder read-only. Each: a clear error in the log, in backup-status and in health; earlier
 * backups intact; the database never corrupted; orders keep working wherever the database itself
 * is not the disk at fault.
 */
describe('reliability: disk faults', function () {
  this.timeout(300_000);
  let db: string;
  let dbBytes: number;
  before(async function () {
    if (!canMount()) this.skip();
    db = await withOrders(20_000);
    dbBytes = fs.statSync(db).size;
  });
  after(() => {
    for (const dir of mounted.reverse()) {
      try {
        execFileSync('umount', ['-l', dir]);
      } catch {
        // already gone
      }
    }
  });

  async function serverWithBackupsOn(bytes: number) {
    const dir = tempDir('chorizaurio-disk-');
    fs.copyFileSync(db, path.join(dir, 'ventas.db'));
    const backupDir = path.join(dir, 'backups');
    tmpfs(backupDir, bytes);
    const server = await start(dir);
    const admin = await loginAt(server.url, 'admin', 'friosur2026');
    const vendedor = await loginAt(server.url, 'vendedor1', 'vendedor2026');
    return { dir, backupDir, server, admin, vendedor };
  }

  async function expectBackupFailureReported(s: Awaited<ReturnType<typeof serverWithBackupsOn>>, pattern: RegExp) {
    // The log arrives over the child's stdout: give it a moment.
    const logged = () =>
      s.server.logs
        .filter((l) => l.level === 50 && /backup failed/.test(String(l.msg)))
        .map((l) => l.msg)
        .join('\n');
    for (let i = 0; i < 40 && !pattern.test(logged()); i++) await sleep(50);
    expect(logged(), 'the log').to.match(pattern);
    const status = await get(s.server, s.admin, '/api/admin/backup-status');
    expect(status.healthy).to.equal(false);
    expect(String(status.problem), 'backup-status').to.match(pattern);
    const health = (await (await fetch(`${s.server.url}/api/health`)).json()) as Record<string, unknown>;
    expect(health.status).to.equal('degraded');
    expect(String(health.backups), 'health').to.match(pattern);
  }

  it('backup folder too small: refused before writing, with the reason; orders keep working; nothing half-written', async () => {
    const s = await serverWithBackupsOn(Math.floor(dbBytes * 0.6));
    try {
      const res = await fetch(`${s.server.url}/api/admin/backup-now`, { method: 'POST', headers: json(s.admin) });
      expect(res.status).to.equal(503);
      expect(((await res.json()) as { detail: string }).detail).to.match(/Not enough free space/);
      await expectBackupFailureReported(s, /free space/i);
      expect((await placeOrder(s.server, s.vendedor)).status).to.equal(200);
      expect(fs.readdirSync(s.backupDir)).to.deep.equal([]);
    } finally {
      await s.server.stop();
    }
    expect(await soundness(path.join(s.dir, 'ventas.db'))).to.deep.equal([]);
  });

  it('the backup folder filling up in the middle of a snapshot (ENOSPC): a clear failure, the earlier backup intact, no partial file, orders keep working', async () => {
    const s = await serverWithBackupsOn(Math.floor(dbBytes * 2.6));
    try {
      const first = await fetch(`${s.server.url}/api/admin/backup-now`, { method: 'POST', headers: json(s.admin) });
      expect(first.status, await first.clone().text()).to.equal(200);
      const before = await verifyListedBackups(s.backupDir);
      expect(before.listed).to.have.length(1);
      let failed: { status: number; detail: string } | null = null;
      for (let attempt = 0; attempt < 5 && !failed; attempt++) {
        // As soon as the snapshot's temporary file appears, something else takes the rest of the disk.
        const filler = path.join(s.backupDir, 'filler.bin');
        const watcher = (async () => {
          for (let i = 0; i < 5000; i++) {
            if (fs.readdirSync(s.backupDir).some((n) => n.startsWith('.incoming-'))) {
              try {
                const fd = fs.openSync(filler, 'w');
                const chunk = Buffer.alloc(1024 * 1024);
                try {
                  for (;;) fs.writeSync(fd, chunk);
                } catch {
                  // full
                } finally {
                  fs.closeSync(fd);
                }
              } catch {
                // full already
              }
              return;
            }
            await sleep(0);
          }
        })();
        const res = await fetch(`${s.server.url}/api/admin/backup-now`, { method: 'POST', headers: json(s.admin) });
        await watcher;
        const body = (await res.json()) as { detail: string };
        if (res.status !== 200) failed = { status: res.status, detail: body.detail };
        fs.rmSync(filler, { force: true });
        if (!failed)
          await fetch(`${s.server.url}/api/admin/backups/${(body as unknown as { backup: { filename: string } }).backup.filename}`, {
            method: 'DELETE',
            headers: json(s.admin),
          });
      }
      expect(failed, 'a backup ran into the full disk').to.not.equal(null);
      expect(failed!.status).to.equal(503);
      expect(failed!.detail).to.match(/Backup failed: .*(ENOSPC|no space|full)/i);
      await expectBackupFailureReported(s, /ENOSPC|no space|full/i);
      const after = await verifyListedBackups(s.backupDir);
      expect(after.problems).to.deep.equal([]);
      expect(after.listed.map((b) => b.file)).to.include.members(before.listed.map((b) => b.file));
      expect(fs.readdirSync(s.backupDir).filter((n) => n.startsWith('.incoming-'))).to.deep.equal([]);
      expect((await placeOrder(s.server, s.vendedor)).status).to.equal(200);
    } finally {
      await s.server.stop();
    }
    expect(await soundness(path.join(s.dir, 'ventas.db'))).to.deep.equal([]);
  });

  it('the backup folder read-only: earlier backups still listed and downloadable, new ones fail clearly, orders keep working', async () => {
    const s = await serverWithBackupsOn(Math.floor(dbBytes * 4));
    try {
      const first = (await (await fetch(`${s.server.url}/api/admin/backup-now`, { method: 'POST', headers: json(s.admin) })).json()) as {
        backup: { filename: string };
      };
      remount(s.backupDir, 'ro');
      const res = await fetch(`${s.server.url}/api/admin/backup-now`, { method: 'POST', headers: json(s.admin) });
      expect(res.status).to.equal(503);
      expect(((await res.json()) as { detail: string }).detail).to.match(
        /Backup failed: the backup folder .* is not writable \(a read-only disk/,
      );
      await expectBackupFailureReported(s, /EROFS|read-only|not writable/i);
      const download = await fetch(`${s.server.url}/api/admin/backups/${first.backup.filename}`, { headers: json(s.admin) });
      expect(download.status).to.equal(200);
      expect((await download.arrayBuffer()).byteLength).to.be.greaterThan(0);
      expect((await placeOrder(s.server, s.vendedor)).status).to.equal(200);
      expect((await verifyListedBackups(s.backupDir)).problems).to.deep.equal([]);
      remount(s.backupDir, 'rw');
    } finally {
      await s.server.stop();
    }
  });

  it('a restore with BACKUP_DIR on another disk: the swap stays in the database folder, the pre-restore backup is copied across (synced before the original goes) and listed', async () => {
    const s = await serverWithBackupsOn(Math.floor(dbBytes * 4));
    try {
      const made = (await (await fetch(`${s.server.url}/api/admin/backup-now`, { method: 'POST', headers: json(s.admin) })).json()) as {
        backup: { filename: string };
      };
      const placed = await placeOrder(s.server, s.vendedor);
      expect(placed.status).to.equal(200);
      const res = await fetch(`${s.server.url}/api/admin/backups/${made.backup.filename}/restore`, {
        method: 'POST',
        headers: json(s.admin),
        body: JSON.stringify({ confirm: made.backup.filename }),
      });
      const body = (await res.json()) as { pre_restore_backup: string; writes_paused_ms: number };
      expect(res.status, JSON.stringify(body)).to.equal(200);
      expect(body.pre_restore_backup).to.match(/^ventas_/);
      const listed = await verifyListedBackups(s.backupDir);
      expect(listed.problems).to.deep.equal([]);
      const pre = listed.listed.find((b) => path.basename(b.file) === body.pre_restore_backup)!;
      expect(pre.kind).to.equal('pre-restore');
      // The order acknowledged before the restore is in the pre-restore backup, not lost.
      expect((await orderLines(pre.file, [placed.body.id as number])).get(placed.body.id as number)).to.equal(2);
      expect(fs.readdirSync(s.dir).filter((n) => n.startsWith('.pre-restore-') || n.endsWith('.restore-journal'))).to.deep.equal([]);
      expect(fs.readdirSync(s.backupDir).filter((n) => n.startsWith('.incoming-'))).to.deep.equal([]);
      expect((await placeOrder(s.server, s.vendedor)).status).to.equal(200);
    } finally {
      await s.server.stop();
    }
    expect(await soundness(path.join(s.dir, 'ventas.db'))).to.deep.equal([]);
  });

  it("the database's own disk full: orders get a clear 503 (nothing half-saved), health says so; once space is back, orders work and every acknowledged one is there", async () => {
    const dir = tempDir('chorizaurio-dbdisk-');
    tmpfs(dir, Math.floor(dbBytes * 3));
    fs.copyFileSync(db, path.join(dir, 'ventas.db'));
    const server = await start(dir, { BACKUP_DIR: tempDir('chorizaurio-dbdisk-backups-') });
    const acked: number[] = [];
    try {
      const vendedor = await loginAt(server.url, 'vendedor1', 'vendedor2026');
      const ok = await placeOrder(server, vendedor);
      expect(ok.status).to.equal(200);
      acked.push(ok.body.id as number);
      const filler = path.join(dir, 'filler.bin');
      const fd = fs.openSync(filler, 'w');
      try {
        for (;;) fs.writeSync(fd, Buffer.alloc(256 * 1024));
      } catch {
        // full
      } finally {
        fs.closeSync(fd);
      }
      let refused: { status: number; body: Record<string, unknown> } | null = null;
      for (let i = 0; i < 200 && !refused; i++) {
        const r = await placeOrder(server, vendedor);
        if (r.status === 200) acked.push(r.body.id as number);
        else refused = r;
      }
      expect(refused, 'an order ran into the full disk').to.not.equal(null);
      expect(refused!.status).to.equal(503);
      expect(String(refused!.body.detail)).to.match(/no puede escribir en el disco \(SQLITE_FULL|disk is full/);
      const health = (await (await fetch(`${server.url}/api/health`)).json()) as Record<string, unknown>;
      expect(health.status).to.equal('degraded');
      expect(String(health.database)).to.match(/full/);
      for (let i = 0; i < 40 && !server.logs.some((l) => l.level === 50 && /could not write to its disk/.test(String(l.msg))); i++)
        await sleep(50);
      expect(server.logs.some((l) => l.level === 50 && /could not write to its disk/.test(String(l.msg)))).to.equal(true);
      fs.rmSync(filler);
      const after = await placeOrder(server, vendedor);
      expect(after.status, JSON.stringify(after.body)).to.equal(200);
      acked.push(after.body.id as number);
    } finally {
      await server.stop();
    }
    expect(await soundness(path.join(dir, 'ventas.db'))).to.deep.equal([]);
    const lines = await orderLines(path.join(dir, 'ventas.db'), acked);
    expect(acked.filter((id) => lines.get(id) !== 2)).to.deep.equal([]);
  });

  it('the database folder read-only at start-up: the server refuses with a message naming the folder, and changes nothing', async () => {
    const dir = tempDir('chorizaurio-rodb-');
    tmpfs(dir, Math.floor(dbBytes * 3));
    fs.copyFileSync(db, path.join(dir, 'ventas.db'));
    const before = fs.readFileSync(path.join(dir, 'ventas.db'));
    remount(dir, 'ro');
    const r = await runToExit(
      [],
      serverEnv(dir, { BACKUP_DIR: tempDir('chorizaurio-rodb-backups-'), UPLOADS_DIR: tempDir('chorizaurio-rodb-uploads-') }),
      dir,
    );
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain(`${dir} is not writable (EROFS)`);
    expect(fs.readFileSync(path.join(dir, 'ventas.db')).equals(before)).to.equal(true);
    remount(dir, 'rw');
  });
});
