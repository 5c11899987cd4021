import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startApp, login, bearer, type RunningApp } from '../support/http-app';
import { runToExit, CLI } from '../support/server-process';
import { tempDir } from '../support/temp';
import { queryFile } from '../support/db-digest';

const pull = (app: RunningApp, dest: string, extra: string[] = [], env: Record<string, string> = { CHORIZAURIO_PASSWORD: 'friosur2026' }) =>
  runToExit(['pull', '--url', `${app.url}/api`, '--username', 'admin', '--dest', dest, ...extra], env, dest, CLI);

describe('e2e: the backup pull client (chorizaurio pull)', function () {
  this.timeout(60_000);
  let app: RunningApp;
  let token: string;
  beforeEach(async () => {
    app = await startApp({ fixture: 'original-current.db' });
    token = await login(app, 'admin', 'friosur2026');
  });
  afterEach(async () => app.close());

  const backupNow = async () =>
    (
      (await (await fetch(`${app.url}/api/admin/backup-now`, { method: 'POST', headers: bearer(token) })).json()) as {
        backup: { filename: string };
      }
    ).backup.filename;

  it('downloads, verifies and keeps the newest backup; a second run is up to date; --keep prunes', async () => {
    const dest = tempDir();
    const name = await backupNow();
    const first = await pull(app, dest);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.contain(`Downloaded and verified ${name}`);
    expect(first.stderr).to.match(/: 100% \(\d+\.\d of \d+\.\d MB\)/);
    expect((await queryFile(path.join(dest, name), 'SELECT count(*) AS n FROM pedidos'))[0]).to.deep.equal({ n: 240 });
    expect((await pull(app, dest)).stdout).to.contain('Up to date');
    await new Promise((r) => setTimeout(r, 1100));
    const second = await backupNow();
    expect((await pull(app, dest, ['--keep', '1'])).code).to.equal(0);
    expect(fs.readdirSync(dest).filter((f) => f.endsWith('.db'))).to.deep.equal([second]);
  });

  it('a corrupted download (wrong hash) is rejected and leaves the destination untouched', async () => {
    const dest = tempDir();
    const name = await backupNow();
    const onServer = path.join(path.dirname(app.dbPath), 'backups', name);
    const bytes = fs.readFileSync(onServer);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff; // same size, different content
    fs.writeFileSync(onServer, bytes);
    fs.writeFileSync(path.join(dest, 'keep-me.txt'), 'x');
    const result = await pull(app, dest);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.contain('SHA-256 mismatch');
    expect(fs.readdirSync(dest)).to.deep.equal(['keep-me.txt']);
  });

  it('refuses a password argument, reports a wrong password, and needs one', async () => {
    const dest = tempDir();
    const withArg = await runToExit(['pull', '--url', app.url, '--username', 'admin', '--dest', dest, '--password', 'x'], {}, dest, CLI);
    expect(withArg.code).to.equal(2);
    expect(withArg.stderr).to.contain('never takes the password as an argument');
    const wrong = await pull(app, dest, [], { CHORIZAURIO_PASSWORD: 'nope' });
    expect(wrong.code).to.equal(1);
    expect(wrong.stderr).to.contain('Sign-in as admin failed (HTTP 401)');
    const none = await pull(app, dest, [], {});
    expect(none.code).to.equal(1);
    expect(none.stderr).to.contain('CHORIZAURIO_PASSWORD');
    const down = await runToExit(
      ['pull', '--url', 'http://127.0.0.1:1', '--username', 'admin', '--dest', dest],
      { CHORIZAURIO_PASSWORD: 'x' },
      dest,
      CLI,
    );
    expect(down.code).to.equal(1);
    expect(down.stderr).to.contain('Cannot reach');
  });
});
