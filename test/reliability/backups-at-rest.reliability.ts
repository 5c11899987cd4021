import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../support/temp';
import { copyFixture } from '../support/temp';
import { CLI, runToExit } from '../support/server-process';
import { json, loginAt, serverEnv, start } from './support';

/**
 * Backups at rest: a stored backup that rots on disk (same size, one byte flipped) is found by
 * `chorizaurio backups verify` (beside the running server) and by POST /api/admin/backups/verify,
 * taken out of the list, reported by backup-status and health, and never served or restored.
 */
describe('reliability: backups at rest are re-verified', function () {
  this.timeout(120_000);

  it('a rotted backup is found, set aside (kept), reported, and never served as good', async () => {
    const dir = tempDir('chorizaurio-rest-');
    copyFixture('original-current.db', dir, 'ventas.db');
    const backupDir = path.join(dir, 'backups');
    const server = await start(dir);
    try {
      const admin = await loginAt(server.url, 'admin', 'friosur2026');
      const make = async () =>
        (
          (await (await fetch(`${server.url}/api/admin/backup-now`, { method: 'POST', headers: json(admin) })).json()) as {
            backup: { filename: string };
          }
        ).backup.filename;
      const good = await make();
      await new Promise((r) => setTimeout(r, 1100));
      const bad = await make();
      const file = path.join(backupDir, bad);
      const size = fs.statSync(file).size;
      const fd = fs.openSync(file, 'r+');
      fs.writeSync(fd, Buffer.from([0x5a]), 0, 1, Math.floor(size / 2));
      fs.closeSync(fd);
      expect(fs.statSync(file).size).to.equal(size);

      const cli = await runToExit(['backups', 'verify'], serverEnv(dir), dir, CLI);
      expect(cli.code, cli.stderr).to.equal(1);
      expect(cli.stdout).to.contain(`ok      ${good}`);
      expect(cli.stdout).to.match(new RegExp(`ROTTED  ${bad}: its SHA-256 is [0-9a-f]{64}, the manifest says`));
      expect(cli.stdout).to.match(/1 rotted/);

      const listed = (await (await fetch(`${server.url}/api/admin/backups`, { headers: json(admin) })).json()) as {
        backups: { filename: string }[];
      };
      expect(listed.backups.map((b) => b.filename))
        .to.include(good)
        .and.not.include(bad);
      expect((await fetch(`${server.url}/api/admin/backups/${bad}`, { headers: json(admin) })).status).to.equal(404);
      const restore = await fetch(`${server.url}/api/admin/backups/${bad}/restore`, {
        method: 'POST',
        headers: json(admin),
        body: JSON.stringify({ confirm: bad }),
      });
      expect(restore.status).to.equal(404);
      const status = (await (await fetch(`${server.url}/api/admin/backup-status`, { headers: json(admin) })).json()) as {
        healthy: boolean;
        problem: string;
        rotted_backups: { filename: string; problem: string }[];
      };
      expect(status.healthy).to.equal(false);
      expect(status.problem).to.contain(bad);
      expect(status.rotted_backups.map((r) => r.filename)).to.deep.equal([bad]);
      const health = (await (await fetch(`${server.url}/api/health`)).json()) as { status: string; backups: string };
      expect(health.status).to.equal('degraded');
      expect(health.backups).to.contain('failed re-verification');
      // Kept, under a name that is never listed.
      expect(fs.existsSync(path.join(backupDir, `rotted-${bad}`))).to.equal(true);

      const again = (await (await fetch(`${server.url}/api/admin/backups/verify`, { method: 'POST', headers: json(admin) })).json()) as {
        checked: number;
        ok: string[];
        rotted: unknown[];
      };
      expect(again.rotted).to.deep.equal([]);
      expect(again.ok).to.include(good);
      const cli2 = await runToExit(['backups', 'verify', '--json'], serverEnv(dir), dir, CLI);
      expect(cli2.code).to.equal(0);
      expect(JSON.parse(cli2.stdout).rotted).to.deep.equal([]);
    } finally {
      await server.stop();
    }
  });
});
