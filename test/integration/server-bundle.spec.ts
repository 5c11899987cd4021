import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { isAscii } from 'node:buffer';
import * as path from 'node:path';
import {
  BUNDLE_FILE,
  CODE_CACHE_FILE,
  STAMP_FILE,
  loadServerBundle,
  makeCodeCache,
  stampFor,
} from '../../src/infrastructure/startup/server-bundle';
import { EXTERNAL } from '../../tools/bundle';
import { LAZY } from '../support/lazy-modules';
import { REPO_ROOT, tempDir } from '../support/temp';

/**
 * The production start's bundle loader (#18 start-up), on real files: a bundle is used only when it
 * was made from the modules in place, a cache V8 refuses costs nothing but time, and making the
 * cache never leaves a half-written file.
 */
describe('integration: the server bundle and its code cache', () => {
  let dir: string;
  let entry: string;
  beforeEach(() => {
    dir = tempDir('bundle-');
    entry = path.join(dir, 'server.js');
    fs.writeFileSync(entry, '// the compiled entry\n');
    // A CommonJS file as esbuild writes it: its own exports, node_modules reachable through require.
    fs.writeFileSync(
      path.join(dir, BUNDLE_FILE),
      `const path = require('node:path');
       function twice(n) { return n * 2; }
       exports.start = () => twice(21);
       exports.where = { filename: __filename, dirname: __dirname, resolvable: typeof require.resolve };
       exports.self = module.exports === exports;`,
    );
  });
  const stamp = () => fs.writeFileSync(path.join(dir, STAMP_FILE), JSON.stringify(stampFor(entry)));

  it('loads the bundle with the cache made for it (accepted) and runs it as Node would', () => {
    stamp();
    expect(makeCodeCache(dir)).to.be.greaterThan(0);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);
    const loaded = loadServerBundle(dir, entry);
    expect(loaded.loaded).to.equal(true);
    if (!loaded.loaded) return;
    expect(loaded.codeCache).to.equal('accepted');
    const exports = loaded.exports as { start(): number; where: Record<string, string>; self: boolean };
    expect(exports.start()).to.equal(42);
    expect(exports.where).to.deep.equal({ filename: path.join(dir, BUNDLE_FILE), dirname: dir, resolvable: 'function' });
    expect(exports.self).to.equal(true);
  });

  it('a damaged or foreign cache is rejected by V8 and the bundle still runs', () => {
    stamp();
    fs.writeFileSync(path.join(dir, CODE_CACHE_FILE), Buffer.alloc(4096, 7));
    const loaded = loadServerBundle(dir, entry);
    expect(loaded).to.include({ loaded: true, codeCache: 'rejected' });
    // The cache of another source (the bundle changed since) is refused too.
    makeCodeCache(dir);
    fs.appendFileSync(path.join(dir, BUNDLE_FILE), '\nexports.more = 1;');
    const changed = loadServerBundle(dir, entry);
    expect(changed).to.include({ loaded: true, codeCache: 'rejected' });
    expect((changed as { exports: { more: number } }).exports.more).to.equal(1);
  });

  it('reads an ASCII bundle as Latin-1 and any other as UTF-8: the text is the same either way', () => {
    fs.appendFileSync(path.join(dir, BUNDLE_FILE), `\nexports.word = ${JSON.stringify('ñandú — 5 €')};`);
    stamp();
    expect((loadServerBundle(dir, entry) as { exports: { word: string } }).exports.word).to.equal('ñandú — 5 €');
  });

  it('no cache: the bundle runs uncached', () => {
    stamp();
    expect(loadServerBundle(dir, entry)).to.include({ loaded: true, codeCache: 'none' });
  });

  it('is not used when the modules were compiled after it (a bare tsc), when damaged, nor without its stamp or file', () => {
    expect(loadServerBundle(dir, entry)).to.deep.equal({
      loaded: false,
      reason: `no bundle: ${path.join(dir, STAMP_FILE)} ENOENT (npm run build makes it)`,
    });
    stamp();
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(entry, later, later);
    expect(loadServerBundle(dir, entry)).to.deep.equal({
      loaded: false,
      reason: 'the bundle is older than the compiled modules (npm run build remakes it)',
    });
    // Damaged since the build (cut short): the modules start instead.
    stamp();
    const whole = fs.readFileSync(path.join(dir, BUNDLE_FILE), 'utf8');
    fs.writeFileSync(path.join(dir, BUNDLE_FILE), whole.slice(0, whole.indexOf('return n * 2;')));
    const damaged = loadServerBundle(dir, entry);
    expect(damaged.loaded).to.equal(false);
    expect((damaged as { reason: string }).reason).to.match(/^the bundle cannot be compiled \(.+; npm run build remakes it\)$/);
    stamp();
    fs.rmSync(path.join(dir, BUNDLE_FILE));
    expect(loadServerBundle(dir, entry)).to.deep.equal({
      loaded: false,
      reason: `no bundle: ${path.join(dir, BUNDLE_FILE)} is missing (npm run build makes it)`,
    });
  });

  it('the build made a bundle from the modules in place, and V8 takes its cache in a plain node process', () => {
    const dist = path.join(REPO_ROOT, 'dist');
    // A script file of its own, as main.js is (some packages read require.main).
    const script = path.join(tempDir('bundle-load-'), 'load.js');
    fs.writeFileSync(
      script,
      `const b = require(${JSON.stringify(path.join(dist, 'src/infrastructure/startup/server-bundle.js'))});
       const r = b.loadServerBundle(${JSON.stringify(dist)}, ${JSON.stringify(path.join(dist, 'src/server.js'))});
       process.stdout.write(JSON.stringify({ loaded: r.loaded, codeCache: r.codeCache, start: typeof (r.exports && r.exports.start) }));
       process.exit(0);`,
    );
    const out = execFileSync(process.execPath, [script], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(JSON.parse(out)).to.deep.equal({ loaded: true, codeCache: 'accepted', start: 'function' });
    // ASCII only (the fast read), and still the shop's words where the code has them.
    const bundle = fs.readFileSync(path.join(dist, BUNDLE_FILE));
    expect(isAscii(bundle)).to.equal(true);
    expect(bundle.toString('latin1')).to.contain('"La contrase\\xF1a debe tener al menos 8 caracteres"');
  });

  it('leaves out of the bundle every module the server loads only on first use', () => {
    // The list the start-up test checks (test/architecture/lazy-modules.spec.ts): bundled, they would be read at every start.
    // Each is left outside by name, or lies under a package that is (fontkit under pdfkit).
    const packageOf = (m: string) => (m.startsWith('@') ? m.split('/').slice(0, 2) : m.split('/').slice(0, 1)).join('/');
    const outside = LAZY.map(packageOf).filter((m) => m !== 'fontkit');
    expect(outside.filter((m) => !EXTERNAL.includes(m))).to.deep.equal([]);
    const bundle = fs.readFileSync(path.join(REPO_ROOT, 'dist', BUNDLE_FILE), 'utf8');
    for (const m of LAZY.map(packageOf)) expect(bundle, m).not.to.contain(`node_modules/${m}/`);
    // The bundle does hold what every start loads.
    for (const m of ['koa', 'typeorm', 'class-validator', 'inversify']) expect(bundle, m).to.contain(`node_modules/${m}/`);
  });
});
