import { parseArgs } from 'node:util';
import type { GetMigrationStatus } from '../../application/maintenance/get-migration-status.use-case';
import type { RunMigrations } from '../../application/maintenance/run-migrations.use-case';
import type { MarkMigrationApplied } from '../../application/maintenance/mark-migration-applied.use-case';
import type { PreviewRestore, RestoreBackup, RestoreSource } from '../../application/backups/restore.use-cases';
import type { VerifyStoredBackups } from '../../application/backups/backups.use-cases';
import { isBackupFileName } from '../../domain/backups/backup';
import { migrationStatusView } from '../http/admin/admin.views';

/** The restore use cases on the local database (opened only when no server holds it). */
export interface RestoreCommands {
  readonly preview: PreviewRestore;
  readonly restore: RestoreBackup;
  /** Whether `name` is a listed (verified) backup in BACKUP_DIR. */
  isListed(name: string): Promise<boolean>;
  /** Whether a file exists at `path` (resolved against the working directory). */
  fileExists(path: string): boolean;
  close(): Promise<void>;
}

/** The use cases the migrate commands need, opened on demand and closed after the command. */
export interface MigrationCommands {
  readonly status: GetMigrationStatus;
  readonly run: RunMigrations;
  readonly markApplied: MarkMigrationApplied;
  close(): Promise<void>;
}

/** Re-verification of the stored backups (`backups verify`). */
export interface BackupCommands {
  readonly verify: VerifyStoredBackups;
  close(): Promise<void>;
}

export interface PullCommand {
  (options: {
    url: string;
    username: string;
    password: string;
    dest: string;
    keep: number;
    progress: (t: string) => void;
  }): Promise<{ status: 'downloaded'; filename: string; bytes: number; pruned: string[] } | { status: 'up-to-date'; filename: string }>;
}

export interface CliDeps {
  /** Opens the configured database; `mustExist` refuses to create it. */
  openMigrations(options: { mustExist: boolean }): Promise<MigrationCommands>;
  encodeSeed(dbPath: string): Promise<string>;
  /** Downloads and verifies the newest backup from a running server. */
  readonly pull?: PullCommand;
  /** The password for pull: from the environment, or asked on the terminal. */
  readonly readPassword?: () => Promise<string | null>;
  /** Opens the database for a restore; throws (with what to do) while a server holds it. */
  readonly openRestore?: () => Promise<RestoreCommands>;
  /** Opens what `backups verify` needs. */
  readonly openBackups?: () => Promise<BackupCommands>;
  /** Asks a question on the terminal; null when there is no terminal. */
  readonly ask?: (question: string) => Promise<string | null>;
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
  restore <backup-name | path> [--yes]        replace the database with a verified backup (the server must be
                                              stopped; with it running use the API). Takes a pre-restore backup
                                              first; asks for the name to confirm unless --yes
  backups verify [--json]                     re-verify every stored backup (size, SHA-256, quick_check);
                                              a rotted one is taken out of the list; exit 1 if any
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
    const { values, positionals } = parse(argv.slice(1), {
      url: { type: 'string' },
      username: { type: 'string' },
      dest: { type: 'string' },
      keep: { type: 'string' },
      password: { type: 'string' },
    });
    if (values.password !== undefined)
      return usage(
        io,
        'pull never takes the password as an argument (it would stay in shell history): set CHORIZAURIO_PASSWORD or type it when asked',
      );
    if (positionals.length > 0 || !values.url || !values.username || !values.dest)
      return usage(io, 'pull needs --url, --username and --dest');
    const keep = values.keep === undefined ? 30 : Number(values.keep);
    if (!Number.isSafeInteger(keep) || keep < 1) return usage(io, '--keep must be a whole number ≥ 1');
    if (!deps.pull || !deps.readPassword) throw new Error('pull is not available');
    const password = await deps.readPassword();
    if (!password) {
      io.err('No password: set CHORIZAURIO_PASSWORD or run pull in a terminal to be asked for it.\n');
      return 1;
    }
    try {
      const result = await deps.pull({
        url: values.url,
        username: values.username,
        password,
        dest: values.dest,
        keep,
        progress: (t) => io.err(`${t}\n`),
      });
      if (result.status === 'up-to-date') io.out(`Up to date: ${result.filename} is already in ${values.dest}\n`);
      else
        io.out(
          `Downloaded and verified ${result.filename} (${result.bytes} bytes)${result.pruned.length ? `; removed ${result.pruned.length} older` : ''}\n`,
        );
      return 0;
    } catch (e) {
      io.err(`pull failed: ${(e as Error).message}\n`);
      return 1;
    }
  }
  if (command === 'restore') return restoreCommand(argv.slice(1), deps, io);
  if (command === 'backups') return backupsCommand(argv.slice(1), deps, io);
  if (command !== 'migrate') return usage(io, command ? `Unknown command "${command}"` : 'No command given');

  if (sub === 'status') {
    const { values } = parse(rest, { json: { type: 'boolean' } });
    const m = await deps.openMigrations({ mustExist: true });
    try {
      const status = await m.status.execute();
      if (values.json) {
        io.out(`${JSON.stringify(migrationStatusView(status), null, 2)}\n`);
      } else {
        io.out(`Database: ${deps.dbPath}\n`);
        for (const e of status.executed)
          io.out(
            `  applied  ${e.id.padEnd(36)} ${e.appliedAt ?? ''}${e.checksum ? '' : '  (recorded without checksum: original backend or manual SQL)'}\n`,
          );
        for (const f of status.failed) io.out(`  FAILED   ${f.id.padEnd(36)} ${f.failedAt ?? ''}  ${f.error ?? ''}\n`);
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
      io.out(
        result.value.count === 0
          ? 'Nothing to do: the schema is up to date.\n'
          : `Applied ${result.value.count}: ${result.value.executed.join(', ')}\n`,
      );
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

async function restoreCommand(args: readonly string[], deps: CliDeps, io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { yes: { type: 'boolean' } });
  if (positionals.length !== 1) return usage(io, 'restore takes exactly one backup name or file path');
  const target = positionals[0]!;
  if (!deps.openRestore) throw new Error('restore is not available');
  let r: RestoreCommands;
  try {
    r = await deps.openRestore();
  } catch (e) {
    io.err(`restore refused: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    let source: RestoreSource;
    if (isBackupFileName(target) && (await r.isListed(target))) source = { backup: target };
    else if (r.fileExists(target)) source = { path: target };
    else {
      io.err(`No verified backup named ${target} in BACKUP_DIR and no file at ${target}. List backups with: ls -la "$BACKUP_DIR"\n`);
      return 1;
    }
    const previewed = await r.preview.execute(source);
    if (!previewed.ok) {
      io.err(`${previewed.error.message}\n`);
      return 1;
    }
    const p = previewed.value;
    io.out(`Restore ${p.source}${p.kind ? ` (${p.kind}, created ${p.createdAt}, ${p.ageHours} h ago)` : ''}, ${p.size} bytes\n`);
    io.out(`  check: ${p.verification.now}\n`);
    for (const t of p.tables.filter((t) => t.difference !== 0))
      io.out(`  ${t.table.padEnd(28)} now ${String(t.current ?? '-').padStart(8)}  after restore ${String(t.backup ?? '-').padStart(8)}\n`);
    io.out(`  migrations to run after restoring: ${p.migrationsToRun.length ? p.migrationsToRun.join(', ') : 'none'}\n`);
    if (!p.restorable) {
      io.err(`Cannot restore: ${p.problem}\n`);
      return 1;
    }
    if (!values.yes) {
      const answer = deps.ask ? await deps.ask(`Type ${p.source} to replace the database with it (anything else cancels): `) : null;
      if (answer === null) return usage(io, 'Not a terminal: add --yes to confirm the restore');
      if (answer.trim() !== p.source) {
        io.err('Cancelled: nothing was changed.\n');
        return 1;
      }
    }
    let shown = -1;
    const result = await r.restore.execute({
      source,
      confirm: p.source,
      actor: { username: deps.operator, ip: null, userAgent: 'chorizaurio cli' },
      progress: (stage, fraction) => {
        if (fraction === undefined) return io.err(`${stage}\n`);
        const tenth = Math.floor(fraction * 10);
        if (tenth !== shown) {
          shown = tenth;
          io.err(`  ${Math.round(fraction * 100)}%\n`);
        }
      },
    });
    if (!result.ok) {
      io.err(`Restore failed: ${result.error.message}\n`);
      return 1;
    }
    const v = result.value;
    io.out(`Restored ${v.restored}. Migrations applied: ${v.migrationsApplied.length ? v.migrationsApplied.join(', ') : 'none'}.\n`);
    if (v.preRestoreBackup)
      io.out(
        `The previous content is in the pre-restore backup ${v.preRestoreBackup}; to undo: chorizaurio restore ${v.preRestoreBackup} --yes\n`,
      );
    else io.err(`WARNING: ${v.preRestoreWarning}\n`);
    return 0;
  } finally {
    await r.close();
  }
}

async function backupsCommand(args: readonly string[], deps: CliDeps, io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  if (positionals.length !== 1 || positionals[0] !== 'verify') return usage(io, 'backups takes one subcommand: verify');
  if (!deps.openBackups) throw new Error('backups verify is not available');
  const b = await deps.openBackups();
  try {
    const r = await b.verify.execute();
    if (!r.ok) {
      io.err(`${r.error.message}\n`);
      return 1;
    }
    if (values.json) io.out(`${JSON.stringify(r.value, null, 2)}\n`);
    else {
      for (const name of r.value.ok) io.out(`  ok      ${name}\n`);
      for (const x of r.value.rotted)
        io.out(`  ROTTED  ${x.filename}: ${x.problem} (set aside as rotted-${x.filename}, no longer listed)\n`);
      io.out(`${r.value.checked} checked, ${r.value.ok.length} ok, ${r.value.rotted.length} rotted\n`);
    }
    return r.value.rotted.length ? 1 : 0;
  } finally {
    await b.close();
  }
}

function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(args: readonly string[], options: T) {
  return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
}

function usage(io: CliIo, problem: string): number {
  io.err(`${problem}\n\n${USAGE}\n`);
  return 2;
}
