import { type DomainError, domainError } from '../../domain/shared/domain-error';

/** The messages of API.md §1.4, which the frontend shows. */
export const authErrors = {
  notAuthenticated: () => domainError('NOT_AUTHENTICATED', 'Not authenticated'),
  invalidToken: () => domainError('INVALID_TOKEN', 'Token inválido o expirado'),
  invalidClaims: () => domainError('INVALID_TOKEN_CLAIMS', 'Token inválido'),
  revoked: () => domainError('TOKEN_REVOKED', 'Sesión cerrada. Inicia sesión nuevamente.'),
  inactive: () => domainError('USER_INACTIVE', 'Usuario inactivo'),
  badCredentials: () => domainError('INVALID_CREDENTIALS', 'Usuario o contraseña incorrectos'),
  disabled: () => domainError('ACCOUNT_DISABLED', 'Tu cuenta está desactivada. Contacta al administrador.'),
} as const;

export type AuthenticationError = DomainError<
  'NOT_AUTHENTICATED' | 'INVALID_TOKEN' | 'INVALID_TOKEN_CLAIMS' | 'TOKEN_REVOKED' | 'USER_INACTIVE'
>;
export type SignInError = DomainError<'INVALID_CREDENTIALS' | 'ACCOUNT_DISABLED'>;
