import { type Result, ok, err } from '../../domain/shared/result';
import { type DomainError, domainError } from '../../domain/shared/domain-error';
import type { AuditLog, AuditRecord } from '../shared/shared.ports';

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 500;

/** The recent audit log (who changed what, restores and backups included), newest first. */
export class ListAuditLog {
  constructor(private readonly audit: AuditLog) {}

  async execute(input: { limit?: number; action?: string }): Promise<Result<AuditRecord[], DomainError<'AUDIT_QUERY_INVALID'>>> {
    const limit = input.limit ?? AUDIT_PAGE_DEFAULT;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > AUDIT_PAGE_MAX)
      return err(domainError('AUDIT_QUERY_INVALID', `limit must be a whole number from 1 to ${AUDIT_PAGE_MAX}`));
    const action = input.action?.trim() || undefined;
    if (action !== undefined && !/^[A-Z_]{1,50}$/.test(action))
      return err(
        domainError('AUDIT_QUERY_INVALID', 'action must be an audit action such as RESTORE, BACKUP or ROLE_CHANGE (capital letters and _)'),
      );
    return ok(await this.audit.recent({ limit, action }));
  }
}
