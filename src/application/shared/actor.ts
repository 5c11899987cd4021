/** Who asks for a change, as audit_log records it. */
export interface Actor {
  readonly username: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
}
