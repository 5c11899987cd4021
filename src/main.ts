/**
 * `npm start` (`node dist/src/main.js`): the production start. Runs the server from its bundle and
 * code cache (infrastructure/startup/server-bundle.ts: one file read and no compile instead of
 * some 1,500 module files) when the build made them from the modules in place; else, or with
 * SERVER_BUNDLE=false, from the compiled modules. Either way the same code starts.
 */
import * as path from 'node:path';
import { loadServerBundle } from './infrastructure/startup/server-bundle';
import type { StartedFrom } from './server';

type ServerModule = { start(from: StartedFrom): Promise<void> };

function load(): { server: ServerModule; from: StartedFrom } {
  // A boolean as every other (false or 0, any case); another value is refused by the configuration's check.
  const bundleOff = /^\s*(false|0)\s*$/i.test(process.env.SERVER_BUNDLE ?? '');
  if (bundleOff) return { server: modules(), from: { bundle: false, reason: `SERVER_BUNDLE=${process.env.SERVER_BUNDLE!.trim()}` } };
  const bundle = loadServerBundle(path.join(__dirname, '..'), path.join(__dirname, 'server.js'));
  if (!bundle.loaded) return { server: modules(), from: { bundle: false, reason: bundle.reason } };
  return { server: bundle.exports as ServerModule, from: { bundle: true, codeCache: bundle.codeCache } };
}

function modules(): ServerModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when the bundle is not used
  return require('./server') as ServerModule;
}

const { server, from } = load();
void server.start(from);
