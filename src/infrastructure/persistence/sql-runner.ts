/** What a repository runs statements on inside `read` or `write`: a connection or the transaction's. */
export interface SqlRunner {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of any shape; each repository types what it selects
  query(sql: string, params?: unknown[]): Promise<any>;
}
