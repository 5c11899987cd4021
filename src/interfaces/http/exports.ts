import { stringify } from 'csv-stringify';
import { PassThrough, Readable } from 'node:stream';
import type { Context } from 'koa';

/** A value that a spreadsheet would run as a formula gets a leading quote (formula-injection guard). */
export const guardFormula = (value: unknown): unknown => (typeof value === 'string' && /^[=+\-@\t\r\n]/.test(value) ? `'${value}` : value);

/**
 * `attachment; filename=…` kept ASCII and unquoted (the frontend copies quotes into the name),
 * plus RFC 5987 `filename*` when the name is not ASCII.
 */
export function attachment(name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_');
  return ascii === name ? `attachment; filename=${name}` : `attachment; filename=${ascii}; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Streams rows as CSV: `;` or `,` separated, optional UTF-8 BOM, every value formula-guarded.
 * Rows are pulled from the async iterable as the client reads, so memory stays flat.
 */
export function sendCsv(
  ctx: Context,
  filename: string,
  header: string[],
  rows: AsyncIterable<unknown[]>,
  options: { delimiter: ';' | ','; bom: boolean; quoted: boolean; recordDelimiter: '\n' | '\r\n' },
): void {
  const csv = stringify({
    delimiter: options.delimiter,
    quoted_string: options.quoted,
    record_delimiter: options.recordDelimiter === '\n' ? 'unix' : 'windows',
    cast: { number: (n) => String(n) },
  });
  const source = Readable.from(
    (async function* () {
      for await (const row of rows) yield row.map((v) => (v === null || v === undefined ? '' : guardFormula(v)));
    })(),
    { objectMode: true },
  );
  const out = new PassThrough();
  // The header line as the original wrote it: plain names, BOM first when asked.
  out.write(`${options.bom ? '\ufeff' : ''}${header.join(options.delimiter)}${options.recordDelimiter}`);
  source.on('error', (e) => out.destroy(e));
  source.pipe(csv).pipe(out);
  ctx.set('Content-Type', 'text/csv; charset=utf-8');
  ctx.set('Content-Disposition', attachment(filename));
  ctx.body = out;
}
