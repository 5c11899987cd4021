import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as net from 'node:net';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyFixture, tempDir, REPO_ROOT } from '../support/temp';
import { serverEnv, start } from '../reliability/support';
import type { ServerProcess } from '../support/server-process';

/** Where a block runs: the operator's computer, the server's shell, or the server's shell with the server stopped. */
type Place = 'computer' | 'server' | 'stopped';
interface Block {
  readonly place: Place;
  readonly line: number;
  readonly code: string;
}

/** The `bash` blocks of docs/RUNBOOK.md, in order, each with the place its marker comment names. */
export function runbookBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)```bash\s*$/.exec(lines[i]!);
    if (!fence) continue;
    const marker = /^\s*<!-- runbook: ([a-z, ]+) -->\s*$/.exec(lines[i - 1] ?? '');
    const place: Place = !marker ? 'computer' : marker[1]!.includes('stopped') ? 'stopped' : 'server';
    const indent = fence[1]!.length;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]!); j++) body.push(lines[j]!.slice(indent));
    blocks.push({ place, line: i + 1, code: body.join('\n') });
    i = j;
  }
  return blocks;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

describe('e2e: every command of docs/RUNBOOK.md runs as written against a live server', function () {
  this.timeout(240_000);
  let server: ServerProcess | null = null;
  after(async () => server?.stop('SIGTERM'));

  it('runs each bash block in order; each exits 0', async () => {
    const blocks = runbookBlocks(fs.readFileSync(path.join(REPO_ROOT, 'docs', 'RUNBOOK.md'), 'utf8'));
    expect(blocks.length, 'bash blocks in the runbook').to.be.greaterThan(20);
    for (const place of ['computer', 'server', 'stopped'] as const)
      expect(
        blocks.some((b) => b.place === place),
        place,
      ).to.equal(true);

    const dataDir = tempDir('runbook-data');
    copyFixture('original-current.db', dataDir, 'ventas.db');
    // One port for the whole run: the server is stopped and started again, and API must stay right.
    const port = await freePort();
    const env = serverEnv(dataDir, { PORT: String(port) });
    server = await start(dataDir, { PORT: String(port) });
    // The operator's computer: a scratch folder, `chorizaurio` on the PATH (as `npm link` puts it).
    const computer = tempDir('runbook-pc');
    const bin = tempDir('runbook-bin');
    fs.symlinkSync(path.join(REPO_ROOT, 'bin', 'chorizaurio.js'), path.join(bin, 'chorizaurio'));
    const state = path.join(tempDir('runbook-state'), 'env.sh');
    fs.writeFileSync(state, '');

    const failures: string[] = [];
    for (const block of blocks) {
      if (block.place === 'stopped' && server) {
        expect(await server.stop('SIGTERM')).to.equal(0);
        server = null;
      }
      if (block.place !== 'stopped' && !server) server = await start(dataDir, { PORT: String(port) });
      const url = server?.url ?? 'http://127.0.0.1:1';
      // Each block runs with what the earlier ones exported or set (TOKEN, NAME, …), then saves its own.
      const script = `set -eo pipefail\nsource ${JSON.stringify(state)}\n${block.code}\n( set +x; declare -p | grep -vE '^declare -[a-zA-Z-]*r ' | grep -vE ' (BASH[A-Z_]*|EUID|PPID|SHELLOPTS|UID|PWD|OLDPWD|SHLVL|_)=' ) > ${JSON.stringify(state)}.new\n`;
      const result = spawnSync('bash', ['-c', script], {
        cwd: block.place === 'computer' ? computer : REPO_ROOT,
        env: {
          PATH: `${bin}:${process.env.PATH}`,
          HOME: process.env.HOME,
          API: url,
          CHORIZAURIO_PASSWORD: 'friosur2026',
          ...(block.place === 'computer' ? {} : env),
        },
        encoding: 'utf8',
        timeout: 120_000,
      });
      if (result.status !== 0) {
        failures.push(
          `docs/RUNBOOK.md line ${block.line} (${block.place}) exited ${result.status}:\n${block.code}\n--- stdout\n${result.stdout.slice(-1500)}\n--- stderr\n${result.stderr.slice(-1500)}`,
        );
        break;
      }
      fs.renameSync(`${state}.new`, state);
    }
    expect(failures, failures.join('\n\n')).to.deep.equal([]);
    // What the blocks did is real: the reactivated user, the restores and the upload are in the data.
    expect(fs.readdirSync(path.join(dataDir, 'backups')).some((f) => f.endsWith('.db'))).to.equal(true);
    expect(fs.existsSync(path.join(computer, 'ChorizaurioBackups'))).to.equal(true);
    expect(fs.readdirSync(path.join(computer, 'ChorizaurioBackups')).some((f) => /^ventas_.*\.db$/.test(f))).to.equal(true);
  });
});
