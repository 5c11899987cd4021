import type Router from '@koa/router';
import * as fs from 'node:fs';
import * as path from 'node:path';
// The package's folder only: its index evaluates the whole Swagger UI browser bundle in Node
// (about 0.3 s of start-up and tens of MB of heap) to export two objects this server never uses.
import getAbsoluteFSPath from 'swagger-ui-dist/absolute-path.js';
import { routesOf } from '../app';
import { HttpError } from '../http-error';
import { buildOpenApiDocument } from './openapi-document';
import { ROUTE_DOCS } from './route-docs';

/** Swagger UI's files this page needs, read once from the swagger-ui-dist package (never a path from the request). */
const SWAGGER_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const INIT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: false });
});
`;

const PAGE = `<!doctype html>
<html lang="es">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Chorizaurio API — documentación</title>
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

/**
 * GET /openapi.json (built from the router's routes and their validation classes) and the
 * interactive documentation at /docs (Swagger UI, served from this package: no CDN), as the
 * original serves them outside production.
 */
export function registerDocsRoutes(router: Router, settings: { version: string; environment: string }): void {
  let cached: object | null = null;
  // Read on first request (1.5 MB the server does not hold unless someone opens /docs).
  const assets = new Map<string, Buffer>([['init.js', Buffer.from(INIT)]]);
  const asset = (name: string): Buffer | undefined => {
    if (!assets.has(name) && Object.hasOwn(SWAGGER_ASSETS, name)) assets.set(name, fs.readFileSync(path.join(getAbsoluteFSPath(), name)));
    return assets.get(name);
  };

  router.get('/openapi.json', (ctx) => {
    // Built on first use, when every route group has registered its routes.
    cached ??= buildOpenApiDocument(routesOf(router), ROUTE_DOCS, settings).document;
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = cached;
  });
  router.get('/docs', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = PAGE;
  });
  router.get('/docs/:asset', (ctx) => {
    const name = String(ctx.params.asset ?? '');
    const body = asset(name);
    if (!body) throw new HttpError(404, `No such documentation file: ${name.slice(0, 60)}`);
    ctx.type = name === 'init.js' ? 'application/javascript; charset=utf-8' : SWAGGER_ASSETS[name]!;
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = body;
  });
}
