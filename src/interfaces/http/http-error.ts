export interface ValidationDetail {
  readonly field: string;
  readonly message: string;
  readonly value: unknown;
}

/** An error the HTTP adapter answers with; every error response goes through `errorBody`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: ValidationDetail[],
    readonly headers: Record<string, string> = {},
    /** Extra fields of the body (e.g. the rate limit's `details: {limit}`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
