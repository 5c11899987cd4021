/**
 * A schema migration, written as data so that its checksum is stable across compilers and
 * refactorings: the checksum is taken over `id` and `steps`. Every step is idempotent, so a
 * migration is a no-op on a database that already has its effect (as every generation of the
 * original backend's files may).
 *
 * Rules: additive only (new tables, new nullable or defaulted columns, new indexes and triggers,
 * and filling tables this project adds);
 * never rename or drop what the original backend uses; never edit a released migration.
 */
export type MigrationStep =
  /** `CREATE TABLE IF NOT EXISTS <table> (<columns>)`. */
  | { readonly kind: 'createTable'; readonly table: string; readonly columns: string }
  /** `ALTER TABLE <table> ADD COLUMN <column> <definition>` when the table exists and lacks the column. */
  | { readonly kind: 'addColumn'; readonly table: string; readonly column: string; readonly definition: string }
  /** `CREATE [UNIQUE] INDEX IF NOT EXISTS` when the table exists. */
  | { readonly kind: 'createIndex'; readonly name: string; readonly table: string; readonly columns: string; readonly unique?: boolean }
  /** `CREATE TRIGGER IF NOT EXISTS <name> <body>` when the table exists. */
  | { readonly kind: 'createTrigger'; readonly name: string; readonly table: string; readonly body: string }
  /**
   * A data statement run when `table` exists, e.g. filling a new summary table. It must be
   * idempotent (`INSERT OR REPLACE … SELECT …`): running it twice leaves the same rows.
   */
  | { readonly kind: 'backfill'; readonly table: string; readonly sql: string }
  /** Nothing to do at schema level; kept so the original's id is recorded. */
  | { readonly kind: 'noop'; readonly why: string };

export interface Migration {
  readonly id: string;
  readonly description: string;
  readonly steps: readonly MigrationStep[];
}
