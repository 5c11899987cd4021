import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/temp';
import { LAZY } from '../support/lazy-modules';

/**
 * Start-up cost (#18): the heavy modules a request rarely needs are loaded when first used, not at
 * start. Building the whole app (container, every route) on the embedded SQLite database must load
 * none of them; each cost tens to hundreds of milliseconds and megabytes (measured with a
 * require-time hook: swagger-ui-dist's index 290 ms, exceljs 200 ms, pdfkit 65 ms, ioredis 45 ms).
 */

describe('architecture: heavy modules load on first use, not at start-up', () => {
  it('building the app on SQLite loads none of them', () => {
    const script = `
      require('reflect-metadata');
      const path = require('node:path');
      const { SqliteStore } = require('./dist/src/infrastructure/persistence/data-source');
      const { parseConfig } = require('./dist/src/infrastructure/config/env-config');
      const { createLogger } = require('./dist/src/infrastructure/logging/logger');
      const { createContainer, buildHttpApp } = require('./dist/src/container');
      (async () => {
        const dir = require('node:fs').mkdtempSync(path.join(require('node:os').tmpdir(), 'lazy-'));
        const parsed = parseConfig({ DATA_DIR: dir }, dir);
        const store = await SqliteStore.open(path.join(dir, 'ventas.db'));
        const c = createContainer({ config: parsed.config, store, logger: createLogger('silent'), secretKey: 'k'.repeat(40) });
        buildHttpApp(c).close();
        await store.close();
        process.stdout.write(JSON.stringify(Object.keys(require.cache)));
      })();`;
    const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8' })) as string[];
    const modules = path.join(REPO_ROOT, 'node_modules') + path.sep;
    const present = LAZY.filter((m) => loaded.some((f) => f.startsWith(modules + m + (m.endsWith('.js') ? '' : path.sep))));
    expect(present).to.deep.equal([]);
    // The check sees what it looks for: the app's own dependencies are in the list.
    expect(loaded.some((f) => f.startsWith(`${modules}koa${path.sep}`))).to.equal(true);
  });
});
