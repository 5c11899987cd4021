import { koaBody, HttpMethodEnum } from 'koa-body';
import type { Context, Middleware } from 'koa';
import type { File } from 'formidable';
import { HttpError } from './errors';
import { validationError } from './validation';
import { cleanBody } from './input-hygiene';

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * JSON, urlencoded and multipart bodies (koa-body: co-body and formidable). Multipart here carries
 * form fields only; endpoints that accept files mount their own parser with their own limits.
 * Parse failures become clear 4xx errors, never 500s.
 */
export function bodyParser(options: { skipPaths: readonly string[] }): Middleware {
  const parse = koaBody({
    json: true,
    jsonStrict: true,
    urlencoded: true,
    multipart: true,
    text: false,
    jsonLimit: MAX_BODY_BYTES,
    formLimit: MAX_BODY_BYTES,
    parsedMethods: [HttpMethodEnum.POST, HttpMethodEnum.PUT, HttpMethodEnum.PATCH, HttpMethodEnum.DELETE],
    // File parts are dropped unread into storage (as the original ignored unknown fields).
    formidable: { maxFields: 200, maxFieldsSize: MAX_BODY_BYTES, filter: () => false },
    onError: (error: Error) => {
      throw translateParseError(error);
    },
  });
  return async (ctx, next) => {
    // File uploads mount their own parser with their own limits.
    if (options.skipPaths.includes(ctx.path)) return next();
    // Refuse a declared oversize body before reading a byte of it.
    if ((ctx.request.length ?? 0) > MAX_BODY_BYTES) throw tooLarge();
    // Bodies are read as UTF-8 (as the shop's screens send them); another declared charset would
    // be decoded wrongly and stored garbled, so it is refused rather than guessed at.
    const charset = ctx.request.charset;
    if (charset && !/^utf-?8$/i.test(charset))
      throw new HttpError(415, `Codificación no soportada: ${charset.slice(0, 40)}; envíe el cuerpo en UTF-8`);
    await parse(ctx, () => {
      if (ctx.request.body !== undefined) ctx.request.body = cleanBody(ctx.request.body) as typeof ctx.request.body;
      return next();
    });
  };
}

/** The one file sent in the multipart field `file` (after an upload parser ran); 422 when there is none. */
export function uploadedFile(ctx: Context): File {
  const files = ctx.request.files?.file;
  const file = Array.isArray(files) ? files[0] : files;
  if (!file) throw validationError([{ field: 'body.file', message: 'Field required', value: null }]);
  return file;
}

const tooLarge = (): HttpError =>
  new HttpError(413, `El cuerpo de la solicitud es demasiado grande (máximo ${MAX_BODY_BYTES / 1024 / 1024} MB)`);

function translateParseError(error: Error): HttpError {
  const e = error as Error & { status?: number; httpCode?: number; type?: string; code?: number };
  const status = e.status ?? e.httpCode;
  if (status === 413 || e.type === 'entity.too.large' || /maxFieldsSize|maxTotalFileSize|exceeded/i.test(e.message)) return tooLarge();
  if (status === 415 || e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') {
    return new HttpError(415, `Codificación no soportada: ${e.message}`);
  }
  if (e.type === 'entity.parse.failed' || e instanceof SyntaxError) {
    return new HttpError(422, 'JSON inválido en el cuerpo de la solicitud', [
      { field: 'body', message: `JSON decode error: ${e.message}`, value: null },
    ]);
  }
  return new HttpError(status && status >= 400 && status < 500 ? status : 400, `Cuerpo de la solicitud inválido: ${e.message}`);
}
