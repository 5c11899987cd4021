import { type DomainError, domainError } from '../shared/domain-error';
import { MAX_QUANTITY } from '../shared/limits';

export type OrderingError = DomainError<
  | 'CLIENT_REQUIRED'
  | 'UNKNOWN_CLIENT'
  | 'EMPTY_ORDER'
  | 'TOO_MANY_LINES'
  | 'INVALID_QUANTITY'
  | 'PRODUCT_REQUIRED'
  | 'UNKNOWN_PRODUCT'
  | 'INVALID_STATE'
>;

export const orderingErrors = {
  clientRequired: () => domainError('CLIENT_REQUIRED', 'El cliente_id o cliente es requerido'),
  unknownClient: (id: number) => domainError('UNKNOWN_CLIENT', `Cliente con ID ${id} no existe`),
  empty: () => domainError('EMPTY_ORDER', 'Se requieren productos o items'),
  tooMany: (n: number, max: number) => domainError('TOO_MANY_LINES', `El pedido tiene ${n} líneas; el máximo es ${max}`),
  invalidQuantity: (productId: number, value: unknown) =>
    domainError(
      'INVALID_QUANTITY',
      `Cantidad inválida para el producto ${productId}: ${String(value)} (debe ser un número mayor que 0 y como máximo ${MAX_QUANTITY})`,
    ),
  productRequired: () => domainError('PRODUCT_REQUIRED', 'Producto inválido en pedido: falta id/producto_id y nombre'),
  unknownProduct: (id: number) => domainError('UNKNOWN_PRODUCT', `Producto con ID ${id} no existe`),
  // The text of API.md §7.5 (the screens show it); the value and the allowed states go in the answer's details.
  invalidState: () => domainError('INVALID_STATE', 'Estado no válido'),
} as const;
