import { DomainError, domainError } from '../shared/domain-error';

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
    domainError('INVALID_QUANTITY', `Cantidad inválida para el producto ${productId}: ${String(value)} (debe ser un número mayor que 0)`),
  productRequired: () => domainError('PRODUCT_REQUIRED', 'Producto inválido en pedido: falta id/producto_id y nombre'),
  unknownProduct: (id: number) => domainError('UNKNOWN_PRODUCT', `Producto con ID ${id} no existe`),
  invalidState: (value: string) => domainError('INVALID_STATE', `Estado no válido: ${value}. Estados permitidos: pendiente, preparando, confirmado, enviado, entregado, cancelado`),
} as const;
