import type { Context, Next } from 'koa';
import { errorBody } from './errors';
import type { Logger } from '../../application/shared/shared.ports';

/**
 * Serialized JSON responses kept per key until the database changes. The version is SQLite's
 * `data_version` (it moves on any commit, by this process or another), read before computing,
 * so an entry can only be newer than its version, never staler. Concurrent requests for the
 * same key and version share one computation: a screen polled by every till after a write
 * costs one query, not one per till.
 */
export class JsonResponseCache {
  private readonly entries = new Map<string, { version: number; json: Promise<Buffer> }>();

  constructor(
    private readonly dataVersion: () => Promise<number>,
    private readonly maxEntries = 64,
  ) {}

  async get(key: string, compute: () => Promise<unknown>): Promise<Buffer> {
    const version = await this.dataVersion();
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      this.entries.delete(key); // least recently used goes first
      this.entries.set(key, hit);
      return hit.json;
    }
    const entry = { version, json: compute().then((value) => Buffer.from(JSON.stringify(value))) };
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, entry);
    entry.json.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key); // a failure is not kept
    });
    return entry.json;
  }

  /** Answers from the cache: `ctx.body` is the stored bytes as application/json. */
  async respond(ctx: Context, key: string, compute: () => Promise<unknown>): Promise<void> {
    const json = await this.get(key, compute);
    ctx.type = 'application/json';
    ctx.body = json;
  }
}

/**
 * Serializes an object body once. Without it koa-compress reads `ctx.response.length`, which
 * JSON.stringifies the body only to measure it, and Koa then stringifies it again to send it.
 * Must run inside koa-compress (registered after it). A body that cannot be serialised is logged
 * like any other 500, with the request id.
 */
export const serializeJsonOnce =
  (logger: Pick<Logger, 'error'>) =>
  async (ctx: Context, next: Next): Promise<void> => {
    await next();
    const body: unknown = ctx.body;
    if (body === null || typeof body !== 'object' || Buffer.isBuffer(body) || typeof (body as { pipe?: unknown }).pipe === 'function')
      return;
    if (body instanceof Blob || body instanceof ReadableStream || body instanceof Response) return;
    try {
      ctx.body = JSON.stringify(body); // the Content-Type stays application/json (already set)
    } catch (e) {
      // A body that cannot be serialised (a bug): still a §0.2 answer with the request id, never
      // Koa's plain-text 500.
      const requestId = String(ctx.state.requestId ?? '');
      ctx.status = 500;
      ctx.body = JSON.stringify(errorBody(500, 'Internal server error', { request_id: requestId, details: null }));
      ctx.type = 'application/json';
      logger.error({ request_id: requestId, err: e, method: ctx.method, path: ctx.path }, 'the response body could not be serialised');
    }
  };
