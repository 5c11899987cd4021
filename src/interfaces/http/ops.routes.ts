import type Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HttpError } from './http-error';

/** The console's files: a fixed list, read once at start-up (never a path taken from the request). */
const FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'ops.js': 'application/javascript; charset=utf-8',
  'ops.css': 'text/css; charset=utf-8',
};

/**
 * Scripts and styles only from this origin, no inline script, not framable: the page holds an
 * admin's token, so nothing else may run in it.
 */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/**
 * The operations console at /ops: a static page that signs the admin in with POST /api/login
 * and then uses the admin API (health, backups, restore with preview and rollback, migrations,
 * audit log). The page itself is public; everything it shows needs an admin's token.
 */
export function registerOpsRoutes(router: Router, settings: { assetsDir: string }): void {
  const files = new Map(Object.keys(FILES).map((name) => [name, fs.readFileSync(path.join(settings.assetsDir, name))]));
  const send = (ctx: RouterContext, name: string) => {
    ctx.set('Content-Security-Policy', CSP);
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = FILES[name]!;
    ctx.body = files.get(name)!;
  };
  router.get('/ops', (ctx) => send(ctx, 'index.html'));
  router.get('/ops/:asset', (ctx) => {
    const name = String(ctx.params.asset ?? '');
    if (name === 'index.html' || !files.has(name)) throw new HttpError(404, `No such console file: ${name.slice(0, 60)}`);
    send(ctx, name);
  });
}
