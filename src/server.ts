import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadEnv, parseConfig, formatConfigErrors, resolveSecrets, type AppConfig } from './infrastructure/config/env-config';
import { appVersion } from './infrastructure/config/app-info';
import { createLogger, type Logger } from './infrastructure/logging/logger';
import { bootstrapFromSeed } from './infrastructure/sqlite/seed-bootstrap';
import { SqliteStore } from './infrastructure/persistence/data-source';
import { preflightMigrations } from './infrastructure/persistence/migrations/migration-preflight';
import { createContainer, buildHttpApp } from './container';
import { PurgeExpiredRevocations } from './application/auth/session.use-cases';
import { PurgeIdempotencyKeys } from './application/ordering/place-order.use-case';
import { startPeriodicJob } from './interfaces/scheduler/periodic.job';
import type { HttpApp } from './interfaces/http/app';
import { BackupScheduler } from './interfaces/scheduler/backup-scheduler';
import { CreateBackup, GetBackupStatus, VerifyStoredBackups } from './application/backups/backups.use-cases';
import { BACKUP_FOLDER_RECOVERY, BACKUP_RUN_LOG } from './application/backups/backups.ports';
import { resolve } from './composition/binder';
import { CLOCK } from './application/shared/shared.ports';
import { RunMigrations } from './application/maintenance/run-migrations.use-case';
import { EnsureAdminUser, DEFAULT_ADMIN_USERNAME } from './application/users/ensure-admin-user.use-case';
import { listen, type RunningServer } from './interfaces/http/server';
import { MIGRATIONS } from '../migrations';
import { announceServer } from './infrastructure/sqlite/server-presence';
import { SqliteScratchDatabases } from './infrastructure/backups/sqlite-restore';
import { recoverRestoreSwap } from './infrastructure/backups/restore-journal';
import { redactedUrl } from './infrastructure/config/database-url';
import * as os from 'node:os';
import { PostgresStore } from './infrastructure/persistence/postgres/postgres-store';
import { startErrorTracking } from './infrastructure/observability/error-tracking';
import { KeepInterruptedRestores } from './application/backups/restore.use-cases';
import type { Container } from 'inversify';
import { MAINTENANCE_LOCK, SCHEDULER_LEADERSHIP } from './application/backups/backups.ports';
import { dumpToolsProblem } from './infrastructure/persistence/postgres/pg-tools';
import { SCRATCH_CLUSTER } from './composition/postgres.module';
import { pendingPreRestores } from './infrastructure/backups/postgres-backups';
import type { CodeCacheOutcome } from './infrastructure/startup/server-bundle';

/** How main.ts loaded this code: from the build's bundle (and whether V8 took its code cache), or from the modules. */
export type StartedFrom =
  { readonly bundle: true; readonly codeCache: CodeCacheOutcome } | { readonly bundle: false; readonly reason: string };

/** A start-up refusal: printed as one clear message, exit code 1, nothing more written. */
class StartupError extends Error {}

/**
 * The server: configuration, storage, recovery, migrations, then HTTP and the scheduler. Started by
 * main.ts, from the bundle (dist/server.bundle.js) or from these modules.
 */
export async function start(from: StartedFrom = { bundle: false, reason: 'started directly' }): Promise<void> {
  const parsed = parseConfig(loadEnv(process.env, process.cwd()), process.cwd());
  if (!parsed.ok) {
    process.stderr.write(`${formatConfigErrors(parsed.errors)}\nThe server was not started and no file was touched.\n`);
    process.exit(1);
  }
  const config = parsed.config;
  const logger = createLogger(config.logLevel);
  // Error tracking first, so that a failing start is reported too (only when SENTRY_DSN is set).
  const errors = startErrorTracking({ dsn: config.sentryDsn, environment: config.environment, release: appVersion() });
  if (errors) logger.info({}, 'error tracking on: unhandled errors are reported to SENTRY_DSN (secrets scrubbed)');
  let store: SqliteStore | PostgresStore | null = null;
  let server: RunningServer | null = null;
  let http: HttpApp | null = null;
  const jobs: { stop(): void }[] = [];
  let scheduler: BackupScheduler | null = null;
  let leave: () => void = () => undefined;

  const shutdown = async (signal: string): Promise<void> => {
    logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    try {
      for (const job of jobs) job.stop();
      scheduler?.stop();
      if (server) await server.stop();
      // Handlers of connections cut at the end of the grace period still finish before the database closes.
      await http?.drained(10_000);
      http?.close();
      if (store) await store.close();
      leave();
      await errors?.flush(2000);
      logger.info({}, 'stopped cleanly');
      process.exit(0);
    } catch (e) {
      logger.error({ err: e }, 'error while shutting down');
      process.exit(1);
    }
  };
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void shutdown(signal);
    });
  }
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

  try {
    const onPostgres = config.databaseUrl !== null;
    let interruptedRestores: string[] = [];
    if (config.databaseUrl) {
      store = await openPostgres(config, config.databaseUrl);
    } else {
      const prepared = await prepareStorage(config, logger);
      store = prepared.store;
      interruptedRestores = prepared.interruptedRestores;
      // From here on, a CLI restore refuses to run beside this server.
      leave = announceServer(config.dbPath, config.port);
    }
    const secrets = resolveSecrets(config);
    logger.info({ source: secrets.secretKeySource }, describeSecretKey(secrets.secretKeySource, config));
    const container = createContainer({ config, store, logger, secretKey: secrets.secretKey });
    // Before anything makes a backup: clear what an interrupted one left, adopt the original's backups.
    await resolve(container, BACKUP_FOLDER_RECOVERY).recover((name, adopted, reason) =>
      adopted
        ? logger.info({ name }, 'adopted a backup made by the original backend (verified)')
        : logger.warn({ name, reason }, 'a file named like a backup failed verification; it is not listed'),
    );
    if (onPostgres) await recoverPostgresMaintenance(container, config, logger);

    if (interruptedRestores.length) {
      const kept = await container.get(KeepInterruptedRestores).execute(interruptedRestores);
      for (const name of kept.kept) logger.warn({ name }, 'restore recovery: the previous content is listed as the pre-restore backup');
      for (const warning of kept.warnings) logger.error({}, `restore recovery: ${warning}`);
    }

    const migrated = await container.get(RunMigrations).execute({ trigger: 'startup', requestedBy: 'startup' });
    if (!migrated.ok) throw new StartupError(`Migrations: ${migrated.error.message}`);
    logger.info(
      { executed: migrated.value.executed, durations: migrated.value.durations },
      migrated.value.count ? 'migrations applied' : 'schema up to date',
    );

    const admin = await container.get(EnsureAdminUser).execute({ password: secrets.adminPassword });
    announceAdmin(admin, secrets.adminPasswordSource, secrets.adminPassword, logger);

    const purge = container.get(PurgeExpiredRevocations);
    jobs.push(startPeriodicJob('purge-expired-revocations', 60 * 60 * 1000, () => purge.execute(), logger));
    // Backups at rest: every stored backup re-verified daily (size, SHA-256, quick_check), by the leader.
    const leadership = resolve(container, SCHEDULER_LEADERSHIP);
    const verifyBackups = container.get(VerifyStoredBackups);
    jobs.push(
      startPeriodicJob(
        'verify-backups',
        24 * 60 * 60 * 1000,
        async () => {
          if (!(await leadership.claim())) return;
          const r = await verifyBackups.execute();
          if (!r.ok) return logger.warn({}, `backup verification skipped: ${r.error.message}`);
          for (const x of r.value.rotted)
            logger.error(
              { name: x.filename, problem: x.problem },
              'a stored backup failed re-verification; it was set aside and is no longer listed',
            );
          logger.info({ checked: r.value.checked, rotted: r.value.rotted.length }, 'stored backups re-verified');
        },
        logger,
      ),
    );
    const purgeKeys = container.get(PurgeIdempotencyKeys);
    jobs.push(startPeriodicJob('purge-idempotency-keys', 60 * 60 * 1000, () => purgeKeys.execute(), logger));
    http = buildHttpApp(container, { reportError: errors ? (e, context) => errors.report(e, context) : undefined });
    server = await listen(http.app, config.host, config.port);
    scheduler = new BackupScheduler(
      container.get(CreateBackup),
      container.get(GetBackupStatus),
      resolve(container, BACKUP_RUN_LOG),
      resolve(container, CLOCK),
      {
        enabled: config.backup.enabled,
        intervalHours: config.backup.intervalHours,
        dailyHour: config.backup.timeHour,
        timezone: config.backup.timezone,
      },
      logger,
      onPostgres ? leadership : null,
    );
    await scheduler.start();
    logger.info(
      {
        host: config.host,
        port: server.port,
        environment: config.environment,
        db: config.databaseUrl ? redactedUrl(config.databaseUrl) : config.dbPath,
        version: appVersion(),
        startup: from.bundle ? `bundle (code cache ${from.codeCache})` : `modules (${from.reason})`,
      },
      'listening',
    );
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    logger.error({ err: e instanceof StartupError ? undefined : e }, `start-up failed: ${message}`);
    process.stderr.write(`Start-up failed: ${message}\n`);
    if (!(e instanceof StartupError)) errors?.report(e, {});
    await errors?.flush(2000);
    if (store) await store.close().catch(() => undefined);
    leave();
    process.exit(1);
  }
}

/**
 * PostgreSQL (DATABASE_URL): several instances may share it, so they must share one signing key.
 * Scheduled pg_dump backups need PostgreSQL's client tools of the server's version (or newer), and
 * a role that may create the scratch databases they are verified in. Uploaded images stay on the
 * instance's disk (UPLOADS_DIR).
 */
async function openPostgres(config: AppConfig, url: string): Promise<PostgresStore> {
  if (config.secretKeySource !== 'env' && config.secretKeySource !== 'file')
    throw new StartupError(
      'SECRET_KEY (or SECRET_KEY_FILE) must be set with DATABASE_URL: every instance must sign and check tokens with the same key. Nothing was changed.',
    );
  let store: PostgresStore;
  try {
    store = await PostgresStore.open(url, { applicationName: `chorizaurio ${os.hostname()}:${process.pid}` });
  } catch (e) {
    throw new StartupError(`Cannot connect to ${redactedUrl(url)}: ${(e as Error).message}`);
  }
  if (config.backup.enabled) {
    const problem = await dumpToolsProblem(url);
    if (problem) {
      await store.close();
      throw new StartupError(
        `Scheduled backups (BACKUP_ENABLED) on PostgreSQL need pg_dump and pg_restore: ${problem}. ` +
          "Install them, or set BACKUP_ENABLED=false where the provider's point-in-time recovery is used instead. Nothing was changed.",
      );
    }
  }
  for (const dir of [config.uploadsDir, config.backupDir]) fs.mkdirSync(dir, { recursive: true });
  return store;
}

/**
 * PostgreSQL's start-up recovery, holding the maintenance lock (no other instance is backing up
 * or restoring meanwhile): drops the scratch databases a crash left, and keeps the pre-restore
 * dumps a crash left as verified backups (never deletes them). Another instance busy with
 * maintenance: left for a later start.
 */
async function recoverPostgresMaintenance(container: Container, config: AppConfig, logger: Logger): Promise<void> {
  const held = await resolve(container, MAINTENANCE_LOCK).run('start-up recovery', 1_000, async () => {
    for (const name of await resolve(container, SCRATCH_CLUSTER).dropLeftovers())
      logger.info({ name }, 'dropped a scratch database left by an interrupted backup, restore or dry run');
    const pending = pendingPreRestores(config.backupDir);
    if (!pending.length) return;
    const kept = await container.get(KeepInterruptedRestores).execute(pending);
    for (const name of kept.kept) logger.warn({ name }, 'restore recovery: the previous content is listed as the pre-restore backup');
    for (const warning of kept.warnings) logger.error({}, `restore recovery: ${warning}`);
  });
  if (!held) logger.info({}, 'another instance is doing maintenance: its scratch databases and dumps are left to it');
}

/** Data directories, seed bootstrap, the migration preflight, then the connections. */
async function prepareStorage(config: AppConfig, logger: Logger): Promise<{ store: SqliteStore; interruptedRestores: string[] }> {
  for (const dir of [config.dataDir, config.backupDir, config.uploadsDir]) fs.mkdirSync(dir, { recursive: true });
  // SQLite needs to write beside the database (its -wal and -shm files): say so plainly.
  for (const target of [path.dirname(config.dbPath), ...(fs.existsSync(config.dbPath) ? [config.dbPath] : [])]) {
    try {
      fs.accessSync(target, fs.constants.W_OK);
    } catch (e) {
      throw new StartupError(
        `${target} is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): the database needs its folder and file writable. Check the disk's mount (read-only?) and permissions; nothing was changed.`,
      );
    }
  }
  // First of all: a restore a crash interrupted is finished or rolled back (restore-journal.ts),
  // before a missing database could be taken for a fresh one.
  const swap = await recoverRestoreSwap(config.dbPath);
  if (swap.action) logger.warn({ db: config.dbPath }, `restore recovery: ${swap.action}`);
  let seeded;
  try {
    seeded = await bootstrapFromSeed({
      dbPath: config.dbPath,
      seedPath: config.seedDbPath,
      backupDir: config.backupDir,
      force: config.seedForce,
    });
  } catch (e) {
    throw new StartupError((e as Error).message);
  }
  if (seeded.action === 'seeded')
    logger.info({ from: seeded.from, bytes: seeded.bytes, db: config.dbPath }, 'database created from the seed secret (quick_check ok)');
  else if (seeded.action === 'no-seed' && !fs.existsSync(config.dbPath))
    logger.info({ db: config.dbPath }, 'no database and no seed: creating an empty database');

  for (const name of SqliteScratchDatabases.cleanLeftovers(config.dbPath))
    logger.info({ name }, 'removed a working copy left by an interrupted restore or dry run');
  const refusal = await preflightMigrations(config.dbPath, MIGRATIONS);
  if (refusal) throw new StartupError(`${refusal.message} (database: ${config.dbPath}; nothing was written)`);
  return { store: await SqliteStore.open(config.dbPath), interruptedRestores: swap.toKeep };
}

function describeSecretKey(source: string, config: AppConfig): string {
  switch (source) {
    case 'env':
      return 'SECRET_KEY: from the environment';
    case 'file':
      return 'SECRET_KEY: from SECRET_KEY_FILE';
    case 'persisted':
      return `SECRET_KEY: development key kept in ${config.dataDir}/.secret_key`;
    default:
      return `SECRET_KEY: none set; generated a development key and kept it in ${config.dataDir}/.secret_key`;
  }
}

function announceAdmin(outcome: string, source: 'env' | 'generated', password: string, logger: Logger): void {
  if (outcome === 'existing-admin') {
    logger.info(
      {},
      'admin password: an admin user already exists; its password was left unchanged (ADMIN_PASSWORD only sets it on a fresh database)',
    );
  } else if (outcome === 'username-taken') {
    logger.warn({}, `no admin user exists and the username "${DEFAULT_ADMIN_USERNAME}" belongs to a non-admin; no admin was created`);
  } else if (source === 'env') {
    logger.info({}, `admin password: user "${DEFAULT_ADMIN_USERNAME}" created with the password from ADMIN_PASSWORD`);
  } else {
    logger.info(
      {},
      `admin password: ADMIN_PASSWORD is not set; user "${DEFAULT_ADMIN_USERNAME}" created with a generated password, printed once on stderr`,
    );
    // Printed once, outside the log stream, so it never lands in collected logs twice.
    process.stderr.write(
      `\n  First start: user "${DEFAULT_ADMIN_USERNAME}" was created with the generated password  ${password}\n` +
        '  It is shown only now. Sign in and change it, or set ADMIN_PASSWORD before the first start.\n\n',
    );
  }
}
