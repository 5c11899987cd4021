import { type DomainError, domainError } from '../shared/domain-error';

export type UserNotFound = DomainError<'USER_NOT_FOUND'>;
export type LastActiveAdmin = DomainError<'LAST_ACTIVE_ADMIN'>;
export type InvalidRole = DomainError<'INVALID_ROLE'>;
export type WeakPassword = DomainError<'WEAK_PASSWORD'>;

export const userNotFound = (): UserNotFound => domainError('USER_NOT_FOUND', 'Usuario no encontrado');
export const lastActiveAdmin = (what: string): LastActiveAdmin =>
  domainError('LAST_ACTIVE_ADMIN', `No se puede ${what} al último administrador activo: debe quedar al menos uno`);
export const invalidRole = (message: string): InvalidRole => domainError('INVALID_ROLE', message);
export const weakPassword = (message: string): WeakPassword => domainError('WEAK_PASSWORD', message);
