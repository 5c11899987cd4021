import { HttpError, type ValidationDetail } from './http-error';

/** Deeper than any body the shop's screens send (an order is 4 levels); far below a stack overflow. */
export const MAX_BODY_DEPTH = 32;
/** Beyond 2^53 numbers stop being exact; 1e309 is Infinity once parsed. No field of the API needs more. */
const MAX_ABS_NUMBER = 1e15;

/** Fields that may hold line breaks and tabs (free text typed in a textarea). */
const MULTILINE_FIELDS = new Set([
  'notas',
  'descripcion',
  'direccion',
  'observaciones',
  'comentario',
  'comentarios',
  'detalles',
  'mensaje',
]);
/** Fields whose value is never trimmed, normalised nor echoed: passwords and tokens. */
export const isSecretField = (name: string): boolean => /pass|secret|token|clave/i.test(name);

// C0 controls and DEL (line breaks and tabs are decided per field), and C1 controls.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;
// A UTF-16 surrogate without its pair: not a character, and not storable as UTF-8.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const refuse = (field: string, message: string, value: unknown): HttpError =>
  new HttpError(422, 'Validation failed', [{ field, message, value: safeEchoValue(field, value) }]);

/**
 * Every parsed body (JSON or form) passes here before any route sees it, so no route can forget:
 * - nesting deeper than MAX_BODY_DEPTH is a 422 (walked without recursion);
 * - numbers beyond ±1e15 (and 1e309, which JSON.parse makes Infinity) are a 422;
 * - keys that would reach an object's prototype are a 422;
 * - strings that are not well-formed Unicode (or were not UTF-8: U+FFFD) or hold control characters are a 422 (line breaks
 *   and tabs only in free-text fields such as `notas`);
 * - other strings are normalised to NFC and trimmed — secrets (passwords) are left exactly as typed.
 * Returns the cleaned body (a new value; the input is not changed).
 */
export function cleanBody(body: unknown): unknown {
  type Frame = { value: unknown; field: string; key: string; depth: number; set: (v: unknown) => void };
  let result: unknown;
  const stack: Frame[] = [{ value: body, field: 'body', key: '', depth: 0, set: (v) => (result = v) }];
  while (stack.length) {
    const { value, field, key, depth, set } = stack.pop()!;
    if (depth > MAX_BODY_DEPTH) throw refuse('body', `El cuerpo está anidado demasiado profundo (máximo ${MAX_BODY_DEPTH} niveles)`, null);
    if (typeof value === 'string') {
      set(cleanString(value, field, key));
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value) || Math.abs(value) > MAX_ABS_NUMBER)
        throw refuse(field, `Número fuera de rango (como máximo ±${MAX_ABS_NUMBER})`, String(value));
      set(value);
    } else if (Array.isArray(value)) {
      const copy: unknown[] = new Array(value.length);
      set(copy);
      value.forEach((v, i) => stack.push({ value: v, field: `${field}.${i}`, key, depth: depth + 1, set: (c) => (copy[i] = c) }));
    } else if (value !== null && typeof value === 'object') {
      const copy: Record<string, unknown> = {};
      set(copy);
      for (const [k, v] of Object.entries(value)) {
        if (FORBIDDEN_KEYS.has(k)) throw refuse(`${field}.${k}`, 'Nombre de campo no permitido', null);
        if (CONTROL.test(k) || LINE_BREAK_OR_TAB.test(k) || !wellFormed(k))
          throw refuse(field, 'Nombre de campo con caracteres no válidos', null);
        stack.push({ value: v, field: `${field}.${k}`, key: k, depth: depth + 1, set: (c) => (copy[k] = c) });
      }
    } else {
      set(value);
    }
  }
  return result;
}

function cleanString(s: string, field: string, key: string): string {
  if (!wellFormed(s)) throw refuse(field, 'El texto no es Unicode válido', null);
  // U+FFFD is what bytes that are not UTF-8 decode to: the text was sent in another encoding.
  if (s.includes('\uFFFD')) throw refuse(field, 'El texto no es UTF-8 válido (¿se envió en otra codificación?)', null);
  if (CONTROL.test(s) || (!MULTILINE_FIELDS.has(key) && LINE_BREAK_OR_TAB.test(s) && !isSecretField(key))) {
    throw refuse(
      field,
      MULTILINE_FIELDS.has(key) ? 'El texto contiene caracteres de control' : 'El texto contiene caracteres de control o saltos de línea',
      null,
    );
  }
  if (isSecretField(key)) return s;
  return s.normalize('NFC').trim();
}

/** How long an echoed string may be. */
const ECHO_MAX = 100;

/**
 * The `value` a 422 may echo: never a secret's, strings clipped, and objects or arrays only when
 * small and shallow (else a short description) — an error body is never larger than the request
 * that caused it, and always serialisable.
 */
export function safeEchoValue(field: string, value: unknown): unknown {
  const last = field.split('.').pop() ?? '';
  if (isSecretField(last) || isSecretField(field)) return null;
  if (typeof value === 'string') return value.length > ECHO_MAX ? `${value.slice(0, ECHO_MAX)}…` : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === null || typeof value !== 'object') return value ?? null;
  if (shallowAndSmall(value, 2, 10)) {
    const json = JSON.stringify(value, (k, v) => (k && isSecretField(k) ? null : v));
    if (json.length <= 200) return JSON.parse(json) as unknown;
  }
  return Array.isArray(value) ? `<list of ${value.length}>` : '<object>';
}

function shallowAndSmall(value: object, maxDepth: number, maxItems: number): boolean {
  const stack: { v: unknown; d: number }[] = [{ v: value, d: 0 }];
  let items = 0;
  while (stack.length) {
    const { v, d } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d >= maxDepth) return false;
    const children = Object.values(v);
    items += children.length;
    if (items > maxItems) return false;
    for (const c of children) stack.push({ v: c, d: d + 1 });
  }
  return true;
}

/** Every echoed value of a 422's details made safe. */
export const safeDetails = (details: readonly ValidationDetail[]): ValidationDetail[] =>
  details.slice(0, 50).map((d) => ({ field: d.field, message: d.message, value: safeEchoValue(d.field, d.value) }));
