import * as path from 'node:path';
import type { BackupEntry } from '../../../domain/backups/backup';
import type { AuditRecord } from '../../../application/shared/shared.ports';
import type { MigrationStatusOutput } from '../../../application/maintenance/get-migration-status.use-case';

/** The migration status of API.md §12.3, also what `chorizaurio migrate status --json` prints. */
export const migrationStatusView = (s: MigrationStatusOutput) => ({
  registered: s.registered,
  executed: s.executed.map((e) => ({ name: e.id, executed_at: e.appliedAt, checksum: e.checksum })),
  pending: s.pending,
  failed: s.failed.map((f) => ({ name: f.id, executed_at: f.failedAt, error: f.error })),
  problem: s.problem,
});

/** One audit_log row in its column names (the shop's vocabulary), as the console shows it. */
export const auditRecordView = (r: AuditRecord) => ({
  id: r.id,
  timestamp: r.at,
  usuario: r.actor,
  accion: r.action,
  tabla: r.table,
  registro_id: r.recordId,
  datos_antes: r.before,
  datos_despues: r.after,
  ip_address: r.ip,
});

export const humanSize = (bytes: number): string => {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
};

/** The original's backup entry (API.md §9.3) plus sha256, verified and kind (§0.7). */
export const backupEntryView = (b: BackupEntry, backupDir: string) => ({
  filename: b.filename,
  path: path.join(backupDir, b.filename),
  size: b.size,
  size_human: humanSize(b.size),
  created_at: b.createdAt.replace(/\.\d+Z$|Z$|\+00:00$/, '') + 'Z',
  sha256: b.sha256,
  verified: true,
  kind: b.kind,
});
