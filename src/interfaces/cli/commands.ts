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

export interface CliDeps {
  /** Opens the configured database; `mustExist` refuses to create it. */
  openMigrations(options: { mustExist: boolean }): Promise<MigrationCommands>;
  encodeSeed(dbPath: string): Promise<string>;
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
