import { createHash } from 'node:crypto';
import { RawSqlite } from '../../sqlite/sqlite-file';
import type { PostgresStore } from './postgres-store';

/**
 * The shop's tables in an order where every foreign key points to a table copied before it. A
 * table the source has that is not listed is copied last (its name is reported); a listed one the
 * source lacks is skipped.
 */
export const COPY_ORDER = [
  'usuarios',
  'categorias',
  'listas_precios',
  'clientes',
  'productos',
  'precios_lista',
  'repartidores',
  'pedidos',
  'detalles_pedido',
  'historial_pedidos',
  'pedido_totales',
  'audit_log',
  'revoked_tokens',
  'idempotency_keys',
  'pedidos_template',
  'detalles_template',
  'templates',
  'template_productos',
  'tags',
  'productos_tags',
  'ofertas',
  'oferta_productos',
  'backup_log',
] as const;

/** migration_log describes each database's own schema history: the target keeps the one its migrations wrote. */
const NOT_COPIED = new Set(['migration_log', 'sqlite_sequence']);
const BATCH_ROWS = 500;

export interface TableCopy {
  readonly table: string;
  readonly rows: number;
  /** SHA-256 of the rows in key order, as read back from each side: equal means every value arrived. */
  readonly sourceChecksum: string;
  readonly targetChecksum: string;
}

export type CopyProgress = (p: { table: string; copied: number; total: number }) => void;

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A value as both engines give it back: integral doubles and integers alike, text as text. */
const canonical = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : Buffer.isBuffer(v) ? v.toString('base64') : v);

async function checksum(
  rows: AsyncIterable<Record<string, unknown>[]>,
  columns: readonly string[],
): Promise<{ hash: string; count: number }> {
  const hash = createHash('sha256');
  let count = 0;
  for await (const page of rows)
    for (const row of page) {
      hash.update(JSON.stringify(columns.map((c) => canonical(row[c]))));
      hash.update('\n');
      count++;
    }
  return { hash: hash.digest('hex'), count };
}

/**
 * Copies every row of every table of a shop's SQLite file into a PostgreSQL database that has the
 * schema (its migrations run) and no rows, then verifies each table: the same number of rows and
 * the same checksum over every column, read back from both sides in key order. Identity columns
 * continue after the copied ids. Refuses a target that holds any row, and names the table.
 * Triggers are off on each table while it is filled (derived tables are copied as they are), and
 * foreign keys stay checked: a row pointing nowhere stops the copy with its table named. All of it
 * is one transaction: nothing is left half-copied.
 */
export async function copySqliteToPostgres(
  sourcePath: string,
  target: PostgresStore,
  progress: CopyProgress = () => undefined,
): Promise<TableCopy[]> {
  const source = await RawSqlite.open(sourcePath, 'readonly');
  try {
    const sourceTables = (
      await source.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    )
      .map((r) => r.name)
      .filter((t) => !NOT_COPIED.has(t));
    const targetTables = new Set(
      (
        await target.query<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        )
      ).map((r) => r.name),
    );
    const missing = sourceTables.filter((t) => !targetTables.has(t));
    if (missing.length)
      throw new Error(`The target has no table ${missing.join(', ')}: run its migrations first (chorizaurio migrate run)`);
    for (const t of targetTables) {
      if (NOT_COPIED.has(t)) continue;
      if ((await target.query(`SELECT 1 FROM ${quote(t)} LIMIT 1`)).length > 0)
        throw new Error(`The target database is not empty: table ${t} has rows. Copy into a new, empty database.`);
    }
    const ordered = [
      ...COPY_ORDER.filter((t) => sourceTables.includes(t)),
      ...sourceTables.filter((t) => !(COPY_ORDER as readonly string[]).includes(t)),
    ];
    // ONE transaction for the whole copy and its verification: a failure, or a crash (kill -9)
    // at any moment, leaves the target without a single copied row, ready for another attempt.
    return await target.write(async () => {
      const results: TableCopy[] = [];
      for (const table of ordered) {
        const sourceCols = (await source.all<{ name: string; pk: number }>(`PRAGMA table_info(${quote(table)})`)).map((c) => ({
          name: c.name,
          pk: c.pk,
        }));
        const targetCols = new Set(
          (
            await target.query<{ name: string }>(
              'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?',
              [table],
            )
          ).map((r) => r.name),
        );
        const extra = sourceCols.filter((c) => !targetCols.has(c.name)).map((c) => c.name);
        if (extra.length) throw new Error(`Table ${table}: the target lacks column(s) ${extra.join(', ')}`);
        const columns = sourceCols.map((c) => c.name);
        const keys = sourceCols
          .filter((c) => c.pk > 0)
          .sort((a, b) => a.pk - b.pk)
          .map((c) => c.name);
        const order = (keys.length ? keys : columns).map(quote).join(', ');
        const total = Number((await source.all<{ n: number }>(`SELECT count(*) AS n FROM ${quote(table)}`))[0]!.n);
        const list = columns.map(quote).join(', ');
        const pages = (read: (offset: number) => Promise<Record<string, unknown>[]>) =>
          (async function* () {
            for (let offset = 0; ; offset += BATCH_ROWS) {
              const rows = await read(offset);
              if (rows.length) yield rows;
              if (rows.length < BATCH_ROWS) return;
            }
          })();
        const readSource = (offset: number) =>
          source.all<Record<string, unknown>>(`SELECT ${list} FROM ${quote(table)} ORDER BY ${order} LIMIT ${BATCH_ROWS} OFFSET ${offset}`);

        await target.write(async (m) => {
          await m.query(`ALTER TABLE ${quote(table)} DISABLE TRIGGER USER`);
          let copied = 0;
          for await (const rows of pages(readSource)) {
            const values = rows.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
            await m.query(
              `INSERT INTO ${quote(table)} (${list}) VALUES ${values}`,
              rows.flatMap((r) => columns.map((c) => canonical(r[c]))),
            );
            copied += rows.length;
            progress({ table, copied, total });
          }
          await m.query(`ALTER TABLE ${quote(table)} ENABLE TRIGGER USER`);
          // Identity columns go on after the highest copied id.
          const identity = await m.query(
            "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND is_identity = 'YES'",
            [table],
          );
          for (const { name } of identity as { name: string }[])
            await m.query(
              `SELECT setval(pg_get_serial_sequence(?, ?), GREATEST(COALESCE((SELECT MAX(${quote(name)}) FROM ${quote(table)}), 0), 1), ` +
                `(SELECT MAX(${quote(name)}) FROM ${quote(table)}) IS NOT NULL)`,
              [table, name],
            );
        });
        if (total === 0) progress({ table, copied: 0, total: 0 });
        const a = await checksum(pages(readSource), columns);
        const b = await checksum(
          pages((offset) => target.query(`SELECT ${list} FROM ${quote(table)} ORDER BY ${order} LIMIT ${BATCH_ROWS} OFFSET ${offset}`)),
          columns,
        );
        if (a.count !== b.count || a.hash !== b.hash)
          throw new Error(
            `Table ${table} did not arrive intact: ${a.count} rows (${a.hash.slice(0, 12)}) in the source, ${b.count} (${b.hash.slice(0, 12)}) in the target`,
          );
        results.push({ table, rows: a.count, sourceChecksum: a.hash, targetChecksum: b.hash });
      }
      return results;
    });
  } finally {
    await source.close();
  }
}
