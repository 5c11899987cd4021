import { Command, CommanderError, Option } from 'commander';
import type { GetMigrationStatus } from '../../application/maintenance/get-migration-status.use-case';
import type { RunMigrations } from '../../application/maintenance/run-migrations.use-case';
import type { MarkMigrationApplied } from '../../application/maintenance/mark-migration-applied.use-case';
import type { PreviewRestore, RestoreBackup, RestoreSource } from '../../application/backups/restore.use-cases';
import { BACKUP_STAGES, type CreateBackup, type ListBackups, type VerifyStoredBackups } from '../../application/backups/backups.use-cases';
import type { ListUsers } from '../../application/users/user-admin.use-cases';
import type { ReactivateUser } from '../../application/users/reactivate-user.use-case';
import { isBackupFileName } from '../../domain/backups/backup';
import { backupEntryView, humanSize, migrationStatusView } from '../http/admin/admin.views';
import { userView } from '../http/users/users.views';
import { startProgress, type ProgressTarget } from './progress';

/** The exit codes every command uses (README, docs/RUNBOOK.md). */
export const EXIT = {
  /** Done. */
  OK: 0,
  /** The command ran and failed, or found a problem (a failed migration, a rotted backup, a refusal). */
  FAILED: 1,
  /** The command line was wrong: unknown command or option, missing argument; nothing was done. */
  USAGE: 2,
} as const;

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
  readonly dbPath: string;
  close(): Promise<void>;
}

/** Taking, listing and re-verifying the stored backups. */
export interface BackupCommands {
  readonly create: CreateBackup;
  readonly list: ListBackups;
  readonly verify: VerifyStoredBackups;
  readonly backupDir: string;
  close(): Promise<void>;
}

/** The users' accounts, for the runbook's lockout fix. */
export interface UserCommands {
  readonly list: ListUsers;
  readonly reactivate: ReactivateUser;
  close(): Promise<void>;
}

export interface PullCommand {
  (options: {
    url: string;
    username: string;
    password: string;
    dest: string;
    keep: number;
    progress: (received: number, total: number, filename: string) => void;
  }): Promise<{ status: 'downloaded'; filename: string; bytes: number; pruned: string[] } | { status: 'up-to-date'; filename: string }>;
}

/** Moving a shop's SQLite database into PostgreSQL (migrate-to-postgres). */
export interface MoveToPostgres {
  (options: {
    from: string;
    to: string;
    progress: (p: { table: string; copied: number; total: number }) => void;
  }): Promise<{ migrationsApplied: string[]; tables: { table: string; rows: number; sourceChecksum: string }[] }>;
}

export interface CliDeps {
  /** Opens the configured database; `mustExist` refuses to create it. */
  readonly openMigrations?: (options: { mustExist: boolean }) => Promise<MigrationCommands>;
  readonly encodeSeed: (dbPath: string) => Promise<string>;
  /** Downloads and verifies the newest backup from a running server. */
  readonly pull?: PullCommand;
  /** The password for pull: from the environment, or asked on the terminal. */
  readonly readPassword?: () => Promise<string | null>;
  /** Opens the database for a restore; throws (with what to do) while a server holds it. */
  readonly openRestore?: () => Promise<RestoreCommands>;
  readonly openBackups?: () => Promise<BackupCommands>;
  readonly openUsers?: () => Promise<UserCommands>;
  readonly moveToPostgres?: MoveToPostgres;
  /** DATABASE_URL from the environment, the default target of migrate-to-postgres. */
  readonly databaseUrl?: string;
  /** What is wrong with a PostgreSQL URL, or null. */
  readonly databaseUrlProblem?: (url: string) => string | null;
  /** Asks a question on the terminal; null when there is no terminal. */
  readonly ask?: (question: string) => Promise<string | null>;
  /** Who is running the command (recorded by mark-applied, backups, restores and reactivations). */
  readonly operator: string;
  readonly version: string;
}

export interface CliIo extends ProgressTarget {
  out(text: string): void;
  err(text: string): void;
}

/** A refusal or failure the operator can act on: its message is printed, the exit code is 1. */
class CommandFailed extends Error {}

const EPILOG = `
Exit codes: 0 done; 1 the command failed or found a problem (the message says what to do);
2 the command line was wrong (nothing was done).
The database is DB_PATH (default ./data/ventas.db, or DATA_DIR/ventas.db); a .env file in the
working directory is read. See docs/RUNBOOK.md for every procedure.`;

/** Builds the program; `run` commands set the exit code through `setCode`. */
function program(deps: CliDeps, io: CliIo, setCode: (code: number) => void): Command {
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new CommandFailed(`${what} is not available here`);
    return value;
  };
  const json = (value: unknown) => io.out(`${JSON.stringify(value, null, 2)}\n`);

  const root = new Command('chorizaurio')
    .description("Frío Sur backend operator's tool: backups, restores, migrations and accounts")
    .version(deps.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .exitOverride()
    .showHelpAfterError(true)
    .configureOutput({ writeOut: (t) => io.out(t), writeErr: (t) => io.err(t) })
    .addHelpText('after', EPILOG);

  // ---- backups ----
  root
    .command('backup')
    .description('take a verified backup now (kind manual), then apply retention; works beside a running server')
    .option('--json', 'print the new backup as JSON')
    .action(async (o: { json?: boolean }) => {
      const b = await need(deps.openBackups, 'backup')();
      try {
        // A bar on a terminal; elsewhere one line per step.
        const bar = io.stream?.isTTY ? startProgress(io, 'Backup', BACKUP_STAGES.length, 'steps') : null;
        const r = await b.create.execute({
          kind: 'manual',
          trigger: `cli:${deps.operator}`,
          progress: (stage) => (bar ? bar.update(BACKUP_STAGES.indexOf(stage), stage) : io.err(`  ${stage}\n`)),
        });
        bar?.update(BACKUP_STAGES.length, 'done');
        bar?.stop();
        if (!r.ok) throw new CommandFailed(r.error.message);
        if (o.json) return json(backupEntryView(r.value, b.backupDir));
        io.out(`Backup ${r.value.filename} taken and verified (${humanSize(r.value.size)}, sha256 ${r.value.sha256})\n`);
      } finally {
        await b.close();
      }
    });

  const backups = root.command('backups').description('list or re-verify the stored backups');
  backups
    .command('list')
    .description('the verified backups in BACKUP_DIR, newest first, with kind, size, age and SHA-256')
    .option('--json', 'print them as JSON (the API shape)')
    .action(async (o: { json?: boolean }) => {
      const b = await need(deps.openBackups, 'backups list')();
      try {
        const list = await b.list.execute();
        if (o.json)
          return json({ backups: list.map((x) => backupEntryView(x, b.backupDir)), total_count: list.length, backup_dir: b.backupDir });
        io.out(`Backups in ${b.backupDir}:\n`);
        for (const x of list)
          io.out(`  ${x.filename.padEnd(34)} ${x.kind.padEnd(12)} ${humanSize(x.size).padStart(9)}  ${x.createdAt}  ${x.sha256}\n`);
        io.out(`${list.length} verified backup${list.length === 1 ? '' : 's'}\n`);
      } finally {
        await b.close();
      }
    });
  backups
    .command('verify')
    .description('re-verify every stored backup (size, SHA-256, quick_check); a rotted one is set aside (exit 1)')
    .option('--json', 'print the result as JSON')
    .action(async (o: { json?: boolean }) => {
      const b = await need(deps.openBackups, 'backups verify')();
      try {
        let bar: ReturnType<typeof startProgress> | null = null;
        const r = await b.verify.execute({
          progress: (done, total, filename) => {
            bar ??= startProgress(io, 'Verifying', total, 'backups');
            bar.update(done, filename);
          },
        });
        (bar as ReturnType<typeof startProgress> | null)?.stop();
        if (!r.ok) throw new CommandFailed(r.error.message);
        if (o.json) json(r.value);
        else {
          for (const name of r.value.ok) io.out(`  ok      ${name}\n`);
          for (const x of r.value.rotted)
            io.out(`  ROTTED  ${x.filename}: ${x.problem} (set aside as rotted-${x.filename}, no longer listed)\n`);
          io.out(`${r.value.checked} checked, ${r.value.ok.length} ok, ${r.value.rotted.length} rotted\n`);
        }
        if (r.value.rotted.length) setCode(EXIT.FAILED);
      } finally {
        await b.close();
      }
    });

  root
    .command('restore')
    .description(
      'replace the database with a verified backup (SQLite: the server must be stopped, with it running use the API or /ops; PostgreSQL, DATABASE_URL: beside the running servers, writes pause on every instance). ' +
        'A pre-restore backup of the current content is taken first; asks for the name to confirm unless --yes',
    )
    .argument('<backup>', 'a backup name in BACKUP_DIR (ventas_YYYYMMDD_HHMMSS.db) or a path to a database file')
    .option('-y, --yes', 'do not ask for confirmation (scripts)')
    .action((target: string, o: { yes?: boolean }) => restoreCommand(target, o.yes ?? false, deps, io));

  root
    .command('pull')
    .description('download the newest backup from a running server, verify it (SHA-256, quick_check) and keep the newest N')
    .requiredOption('--url <url>', "the server's address, e.g. https://api.pedidosfriosur.com")
    .requiredOption('--username <name>', 'an admin account')
    .requiredOption('--dest <dir>', 'the folder to keep the downloads in')
    .option('--keep <n>', 'how many downloads to keep', '30')
    .addOption(new Option('--password <password>').hideHelp())
    .addHelpText('after', '\nThe password is read from CHORIZAURIO_PASSWORD, else asked on the terminal (never an argument).')
    .action(async (o: { url: string; username: string; dest: string; keep: string; password?: string }) => {
      if (o.password !== undefined)
        throw usageError(
          'pull never takes the password as an argument (it would stay in shell history): set CHORIZAURIO_PASSWORD or type it when asked',
        );
      const keep = Number(o.keep);
      if (!/^\d+$/.test(o.keep) || !Number.isSafeInteger(keep) || keep < 1) throw usageError('--keep must be a whole number ≥ 1');
      const pull = need(deps.pull, 'pull');
      const password = await need(deps.readPassword, 'pull')();
      if (!password) throw new CommandFailed('No password: set CHORIZAURIO_PASSWORD or run pull in a terminal to be asked for it.');
      let bar: ReturnType<typeof startProgress> | null = null;
      try {
        const result = await pull({
          url: o.url,
          username: o.username,
          password,
          dest: o.dest,
          keep,
          progress: (received, total, filename) => {
            bar ??= startProgress(io, `Downloading ${filename}`, total / 1048576, 'MB');
            bar.update(received / 1048576);
          },
        });
        (bar as ReturnType<typeof startProgress> | null)?.stop();
        if (result.status === 'up-to-date') io.out(`Up to date: ${result.filename} is already in ${o.dest}\n`);
        else
          io.out(
            `Downloaded and verified ${result.filename} (${result.bytes} bytes)${result.pruned.length ? `; removed ${result.pruned.length} older` : ''}\n`,
          );
      } catch (e) {
        (bar as ReturnType<typeof startProgress> | null)?.stop();
        throw new CommandFailed(`pull failed: ${(e as Error).message}`);
      }
    });

  // ---- migrations ----
  const migrate = root.command('migrate').description('the schema migrations: status, run, mark-applied');
  const openMigrations = (mustExist: boolean) => need(deps.openMigrations, 'migrate')({ mustExist });
  migrate
    .command('status')
    .description('what is applied, pending or failed (exit 1 when there is a problem)')
    .option('--json', 'print it as JSON (the API shape)')
    .action(async (o: { json?: boolean }) => {
      const m = await openMigrations(true);
      try {
        const status = await m.status.execute();
        if (o.json) json(migrationStatusView(status));
        else {
          io.out(`Database: ${m.dbPath}\n`);
          for (const e of status.executed)
            io.out(
              `  applied  ${e.id.padEnd(36)} ${e.appliedAt ?? ''}${e.checksum ? '' : '  (recorded without checksum: original backend or manual SQL)'}\n`,
            );
          for (const f of status.failed) io.out(`  FAILED   ${f.id.padEnd(36)} ${f.failedAt ?? ''}  ${f.error ?? ''}\n`);
          for (const p of status.pending) io.out(`  pending  ${p}\n`);
          io.out(`${status.executed.length} applied, ${status.pending.length} pending, ${status.failed.length} failed\n`);
          if (status.problem) io.err(`PROBLEM: ${status.problem.message}\n`);
        }
        if (status.problem) setCode(EXIT.FAILED);
      } finally {
        await m.close();
      }
    });
  migrate
    .command('run')
    .description('apply the pending migrations now (a verified backup is taken first when the database holds data)')
    .action(async () => {
      const m = await openMigrations(false);
      try {
        const result = await m.run.execute({ trigger: 'cli', requestedBy: deps.operator });
        if (!result.ok) throw new CommandFailed(result.error.message);
        io.out(
          result.value.count === 0
            ? 'Nothing to do: the schema is up to date.\n'
            : `Applied ${result.value.count}: ${result.value.executed.join(', ')}\n`,
        );
      } finally {
        await m.close();
      }
    });
  migrate
    .command('mark-applied')
    .description('record a migration as applied without running it (the runbook\'s "Migration Stuck" fix; checks the id)')
    .argument('<id>', 'the migration id, as `migrate status` shows it')
    .requiredOption('--reason <text>', 'why it is being marked (recorded)')
    .option('--by <name>', 'who is marking it (default: this user@host)')
    .action(async (id: string, o: { reason: string; by?: string }) => {
      const m = await openMigrations(true);
      try {
        const by = o.by ?? deps.operator;
        const result = await m.markApplied.execute({ id, reason: o.reason, requestedBy: by });
        if (!result.ok) throw new CommandFailed(result.error.message);
        io.out(`Marked ${result.value.id} as applied (by ${by}: ${o.reason}).\n`);
      } finally {
        await m.close();
      }
    });

  root
    .command('migrate-to-postgres')
    .description(
      "copy every row of a shop's SQLite database into an empty PostgreSQL database (its schema is created first), " +
        'verifying each table by row count and checksum; the SQLite file is not changed',
    )
    .requiredOption('--from <database.db>', 'the SQLite database (a consistent copy is taken, so a running server may keep using it)')
    .option('--to <url>', 'postgres://user:password@host:5432/database (default: DATABASE_URL)')
    .action(async (o: { from: string; to?: string }) => {
      const to = o.to ?? deps.databaseUrl;
      if (!to) throw usageError('migrate-to-postgres needs --to postgres://… or DATABASE_URL');
      const problem = deps.databaseUrlProblem?.(to) ?? null;
      if (problem) throw usageError(`--to ${problem}`);
      const move = need(deps.moveToPostgres, 'migrate-to-postgres');
      let bar: ReturnType<typeof startProgress> | null = null;
      let current = '';
      try {
        const r = await move({
          from: o.from,
          to,
          progress: (p) => {
            if (p.table !== current) {
              bar?.stop();
              current = p.table;
              bar = startProgress(io, p.table.padEnd(20), p.total, 'rows');
            }
            bar!.update(p.copied);
          },
        });
        (bar as ReturnType<typeof startProgress> | null)?.stop();
        if (r.migrationsApplied.length) io.out(`Schema created on PostgreSQL: ${r.migrationsApplied.length} migrations applied.\n`);
        for (const t of r.tables)
          io.out(`  ${t.table.padEnd(22)} ${String(t.rows).padStart(9)} rows  sha256 ${t.sourceChecksum.slice(0, 16)}  verified\n`);
        const rows = r.tables.reduce((n, t) => n + t.rows, 0);
        io.out(`${r.tables.length} tables, ${rows} rows copied and verified (same row counts and checksums on both sides).\n`);
      } catch (e) {
        (bar as ReturnType<typeof startProgress> | null)?.stop();
        throw new CommandFailed(`migrate-to-postgres failed: ${(e as Error).message}`);
      }
    });

  root
    .command('seed-encode')
    .description('print the seed secret (base64 of gzip) of a database on stdout, for /etc/secrets/ventas.db.gz.b64')
    .argument('<database>', 'the SQLite database file')
    .action(async (file: string) => {
      io.out(`${await deps.encodeSeed(file)}\n`);
    });

  // ---- accounts ----
  const users = root.command('users').description("the staff's accounts: list, reactivate");
  users
    .command('list')
    .description('every account with its role, whether it is active, and its last sign-in')
    .option('--json', 'print them as JSON (the API shape)')
    .action(async (o: { json?: boolean }) => {
      const u = await need(deps.openUsers, 'users')();
      try {
        const all = await u.list.execute();
        if (o.json) return json(all.map(userView));
        for (const x of all)
          io.out(
            `  ${String(x.id).padStart(4)}  ${x.username.padEnd(24)} ${x.role.padEnd(14)} ${x.active ? 'active  ' : 'INACTIVE'}  ${x.lastLogin ?? '-'}\n`,
          );
        io.out(`${all.length} accounts, ${all.filter((x) => !x.active).length} inactive\n`);
      } finally {
        await u.close();
      }
    });
  users
    .command('reactivate')
    .description('let a deactivated account sign in again (the runbook\'s "User Locked Out" fix); recorded in the audit log')
    .argument('<username>', 'the account, as `users list` shows it')
    .action(async (username: string) => {
      const u = await need(deps.openUsers, 'users')();
      try {
        const found = (await u.list.execute()).find((x) => x.username === username);
        if (!found) throw new CommandFailed(`No account named "${username}". See them with: chorizaurio users list`);
        if (found.active) {
          io.out(`${username} is already active: nothing changed.\n`);
          return;
        }
        const r = await u.reactivate.execute({
          userId: found.id,
          actor: { username: deps.operator, ip: null, userAgent: 'chorizaurio cli' },
        });
        if (!r.ok) throw new CommandFailed(r.error.message);
        io.out(`${username} is active again and can sign in (recorded in the audit log).\n`);
      } finally {
        await u.close();
      }
    });
  return root;
}

const usageError = (message: string) => new CommanderError(EXIT.USAGE, 'chorizaurio.usage', `error: ${message}`);

/** Runs one command line; resolves the process exit code (EXIT). */
export async function runCli(argv: readonly string[], deps: CliDeps, io: CliIo): Promise<number> {
  let code: number = EXIT.OK;
  const root = program(deps, io, (c) => (code = c));
  if (argv.length === 0) {
    io.err(`${root.helpInformation()}${EPILOG}\n`);
    return EXIT.USAGE;
  }
  try {
    await root.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.OK;
      if (e.code === 'chorizaurio.usage') io.err(`${e.message}\n(add --help for usage)\n`);
      return EXIT.USAGE;
    }
    io.err(`${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.FAILED;
  }
}

async function restoreCommand(target: string, yes: boolean, deps: CliDeps, io: CliIo): Promise<void> {
  let r: RestoreCommands;
  try {
    r = await (deps.openRestore ?? (() => Promise.reject(new Error('restore is not available here'))))();
  } catch (e) {
    throw new CommandFailed(`restore refused: ${(e as Error).message}`);
  }
  try {
    let source: RestoreSource;
    if (isBackupFileName(target) && (await r.isListed(target))) source = { backup: target };
    else if (r.fileExists(target)) source = { path: target };
    else
      throw new CommandFailed(
        `No verified backup named ${target} in BACKUP_DIR and no file at ${target}. List the backups with: chorizaurio backups list`,
      );
    const previewed = await r.preview.execute(source);
    if (!previewed.ok) throw new CommandFailed(previewed.error.message);
    const p = previewed.value;
    io.out(`Restore ${p.source}${p.kind ? ` (${p.kind}, created ${p.createdAt}, ${p.ageHours} h ago)` : ''}, ${p.size} bytes\n`);
    io.out(`  check: ${p.verification.now}\n`);
    for (const t of p.tables.filter((t) => t.difference !== 0))
      io.out(`  ${t.table.padEnd(28)} now ${String(t.current ?? '-').padStart(8)}  after restore ${String(t.backup ?? '-').padStart(8)}\n`);
    io.out(`  migrations to run after restoring: ${p.migrationsToRun.length ? p.migrationsToRun.join(', ') : 'none'}\n`);
    if (!p.restorable) throw new CommandFailed(`Cannot restore: ${p.problem}`);
    if (!yes) {
      const answer = deps.ask ? await deps.ask(`Type ${p.source} to replace the database with it (anything else cancels): `) : null;
      if (answer === null) throw usageError('Not a terminal: add --yes to confirm the restore');
      if (answer.trim() !== p.source) throw new CommandFailed('Cancelled: nothing was changed.');
    }
    const bar = startProgress(io, 'Restore', 100);
    const result = await r.restore.execute({
      source,
      confirm: p.source,
      actor: { username: deps.operator, ip: null, userAgent: 'chorizaurio cli' },
      progress: (stage, fraction) => {
        if (fraction === undefined) bar.note(stage);
        else bar.update(Math.round(fraction * 100));
      },
    });
    bar.stop();
    if (!result.ok) throw new CommandFailed(`Restore failed: ${result.error.message}`);
    const v = result.value;
    io.out(`Restored ${v.restored}. Migrations applied: ${v.migrationsApplied.length ? v.migrationsApplied.join(', ') : 'none'}.\n`);
    if (v.preRestoreBackup)
      io.out(
        `The previous content is in the pre-restore backup ${v.preRestoreBackup}; to undo: chorizaurio restore ${v.preRestoreBackup} --yes\n`,
      );
    else io.err(`WARNING: ${v.preRestoreWarning}\n`);
  } finally {
    await r.close();
  }
}
