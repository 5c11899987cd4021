declare const bound: unique symbol;

/**
 * The identifier a port is bound to in the container, carrying the port's type: the composition
 * root's `provide` accepts only a factory that returns a `T` for a `Token<T>`, and a use case's
 * dependencies only in the order and with the types of its constructor. A swapped or mistyped
 * binding is a compile error, not a wrong object at run time.
 */
export type Token<T> = symbol & { readonly [bound]?: T };

/** A token for a port, with the methods every adapter bound to it must have (checked by test/composition/container.spec.ts). */
export function token<T>(name: string, methods: readonly (keyof T & string)[]): Token<T> {
  const id = Symbol(name) as Token<T>;
  PORT_METHODS.set(id, methods);
  return id;
}

/** Every port token's required methods, for the container test. */
export const PORT_METHODS = new Map<symbol, readonly string[]>();
