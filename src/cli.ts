import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { loadEnv, parseConfig, formatConfigErrors } from './infrastructure/config/env-config';
import { createLogger } from './infrastructure/logging/logger';
import { SqliteStore } from './infrastructure/persistence/data-source';
import { encodeSeed } from './infrastructure/sqlite/seed-encode';
import { createContainer } from './container';
import { GetMigrationStatus } from './application/maintenance/get-migration-status.use-case';
import { RunMigrations } from './application/maintenance/run-migrations.use-case';
import { MarkMigrationApplied } from './application/maintenance/mark-migration-applied.use-case';
import * as path from 'node:path';
import * as readline from 'node:readline/promises';
import { runCli, type BackupCommands, type MigrationCommands, type RestoreCommands } from './interfaces/cli/commands';
import { VerifyStoredBackups } from './application/backups/backups.use-cases';
import { KeepInterruptedRestores, PreviewRestore, RestoreBackup } from './application/backups/restore.use-cases';
import { journalPath, recoverRestoreSwap } from './infrastructure/backups/restore-journal';
import { BACKUP_STORE } from './application/backups/backups.ports';
import { resolve } from './composition/binder';
import { runningServer } from './infrastructure/sqlite/server-presence';
import { SqliteScratchDatabases } from './infrastructure/backups/sqlite-restore';
import { pullNewestBackup } from './infrastructure/backups/backup-puller';

/** Composition root of the operator CLI (`npx chorizaurio …`, `npm run cli -- …`). */
async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const io = { out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t) };
  // seed-encode and pull need no local configuration.
  if (argv[0] === 'seed-encode' || argv[0] === 'pull') {
    return runCli(argv, { encodeSeed, openMigrations: unavailable, operator: '', dbPath: '', pull: pullNewestBackup, readPassword }, io);
  }

  const parsed = parseConfig(loadEnv(process.env, process.cwd()), process.cwd());
  if (!parsed.ok) {
    io.err(`${formatConfigErrors(parsed.errors)}\n`);
    return 1;
  }
  const config = parsed.config;
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const operator = `${safeUsername()}@${os.hostname()} (cli)`;

  /**
   * A restore a crash interrupted is finished or rolled back first, as a server start would
   * (restore-journal.ts); beside a running server that is the server's job.
   */
  const recoverSwap = async (): Promise<string[]> => {
    if (runningServer(config.dbPath)) {
      if (fs.existsSync(journalPath(config.dbPath)) && !fs.existsSync(config.dbPath))
        throw new Error(`a restore is in progress on ${config.dbPath}; try again in a moment`);
      return [];
    }
    const swap = await recoverRestoreSwap(config.dbPath);
    if (swap.action) io.err(`Restore recovery: ${swap.action}\n`);
    return swap.toKeep;
  };
  const keepRecovered = async (container: ReturnType<typeof createContainer>, toKeep: string[]): Promise<void> => {
    if (!toKeep.length) return;
    const kept = await container.get(KeepInterruptedRestores).execute(toKeep);
    for (const name of kept.kept) io.err(`Restore recovery: the previous content is listed as the pre-restore backup ${name}\n`);
    for (const warning of kept.warnings) io.err(`Restore recovery: ${warning}\n`);
  };

  const openMigrations = async ({ mustExist }: { mustExist: boolean }): Promise<MigrationCommands> => {
    const toKeep = await recoverSwap();
    if (mustExist && !fs.existsSync(config.dbPath)) {
      throw new Error(`No database at ${config.dbPath}. Set DB_PATH or DATA_DIR, or create it with \`migrate run\` / \`npm start\`.`);
    }
    const store = await SqliteStore.open(config.dbPath);
    // The CLI signs no tokens: any key will do.
    const container = createContainer({ config, store, logger, secretKey: config.secretKey ?? 'cli-signs-no-tokens' });
    await keepRecovered(container, toKeep);
    return {
      status: container.get(GetMigrationStatus),
      run: container.get(RunMigrations),
      markApplied: container.get(MarkMigrationApplied),
      close: () => store.close(),
    };
  };
  const openRestore = async (): Promise<RestoreCommands> => {
    const server = runningServer(config.dbPath);
    if (server) {
      throw new Error(
        `a server (pid ${server.pid}, started ${server.started_at}) is using ${config.dbPath}. ` +
          'Restore through it instead (POST /api/admin/backups/{filename}/restore, see the README), or stop it first and run this again.',
      );
    }
    const toKeep = await recoverSwap();
    if (!fs.existsSync(config.dbPath)) throw new Error(`No database at ${config.dbPath}. Set DB_PATH or DATA_DIR.`);
    SqliteScratchDatabases.cleanLeftovers(config.dbPath);
    const store = await SqliteStore.open(config.dbPath);
    const container = createContainer({ config, store, logger, secretKey: config.secretKey ?? 'cli-signs-no-tokens' });
    await keepRecovered(container, toKeep);
    const backups = resolve(container, BACKUP_STORE);
    return {
      preview: container.get(PreviewRestore),
      restore: container.get(RestoreBackup),
      isListed: async (name) => (await backups.locate(name)) !== null,
      fileExists: (p) => fs.existsSync(path.resolve(p)) && fs.statSync(path.resolve(p)).isFile(),
      close: () => store.close(),
    };
  };
  const openBackups = async (): Promise<BackupCommands> => {
    const toKeep = await recoverSwap();
    if (!fs.existsSync(config.dbPath)) throw new Error(`No database at ${config.dbPath}. Set DB_PATH or DATA_DIR.`);
    const store = await SqliteStore.open(config.dbPath);
    const container = createContainer({ config, store, logger, secretKey: config.secretKey ?? 'cli-signs-no-tokens' });
    await keepRecovered(container, toKeep);
    return { verify: container.get(VerifyStoredBackups), close: () => store.close() };
  };
  return runCli(argv, { encodeSeed, openMigrations, openRestore, openBackups, ask, operator, dbPath: config.dbPath }, io);
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

function unavailable(): never {
  throw new Error('not available for this command');
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
