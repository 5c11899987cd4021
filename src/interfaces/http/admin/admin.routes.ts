import type Router from '@koa/router';
import { Readable } from 'node:stream';
import * as fs from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { koaBody } from 'koa-body';
import type {
  CreateBackup,
  DeleteBackup,
  DownloadBackup,
  GetBackupStatus,
  ListBackups,
  VerifyStoredBackups,
} from '../../../application/backups/backups.use-cases';
import type { DryRunMigrations, PreviewRestore, RestoreBackup, UploadBackup } from '../../../application/backups/restore.use-cases';
import type { GetMigrationStatus } from '../../../application/maintenance/get-migration-status.use-case';
import type { RunMigrations } from '../../../application/maintenance/run-migrations.use-case';
import type { AdminQueries } from '../../../application/admin/admin.ports';
import type { Guards } from '../auth.middleware';
import { actorOf, currentUser } from '../auth.middleware';
import type { RateLimiter } from '../rate-limit';
import { HttpError, unwrap } from '../errors';
import { pathId, queryInt, queryString, validationError } from '../validation';
import { uploadedFile } from '../body-parser';
import { attachment } from '../exports';
import { auditRecordView, backupEntryView, humanSize, migrationStatusView } from './admin.views';
import { AUDIT_PAGE_MAX, type ListAuditLog } from '../../../application/admin/list-audit-log.use-case';

export interface AdminRoutesDeps {
  readonly createBackup: CreateBackup;
  readonly listBackups: ListBackups;
  readonly downloadBackup: DownloadBackup;
  readonly deleteBackup: DeleteBackup;
  readonly backupStatus: GetBackupStatus;
  readonly verifyBackups: VerifyStoredBackups;
  readonly restoreBackup: RestoreBackup;
  readonly previewRestore: PreviewRestore;
  readonly uploadBackup: UploadBackup;
  readonly dryRunMigrations: DryRunMigrations;
  readonly migrationStatus: GetMigrationStatus;
  readonly runMigrations: RunMigrations;
  readonly adminQueries: AdminQueries;
  readonly listAuditLog: ListAuditLog;
  readonly settings: {
    backupDir: string;
    retainCount: number;
    intervalHours: number;
    dailyHour: number;
    timezone: string;
    dbPath: string;
    environment: string;
    uploadMaxBytes: number;
    databaseType?: 'sqlite' | 'postgresql';
  };
  readonly guards: Guards;
  readonly limiter: RateLimiter;
}

/** The admin operations API of API.md §9 (as amended by §0.7): backups, migrations, system facts. */
export function registerAdminRoutes(router: Router, d: AdminRoutesDeps): void {
  const guard = (name: string) => [d.limiter.for('admin', name), d.guards.admin] as const;
  const s = d.settings;

  router.post('/api/admin/backup-now', ...guard('backup-now'), async (ctx) => {
    const user = currentUser(ctx).username;
    const backup = unwrap(await d.createBackup.execute({ kind: 'manual', trigger: `admin_trigger:${user}` }));
    ctx.body = {
      success: true,
      backup: { ...backupEntryView(backup, s.backupDir), reason: `admin_trigger:${user}`, checksum_md5: backup.md5, integrity: 'ok' },
    };
  });

  router.get('/api/admin/backups', ...guard('backups'), async (ctx) => {
    const backups = await d.listBackups.execute();
    ctx.body = {
      backups: backups.map((b) => backupEntryView(b, s.backupDir)),
      total_count: backups.length,
      backup_dir: s.backupDir,
      retention_count: s.retainCount,
      interval_hours: s.intervalHours,
    };
  });

  // Upload: admin checked before a byte is read; the file streams to disk in BACKUP_DIR under a
  // temporary name (cleared at start-up if a crash leaves it), never into memory.
  const maxMb = Math.round(s.uploadMaxBytes / 1024 / 1024);
  const tooLarge = () => new HttpError(413, `The backup file is too large: the limit is ${maxMb} MB (BACKUP_UPLOAD_MAX_MB)`);
  const uploadParser = koaBody({
    multipart: true,
    json: false,
    urlencoded: false,
    text: false,
    formidable: {
      uploadDir: s.backupDir,
      maxFiles: 1,
      maxFileSize: s.uploadMaxBytes,
      maxTotalFileSize: s.uploadMaxBytes,
      allowEmptyFiles: true,
      minFileSize: 0,
      filename: () => `.incoming-upload-${process.pid}-${Date.now()}-${randomBytes(4).toString('hex')}.db`,
    },
    onError: (e) => {
      throw /maxFileSize|maxTotalFileSize|biggerThan|exceeded/i.test(e.message)
        ? tooLarge()
        : new HttpError(400, `Invalid multipart form: ${e.message}`);
    },
  });
  router.post(
    '/api/admin/backups/upload',
    ...guard('backup-upload'),
    async (ctx, next) => {
      if (!ctx.is('multipart/form-data')) throw new HttpError(400, 'Send the backup as multipart/form-data in the field "file"');
      if ((ctx.request.length ?? 0) > s.uploadMaxBytes + 64 * 1024) throw tooLarge();
      await fs.mkdir(s.backupDir, { recursive: true });
      await next();
    },
    uploadParser,
    async (ctx) => {
      const file = uploadedFile(ctx);
      try {
        const r = unwrap(
          await d.uploadBackup.execute({
            location: file.filepath,
            originalName: file.originalFilename ?? 'upload.db',
            actor: actorOf(ctx),
          }),
        );
        ctx.status = 201;
        ctx.body = { success: true, backup: backupEntryView(r.entry, s.backupDir), migrations_to_run: r.migrationsToRun };
      } finally {
        await fs.rm(file.filepath, { force: true });
      }
    },
  );

  router.get('/api/admin/backups/:filename/restore-preview', ...guard('backup-restore-preview'), async (ctx) => {
    const p = unwrap(await d.previewRestore.execute({ backup: String(ctx.params.filename ?? '') }));
    ctx.body = {
      filename: p.source,
      kind: p.kind,
      created_at: p.createdAt,
      age_hours: p.ageHours,
      size: p.size,
      size_human: humanSize(p.size),
      sha256: p.sha256,
      verification: { at_creation: p.verification.atCreation, now: p.verification.now },
      tables: p.tables,
      migrations_to_run: p.migrationsToRun,
      restorable: p.restorable,
      problem: p.problem,
      confirm_with: { confirm: p.source },
    };
  });

  router.post('/api/admin/backups/:filename/restore', ...guard('backup-restore'), async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body) || typeof body.confirm !== 'string') {
      throw validationError([
        { field: 'body.confirm', message: 'Field required: the backup file name, to confirm the restore', value: body?.confirm ?? null },
      ]);
    }
    const r = unwrap(
      await d.restoreBackup.execute({ source: { backup: String(ctx.params.filename ?? '') }, confirm: body.confirm, actor: actorOf(ctx) }),
    );
    ctx.body = {
      success: true,
      restored: r.restored,
      pre_restore_backup: r.preRestoreBackup,
      migrations_applied: r.migrationsApplied,
      writes_paused_ms: r.writesPausedMs,
      table_counts: r.tableCounts,
      rollback: r.preRestoreBackup
        ? { path: `/api/admin/backups/${r.preRestoreBackup}/restore`, body: { confirm: r.preRestoreBackup } }
        : null,
      ...(r.preRestoreWarning ? { warning: r.preRestoreWarning } : {}),
    };
  });

  router.get('/api/admin/backups/:filename', ...guard('backup-download'), async (ctx) => {
    const name = String(ctx.params.filename ?? '');
    const file = await d.downloadBackup.execute(name);
    if (!file) throw new HttpError(404, 'Backup not found or invalid filename');
    ctx.set('Content-Type', 'application/octet-stream');
    ctx.set('Content-Disposition', attachment(name));
    ctx.set('X-Backup-Filename', name);
    ctx.set('X-Backup-SHA256', file.sha256);
    ctx.length = file.size;
    ctx.compress = false;
    ctx.body = Readable.from(file.stream);
  });

  router.delete('/api/admin/backups/:filename', ...guard('backup-delete'), async (ctx) => {
    unwrap(await d.deleteBackup.execute(String(ctx.params.filename ?? '')));
    ctx.body = { success: true, deleted: ctx.params.filename };
  });

  router.get('/api/admin/backup-status', ...guard('backup-status'), async (ctx) => {
    const st = await d.backupStatus.execute();
    const views = st.backups.map((b) => backupEntryView(b, s.backupDir));
    ctx.body = {
      scheduler: {
        interval_hours: s.intervalHours,
        retention_count: s.retainCount,
        backup_dir: s.backupDir,
        backup_dir_exists: st.directory.exists,
        backup_dir_writable: st.directory.writable,
        enabled: st.enabled,
        running: st.running,
        daily_hour: s.dailyHour,
        timezone: s.timezone,
        next_runs: st.nextRuns,
        last_run: st.lastRun,
        consecutive_failures: st.consecutiveFailures,
        // Several instances (PostgreSQL): the one that runs the schedule, and its newest scheduled backup.
        leader: st.leader ? { instance: st.leader.instance, this_instance: st.leader.self, since: st.leader.since } : null,
        last_scheduled_backup: st.lastScheduledBackup ? backupEntryView(st.lastScheduledBackup, s.backupDir) : null,
      },
      latest_backup: views[0] ?? null,
      total_backups: views.length,
      backups_preview: views.slice(0, 5),
      newest_backup_age_hours: st.newestBackupAgeHours === null ? null : Math.round(st.newestBackupAgeHours * 100) / 100,
      healthy: st.healthy,
      problem: st.problem,
      rotted_backups: st.rotted,
      maintenance_in_progress: st.maintenance,
    };
  });

  router.post('/api/admin/backups/verify', ...guard('backups-verify'), async (ctx) => {
    ctx.body = unwrap(await d.verifyBackups.execute());
  });

  router.get('/api/admin/migrations', ...guard('migrations'), async (ctx) => {
    ctx.body = migrationStatusView(await d.migrationStatus.execute());
  });

  router.post('/api/admin/migrations/run', ...guard('migrations-run'), async (ctx) => {
    const result = unwrap(await d.runMigrations.execute({ trigger: 'api', requestedBy: currentUser(ctx).username }));
    ctx.body = { success: true, executed: result.executed, count: result.count, durations: result.durations, backup: result.backup };
  });

  router.post('/api/admin/migrations/dry-run', ...guard('migrations-dry-run'), async (ctx) => {
    const r = unwrap(await d.dryRunMigrations.execute(actorOf(ctx)));
    ctx.body = {
      pending: r.pending,
      results: r.results.map((x) => ({ id: x.id, status: x.status, duration_ms: x.durationMs, error: x.error })),
      would_succeed: r.wouldSucceed,
      total_ms: r.totalMs,
      live_database_changed: false,
    };
  });

  router.get('/api/admin/audit-log', ...guard('audit-log'), async (ctx) => {
    const limit = queryInt(ctx, 'limit', 1, AUDIT_PAGE_MAX) ?? undefined;
    const action = queryString(ctx, 'accion', 50) ?? undefined;
    const records = unwrap(await d.listAuditLog.execute({ limit, action }));
    ctx.body = { entries: records.map(auditRecordView), count: records.length };
  });

  router.get('/api/admin/system-info', ...guard('system-info'), async (ctx) => {
    const info = await d.adminQueries.systemInfo();
    ctx.body = {
      database: {
        type: s.databaseType ?? 'sqlite',
        path: s.dbPath,
        journal_mode: info.journalMode,
        foreign_keys_enabled: info.foreignKeysEnabled,
        table_counts: info.tableCounts,
      },
      environment: s.environment,
      backup_scheduler: { interval_hours: s.intervalHours, retention_count: s.retainCount, daily_hour: s.dailyHour, timezone: s.timezone },
    };
  });

  router.get('/api/admin/delete-impact/producto/:id', ...guard('impact-producto'), async (ctx) => {
    const id = pathId(ctx);
    const i = await d.adminQueries.productImpact(id);
    if (!i) throw new HttpError(404, 'Producto no encontrado');
    ctx.body = {
      entity: 'producto',
      id,
      name: i.name,
      can_delete: i.total === 0,
      impact: { total_orders: i.total, active_orders: i.active, historical_orders: i.total - i.active },
      message:
        i.total === 0
          ? 'Producto puede ser eliminado'
          : `No se puede eliminar: el producto está en ${i.total} pedidos (${i.active} activos)`,
    };
  });
  router.get('/api/admin/delete-impact/cliente/:id', ...guard('impact-cliente'), async (ctx) => {
    const id = pathId(ctx);
    const i = await d.adminQueries.clientImpact(id);
    if (!i) throw new HttpError(404, 'Cliente no encontrado');
    ctx.body = {
      entity: 'cliente',
      id,
      name: i.name,
      can_delete: i.total === 0,
      impact: { total_orders: i.total, active_orders: i.active, historical_orders: i.total - i.active },
      message:
        i.total === 0 ? 'Cliente puede ser eliminado' : `No se puede eliminar: el cliente tiene ${i.total} pedidos (${i.active} activos)`,
    };
  });
  router.get('/api/admin/delete-impact/categoria/:id', ...guard('impact-categoria'), async (ctx) => {
    const id = pathId(ctx);
    const i = await d.adminQueries.categoryImpact(id);
    if (!i) throw new HttpError(404, 'Categoría no encontrada');
    ctx.body = {
      entity: 'categoria',
      id,
      name: i.name,
      can_delete: i.products === 0,
      will_soft_delete: i.products > 0,
      impact: { products: i.products },
      message: i.products === 0 ? 'Categoría puede ser eliminada' : `Categoría será desactivada (tiene ${i.products} productos)`,
    };
  });
}
