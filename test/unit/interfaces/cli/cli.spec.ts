import { expect } from 'chai';
import { Writable } from 'node:stream';
import { runCli, type CliDeps, type CliIo } from '../../../../src/interfaces/cli/commands';
import { startProgress } from '../../../../src/interfaces/cli/progress';

const unusable = () => Promise.reject(new Error('this test opens no database'));
const deps: CliDeps = {
  encodeSeed: unusable,
  openMigrations: unusable,
  openRestore: unusable,
  openBackups: unusable,
  openUsers: unusable,
  operator: 'test@host (cli)',
  version: '9.9.9',
};

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await runCli(args, deps, io);
  return { code, out, err };
}

/** The command names a help text lists under "Commands:" (without `help`). */
const commandsIn = (help: string): string[] => {
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
};

describe('unit: the CLI program (commander)', () => {
  it('answers --help on every command and subcommand, exit 0, without opening a database', async () => {
    const seen: string[] = [];
    const walk = async (path: string[]): Promise<void> => {
      const r = await run([...path, '--help']);
      expect(r.code, path.join(' ')).to.equal(0);
      expect(r.out, path.join(' ')).to.contain(`Usage: chorizaurio${path.length ? ` ${path.join(' ')}` : ''}`);
      seen.push(path.join(' '));
      for (const sub of commandsIn(r.out)) await walk([...path, sub]);
    };
    await walk([]);
    for (const c of [
      'backup',
      'backups list',
      'backups verify',
      'restore',
      'pull',
      'migrate status',
      'migrate run',
      'migrate mark-applied',
      'seed-encode',
      'users list',
      'users reactivate',
    ])
      expect(seen, c).to.include(c);
  });

  it('documents the exit codes in the help, and prints the version', async () => {
    const help = await run(['--help']);
    expect(help.out).to.match(/Exit codes: 0 done; 1 .*\n2 the command line was wrong/);
    const version = await run(['--version']);
    expect([version.code, version.out.trim()]).to.deep.equal([0, '9.9.9']);
  });

  it('exits 2 on usage errors before anything is opened; 1 when the command itself fails', async () => {
    for (const args of [[], ['nope'], ['users'], ['users', 'reactivate'], ['migrate', 'mark-applied', 'x'], ['pull', '--url', 'u']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).to.equal(2);
      expect(r.err, args.join(' ')).to.contain('Usage: chorizaurio');
      expect(r.err).to.not.contain('this test opens no database');
    }
    const keep = await run(['pull', '--url', 'u', '--username', 'a', '--dest', 'd', '--keep', '0']);
    expect([keep.code, keep.err.split('\n')[0]]).to.deep.equal([2, 'error: --keep must be a whole number ≥ 1']);
    const failed = await run(['users', 'list']);
    expect([failed.code, failed.err.trim()]).to.deep.equal([1, 'this test opens no database']);
  });
});

describe('unit: progress on the terminal (cli-progress)', () => {
  const capture = (isTTY: boolean) => {
    let text = '';
    const stream = Object.assign(
      new Writable({
        write(chunk: Buffer, _enc, done) {
          text += chunk.toString();
          done();
        },
      }),
      { isTTY, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true },
    );
    const lines: string[] = [];
    return { stream, lines, text: () => text, err: (t: string) => void lines.push(t) };
  };

  it('draws a bar with the percentage on a terminal (redrawn in place, not line by line)', () => {
    const c = capture(true);
    const p = startProgress(c, 'Verifying', 4, 'backups');
    p.update(2, 'ventas_20261201_000000.db');
    p.update(4);
    p.stop();
    expect(c.text()).to.contain('Verifying [').and.to.contain('0% | 0/4 backups').and.to.contain('100% | 4/4 backups');
    expect(c.lines).to.deep.equal([]);
    expect(c.text()).to.not.contain('\n0%');
  });

  it('writes one line per tenth elsewhere (a pipe, a log)', () => {
    const c = capture(false);
    const p = startProgress(c, 'Downloading x', 10, 'MB');
    for (let mb = 0; mb <= 10; mb += 0.5) p.update(mb);
    p.stop();
    expect(c.text()).to.equal('');
    expect(c.lines).to.have.length(11);
    expect(c.lines[0]).to.equal('Downloading x: 0% (0.0 of 10.0 MB)\n');
    expect(c.lines[10]).to.equal('Downloading x: 100% (10.0 of 10.0 MB)\n');
  });
});
