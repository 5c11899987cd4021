import { parseArgs } from 'node:util';
import type { GetMigrationStatus } from '../../application/maintenance/get-migration-status.use-case';
import type { RunMigrations } from '../../application/maintenance/run-migrations.use-case';
import type { MarkMigrationApplied } from '../../application/maintenance/mark-migration-applied.use-case';

/** The use cases the migrate commands need, opened on demand and closed after the command. */
export interface MigrationCommands {
  readonly status: GetMigrationStatus;
  readonly run: RunMigrations;
  readonly markApplied: MarkMigrationApplied;
  close(): Promise<void>;
}

export interface PullCommand {
  (options: { url: string; username: string; password: string; dest: string; keep: number; progress: (t: string) => void }): Promise<
    { status: 'downloaded'; filename: string; bytes: number; pruned: string[] } | { status: 'up-to-date'; filename: string }
  >;
}

export interface CliDeps {
  /** Opens the configured database; `mustExist` refuses to create it. */
  openMigrations(options: { mustExist: boolean }): Promise<MigrationCommands>;
  encodeSeed(dbPath: string): Promise<string>;
  /** Downloads and verifies the newest backup from a running server. */
  readonly pull?: PullCommand;
  /** The password for pull: from the environment, or asked on the terminal. */
  readonly readPassword?: () => Promise<string | null>;
  /** Who is running the command (recorded by mark-applied). */
  readonly operator: string;
  readonly dbPath: string;
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const USAGE = `Usage: chorizaurio <command>

  migrate status [--json]                     what is applied, pending or failed
  migrate run                                 apply pending migrations now
  migrate mark-applied <id> --reason "…"      record a migration as applied without running it
                       [--by NAME]            (the runbook's "Migration Stuck" fix; checks the id)
  seed-encode <database.db>                   print the seed secret (base64 of gzip) on stdout
  pull --url URL --username NAME --dest DIR [--keep N]
                                              download the newest backup, verify it, keep N (default 30)
                                              password: CHORIZAURIO_PASSWORD, else asked on the terminal

The database is DB_PATH (default ./data/ventas.db, or DATA_DIR/ventas.db); .env is read.`;

/** Runs one command; resolves the process exit code (0 ok, 1 failed, 2 usage). */
export async function runCli(argv: readonly string[], deps: CliDeps, io: CliIo): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (command === 'seed-encode') {
    const file = sub;
    if (!file || rest.length > 0) return usage(io, 'seed-encode takes exactly one database file');
    io.out(`${await deps.encodeSeed(file)}\n`);
    return 0;
  }
  if (command === 'pull') {
    const { values, positionals } = parse(argv.slice(1), { url: { type: 'string' }, username: { type: 'string' }, dest: { type: 'string' }, keep: { type: 'string' }, password: { type: 'string' } });
    if (values.password !== undefined) return usage(io, 'pull never takes the password as an argument (it would stay in shell history): set CHORIZAURIO_PASSWORD or type it when asked');
    if (positionals.length > 0 || !values.url || !values.username || !values.dest) return usage(io, 'pull needs --url, --username and --dest');
    const keep = values.keep === undefined ? 30 : Number(values.keep);
    if (!Number.isSafeInteger(keep) || keep < 1) return usage(io, '--keep must be a whole number ≥ 1');
    if (!deps.pull || !deps.readPassword) throw new Error('pull is not available');
    const password = await deps.readPassword();
    if (!password) {
      io.err('No password: set CHORIZAURIO_PASSWORD or run pull in a terminal to be asked for it.\n');
      return 1;
    }
    try {
      const result = await deps.pull({ url: values.url, username: values.username, password, dest: values.dest, keep, progress: (t) => io.err(`${t}\n`) });
      if (result.status === 'up-to-date') io.out(`Up to date: ${result.filename} is already in ${values.dest}\n`);
      else io.out(`Downloaded and verified ${result.filename} (${result.bytes} bytes)${result.pruned.length ? `; removed ${result.pruned.length} older` : ''}\n`);
      return 0;
    } catch (e) {
      io.err(`pull failed: ${(e as Error).message}\n`);
      return 1;
    }
  }
  if (command !== 'migrate') return usage(io, command ? `Unknown command "${command}"` : 'No command given');

  if (sub === 'status') {
    const { values } = parse(rest, { json: { type: 'boolean' } });
    const m = await deps.openMigrations({ mustExist: true });
    try {
      const status = await m.status.execute();
      if (values.json) {
        io.out(`${JSON.stringify(status, null, 2)}\n`);
      } else {
        io.out(`Database: ${deps.dbPath}\n`);
        for (const e of status.executed) io.out(`  applied  ${e.name.padEnd(36)} ${e.executed_at ?? ''}${e.checksum ? '' : '  (recorded without checksum: original backend or manual SQL)'}\n`);
        for (const f of status.failed) io.out(`  FAILED   ${f.name.padEnd(36)} ${f.executed_at ?? ''}  ${f.error ?? ''}\n`);
        for (const p of status.pending) io.out(`  pending  ${p}\n`);
        io.out(`${status.executed.length} applied, ${status.pending.length} pending, ${status.failed.length} failed\n`);
        if (status.problem) io.err(`PROBLEM: ${status.problem.message}\n`);
      }
      return status.problem ? 1 : 0;
    } finally {
      await m.close();
    }
  }
  if (sub === 'run') {
    if (rest.length > 0) return usage(io, 'migrate run takes no arguments');
    const m = await deps.openMigrations({ mustExist: false });
    try {
      const result = await m.run.execute({ trigger: 'cli', requestedBy: deps.operator });
      if (!result.ok) {
        io.err(`${result.error.message}\n`);
        return 1;
      }
      io.out(result.value.count === 0 ? 'Nothing to do: the schema is up to date.\n' : `Applied ${result.value.count}: ${result.value.executed.join(', ')}\n`);
      return 0;
    } finally {
      await m.close();
    }
  }
  if (sub === 'mark-applied') {
    const { values, positionals } = parse(rest, { reason: { type: 'string' }, by: { type: 'string' } });
    if (positionals.length !== 1) return usage(io, 'mark-applied takes exactly one migration id');
    if (!values.reason) return usage(io, 'mark-applied needs --reason "why it is being marked"');
    const m = await deps.openMigrations({ mustExist: true });
    try {
      const result = await m.markApplied.execute({ id: positionals[0]!, reason: values.reason, requestedBy: values.by ?? deps.operator });
      if (!result.ok) {
        io.err(`${result.error.message}\n`);
        return 1;
      }
      io.out(`Marked ${result.value.id} as applied (by ${values.by ?? deps.operator}: ${values.reason}).\n`);
      return 0;
    } finally {
      await m.close();
    }
  }
  return usage(io, sub ? `Unknown migrate command "${sub}"` : 'migrate needs a command: status, run or mark-applied');
}

function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(args: readonly string[], options: T) {
  return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
}

function usage(io: CliIo, problem: string): number {
  io.err(`${problem}\n\n${USAGE}\n`);
  return 2;
}
