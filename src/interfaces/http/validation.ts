import { validate, type ValidationError } from 'class-validator';
import type { Context } from 'koa';
import { HttpError, type ValidationDetail } from './errors';

type Body = Record<string, unknown>;

const isForm = (ctx: Context): boolean => ctx.is('application/x-www-form-urlencoded', 'multipart/form-data') !== false;
const isJson = (ctx: Context): boolean => ctx.is('application/json', '+json') !== false;

/**
 * A form body (urlencoded or multipart), as the original reads forms: empty strings count as
 * missing, a repeated field keeps its first value. A JSON body where a form is expected is a 422,
 * as with the original.
 */
export function formBody(ctx: Context): Body {
  if (!isForm(ctx)) {
    throw validationError([
      { field: 'body', message: 'Se esperaba un formulario (application/x-www-form-urlencoded o multipart/form-data)', value: null },
    ]);
  }
  const raw = (ctx.request.body ?? {}) as Body;
  const out: Body = {};
  for (const [k, v] of Object.entries(raw)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== '' && value !== undefined && value !== null) out[k] = value;
  }
  return out;
}

/** A JSON object body. A form or any other type where JSON is expected: 415 saying so. */
export function jsonBody(ctx: Context): Body {
  if (!isJson(ctx)) throw new HttpError(415, 'Este endpoint espera un cuerpo JSON (Content-Type: application/json)');
  const body = ctx.request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationError([{ field: 'body', message: 'Se esperaba un objeto JSON', value: body ?? null }]);
  }
  return body as Body;
}

/** Pydantic's lax booleans: true/false, 1/0 and their strings. Anything else stays as is (and fails). */
export function laxBoolean(value: unknown): unknown {
  if (value === 1 || value === '1' || value === 'true' || value === 'True') return true;
  if (value === 0 || value === '0' || value === 'false' || value === 'False') return false;
  return value;
}

/**
 * Validates `body` against a class-validator class, keeping only its declared fields (unknown
 * fields are ignored, as the original did). Failures are a 422 listing every field.
 */
export async function validated<T extends object>(Cls: new () => T, body: Body, prefix = 'body'): Promise<T> {
  const instance = Object.assign(new Cls(), body);
  const errors = await validate(instance, { whitelist: true, forbidUnknownValues: true, validationError: { target: false } });
  if (errors.length > 0) throw validationError(flatten(errors, prefix));
  return instance;
}

function flatten(errors: ValidationError[], prefix: string): ValidationDetail[] {
  return errors.flatMap((e) => {
    const field = `${prefix}.${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message, value: e.value }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

// Echoed values are made safe (clipped, never a secret's) in one place, when the error is answered: input-hygiene.ts.

/** A JSON array of objects, each validated as `Cls` (errors name `body.<field>.<i>`); null when absent. At most `max` elements. */
export async function validatedList<T extends object>(Cls: new () => T, value: unknown, field: string, max = 500): Promise<T[] | null> {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw validationError([{ field: `body.${field}`, message: 'Input should be a valid list', value }]);
  if (value.length > max) throw validationError([{ field: `body.${field}`, message: `Como máximo ${max} elementos`, value: value.length }]);
  const out: T[] = [];
  for (const [i, v] of value.entries()) {
    if (!v || typeof v !== 'object' || Array.isArray(v))
      throw validationError([{ field: `body.${field}.${i}`, message: 'Se esperaba un objeto', value: v }]);
    out.push(await validated(Cls, v as Record<string, unknown>, `body.${field}.${i}`));
  }
  return out;
}

export function validationError(details: ValidationDetail[]): HttpError {
  return new HttpError(422, 'Validation failed', details);
}

/**
 * A path id: a positive integer that fits in SQLite, else 422 naming `path.<label>` — the
 * original's parameter name where it differs from the route's (`path.cliente_id`).
 */
export function pathId(ctx: Context, name = 'id', label = name): number {
  const raw = String((ctx.params as Record<string, string>)[name] ?? '');
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1) {
    throw validationError([{ field: `path.${label}`, message: 'Input should be a valid positive integer', value: raw }]);
  }
  return Number(raw);
}

/** An integer query parameter within [min, max]; null when absent or empty; else 422. */
export const queryInt = (ctx: Context, name: string, min: number, max: number): number | null => {
  const raw = ctx.query[name];
  if (raw === undefined || raw === '') return null;
  const s = Array.isArray(raw) ? raw[0]! : raw;
  if (!/^-?\d{1,10}$/.test(s) || Number(s) < min || Number(s) > max) {
    throw validationError([{ field: `query.${name}`, message: `Input should be an integer from ${min} to ${max}`, value: s }]);
  }
  return Number(s);
};

/** A string query parameter of at most `max` characters; null when absent or empty. */
export const queryString = (ctx: Context, name: string, max = 200): string | null => {
  const raw = ctx.query[name];
  const s = Array.isArray(raw) ? raw[0] : raw;
  if (s === undefined || s === '') return null;
  if (s.length > max) throw validationError([{ field: `query.${name}`, message: `At most ${max} characters`, value: s.slice(0, 50) }]);
  return s;
};

/** A boolean query parameter in the usual spellings (true/false/1/0/yes/no/on/off); else 422. */
export const queryBool = (ctx: Context, name: string, fallback: boolean): boolean => {
  const s = queryString(ctx, name, 10);
  if (s === null) return fallback;
  const v = s.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw validationError([{ field: `query.${name}`, message: 'Input should be a valid boolean', value: s }]);
};
