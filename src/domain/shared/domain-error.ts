/**
 * An expected business failure. `code` is stable and machine-readable (interfaces map it to a
 * status or an exit code); `message` is what the shop's staff or the operator reads.
 */
export interface DomainError<C extends string = string> {
  readonly code: C;
  readonly message: string;
}

export const domainError = <C extends string>(code: C, message: string): DomainError<C> => ({ code, message });
