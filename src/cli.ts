import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { loadEnv, parseConfig, formatConfigErrors, type AppConfig } from './infrastructure/config/env-config';
import { appVersion } from './infrastructure/config/app-info';
import { createLogger } from './infrastructure/logging/logger';
import { SqliteStore } from './infrastructure/persistence/data-source';
import { encodeSeed } from './infrastructure/sqlite/seed-encode';
import { createContainer } from './container';
import { GetMigrationStatus } from './application/maintenance/get-migration-status.use-case';
import { RunMigrations } from './application/maintenance/run-migrations.use-case';
import { MarkMigrationApplied } from './application/maintenance/mark-migration-applied.use-case';
import * as path from 'node:path';
import * as readline from 'node:readline/promises';
import {
  runCli,
  type BackupCommands,
  type MigrationCommands,
  type MoveToPostgres,
  type RestoreCommands,
  type UserCommands,
} from './interfaces/cli/commands';
import { PostgresStore } from './infrastructure/persistence/postgres/postgres-store';
import { PostgresMigrationRunner } from './infrastructure/persistence/migrations/postgres-migration-runner';
import { SqliteMigrationRunner } from './infrastructure/persistence/migrations/sqlite-migration-runner';
import { copySqliteToPostgres } from './infrastructure/persistence/postgres/sqlite-to-postgres';
import { snapshotDatabase } from './infrastructure/sqlite/online-backup';
import { databaseUrlProblem, redactedUrl } from './infrastructure/config/database-url';
import { MIGRATIONS } from '../migrations';
import { CreateBackup, ListBackups, VerifyStoredBackups } from './application/backups/backups.use-cases';
import { ListUsers } from './application/users/user-admin.use-cases';
import { ReactivateUser } from './application/users/reactivate-user.use-case';
import { KeepInterruptedRestores, PreviewRestore, RestoreBackup } from './application/backups/restore.use-cases';
import { journalPath, recoverRestoreSwap } from './infrastructure/backups/restore-journal';
import { BACKUP_STORE } from './application/backups/backups.ports';
import { resolve } from './composition/binder';
import { runningServer } from './infrastructure/sqlite/server-presence';
import { SqliteScratchDatabases } from './infrastructure/backups/sqlite-restore';
import { pullNewestBackup } from './infrastructure/backups/backup-puller';

// Output piped into a reader that stops early (`chorizaurio backups list | head`) is not an error:
// the command ends quietly, as the usual tools do, instead of with a stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });

/** Composition root of the operator CLI (`npx chorizaurio …`, `npm run cli -- …`). */
async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const io = {
    out: (t: string) => process.stdout.write(t),
    err: (t: string) => process.stderr.write(t),
    stream: process.stderr,
  };
  const operator = `${safeUsername()}@${os.hostname()} (cli)`;
  // The configuration is read when a command needs the database: `--help`, `seed-encode` and
  // `pull` work without one.
  let loaded: AppConfig | null = null;
  const config = (): AppConfig => {
    if (loaded) return loaded;
    const parsed = parseConfig(loadEnv(process.env, process.cwd()), process.cwd());
    if (!parsed.ok) throw new Error(formatConfigErrors(parsed.errors));
    return (loaded = parsed.config);
  };
  const logger = () => createLogger(config().logLevel === 'info' ? 'warn' : config().logLevel);

  /**
   * A restore a crash interrupted is finished or rolled back first, as a server start would
   * (restore-journal.ts); beside a running server that is the server's job.
   */
  const recoverSwap = async (dbPath: string): Promise<string[]> => {
    if (runningServer(dbPath)) {
      if (fs.existsSync(journalPath(dbPath)) && !fs.existsSync(dbPath))
        throw new Error(`a restore is in progress on ${dbPath}; try again in a moment`);
      return [];
    }
    const swap = await recoverRestoreSwap(dbPath);
    if (swap.action) io.err(`Restore recovery: ${swap.action}\n`);
    return swap.toKeep;
  };

  /** The container on the configured database, after any interrupted restore is dealt with. */
  const open = async (options: { mustExist: boolean; beforeOpen?: (c: AppConfig) => void }) => {
    const c = config();
    if (c.databaseUrl) return openPostgres(c);
    const toKeep = await recoverSwap(c.dbPath);
    if (options.mustExist && !fs.existsSync(c.dbPath)) {
      throw new Error(`No database at ${c.dbPath}. Set DB_PATH or DATA_DIR, or create it with \`migrate run\` / \`npm start\`.`);
    }
    options.beforeOpen?.(c);
    const store = await SqliteStore.open(c.dbPath);
    // The CLI signs no tokens: any key will do.
    const container = createContainer({ config: c, store, logger: logger(), secretKey: c.secretKey ?? 'cli-signs-no-tokens' });
    if (toKeep.length) {
      const kept = await container.get(KeepInterruptedRestores).execute(toKeep);
      for (const name of kept.kept) io.err(`Restore recovery: the previous content is listed as the pre-restore backup ${name}\n`);
      for (const warning of kept.warnings) io.err(`Restore recovery: ${warning}\n`);
    }
    return { container, config: c, close: () => store.close() };
  };

  /**
   * DATABASE_URL: the same commands on PostgreSQL. The CLI is one more instance there: the
   * maintenance lock and the write pause are shared with the running servers, so a backup or a
   * restore from here is safe beside them.
   */
  const openPostgres = async (c: AppConfig) => {
    const url = c.databaseUrl!;
    const problem = databaseUrlProblem(url);
    if (problem) throw new Error(`DATABASE_URL ${problem}`);
    const store = await PostgresStore.open(url, { poolSize: 4, applicationName: `chorizaurio cli ${operator}` });
    const container = createContainer({ config: c, store, logger: logger(), secretKey: c.secretKey ?? 'cli-signs-no-tokens' });
    return { container, config: c, close: () => store.close() };
  };

  const openMigrations = async ({ mustExist }: { mustExist: boolean }): Promise<MigrationCommands> => {
    const { container, config: c, close } = await open({ mustExist });
    return {
      status: container.get(GetMigrationStatus),
      run: container.get(RunMigrations),
      markApplied: container.get(MarkMigrationApplied),
      dbPath: c.databaseUrl ? redactedUrl(c.databaseUrl) : c.dbPath,
      close,
    };
  };
  const openRestore = async (): Promise<RestoreCommands> => {
    const { dbPath, databaseUrl } = config();
    const server = databaseUrl ? null : runningServer(dbPath);
    if (server) {
      throw new Error(
        `a server (pid ${server.pid}, started ${server.started_at}) is using ${dbPath}. ` +
          'Restore through it instead (POST /api/admin/backups/{filename}/restore, or the /ops console), or stop it first and run this again.',
      );
    }
    const { container, close } = await open({ mustExist: true, beforeOpen: (c) => SqliteScratchDatabases.cleanLeftovers(c.dbPath) });
    const backups = resolve(container, BACKUP_STORE);
    return {
      preview: container.get(PreviewRestore),
      restore: container.get(RestoreBackup),
      isListed: async (name) => (await backups.locate(name)) !== null,
      fileExists: (p) => fs.existsSync(path.resolve(p)) && fs.statSync(path.resolve(p)).isFile(),
      close,
    };
  };
  const openBackups = async (): Promise<BackupCommands> => {
    const { container, config: c, close } = await open({ mustExist: true });
    return {
      create: container.get(CreateBackup),
      list: container.get(ListBackups),
      verify: container.get(VerifyStoredBackups),
      backupDir: c.backupDir,
      close,
    };
  };
  const openUsers = async (): Promise<UserCommands> => {
    const { container, close } = await open({ mustExist: true });
    return { list: container.get(ListUsers), reactivate: container.get(ReactivateUser), close };
  };
  /** A consistent copy of the source, brought to the current schema, copied into PostgreSQL, verified. */
  const moveToPostgres: MoveToPostgres = async ({ from, to, progress }) => {
    if (!fs.existsSync(from) || !fs.statSync(from).isFile()) throw new Error(`No database file at ${from}`);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'chorizaurio-to-pg-'));
    const copy = path.join(scratch, 'source.db');
    const target = await PostgresStore.open(to);
    try {
      await snapshotDatabase(from, copy);
      const source = await SqliteStore.open(copy);
      try {
        const migrated = await new RunMigrations(new SqliteMigrationRunner(source, MIGRATIONS, appVersion()), null).execute({
          trigger: 'cli',
          requestedBy: operator,
        });
        if (!migrated.ok) throw new Error(`bringing the copy of ${from} to the current schema: ${migrated.error.message}`);
      } finally {
        await source.close();
      }
      const schema = await new RunMigrations(new PostgresMigrationRunner(target, MIGRATIONS, appVersion()), null).execute({
        trigger: 'cli',
        requestedBy: operator,
      });
      if (!schema.ok) throw new Error(`creating the schema on PostgreSQL: ${schema.error.message}`);
      const tables = await copySqliteToPostgres(copy, target, progress);
      return { migrationsApplied: schema.value.executed, tables };
    } finally {
      await target.close();
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  };
  return runCli(
    argv,
    {
      moveToPostgres,
      databaseUrl: process.env.DATABASE_URL || undefined,
      databaseUrlProblem,
      encodeSeed,
      pull: pullNewestBackup,
      readPassword,
      openMigrations,
      openRestore,
      openBackups,
      openUsers,
      ask,
      operator,
      version: appVersion(),
    },
    io,
  );
}

/** CHORIZAURIO_PASSWORD, or a prompt on the terminal with the typing hidden. */
async function readPassword(): Promise<string | null> {
  const fromEnv = process.env.CHORIZAURIO_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) return null;
  process.stderr.write('Password: ');
  return new Promise((resolve) => {
    let typed = '';
    process.stdin.setRawMode(true);
    process.stdin.resume();
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          process.stdin.setRawMode(false);
          process.stdin.pause();
          process.stdin.off('data', onData);
          process.stderr.write('\n');
          return resolve(typed);
        }
        if (ch === '\u0003') process.exit(130);
        typed = ch === '\u007f' ? typed.slice(0, -1) : typed + ch;
      }
    };
    process.stdin.on('data', onData);
  });
}

async function ask(question: string): Promise<string | null> {
  if (!process.stdin.isTTY) return null;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

function safeUsername(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
