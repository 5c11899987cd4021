import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import Module from 'node:module';
import { isAscii } from 'node:buffer';

/**
 * The production start-up (#18): the server and the packages it loads at start, in one file made at
 * build time (`npm run build`, tools/bundle.ts), with V8's compiled code for it beside it.
 *
 * What it saves: resolving and reading some 1,500 module files and compiling them again at every
 * start. The code cache is made at build time by running the bundle's module bodies (its entry
 * only exports `start`; nothing starts, nothing is written but the cache) and is only ever read at
 * run time: a start never writes anything here. V8 checks the cache against the source, its own
 * version and its flags; a cache it rejects costs nothing but the compile it would have saved.
 *
 * The bundle is used only when it was made from the compiled modules in place (the stamp names the
 * size and modification time of dist/src/server.js, which every `tsc` run rewrites, seconds before
 * the bundle is made from it): after a bare `tsc`, the server runs from the modules rather than
 * from older code.
 *
 * The packages loaded on first use are loaded with require(), never import(): on Node 20 a function
 * V8 takes from a code cache has lost the script's import() loader (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING
 * on the first PDF), so the bundle must contain no import() of its own (tools/bundle.ts refuses one).
 */
export const BUNDLE_FILE = 'server.bundle.js';
export const CODE_CACHE_FILE = 'server.bundle.cache';
export const STAMP_FILE = 'server.bundle.json';

export interface BundleStamp {
  /**
   * The compiled entry the bundle was made from: its size and modification time then, in whole
   * seconds (a copy that keeps times, as `cp -p` or an image's COPY, may not keep their fractions).
   */
  readonly builtFrom: { readonly size: number; readonly mtimeS: number };
}

export type CodeCacheOutcome = 'accepted' | 'rejected' | 'none';

export type BundleLoad =
  | { readonly loaded: true; readonly exports: unknown; readonly codeCache: CodeCacheOutcome }
  | { readonly loaded: false; readonly reason: string };

/** The stamp for a bundle made from `entry` now. */
export function stampFor(entry: string): BundleStamp {
  const st = fs.statSync(entry);
  return { builtFrom: { size: st.size, mtimeS: Math.floor(st.mtimeMs / 1000) } };
}

/**
 * Loads the bundle in `dir` (dist/) when it was made from `entry` (dist/src/server.js) as it is
 * now; else says why not, and the caller loads the modules instead.
 */
export function loadServerBundle(dir: string, entry: string): BundleLoad {
  const bundle = path.join(dir, BUNDLE_FILE);
  let stamp: BundleStamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(dir, STAMP_FILE), 'utf8')) as BundleStamp;
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return { loaded: false, reason: `no bundle: ${path.join(dir, STAMP_FILE)} ${why} (npm run build makes it)` };
  }
  let now: BundleStamp;
  try {
    now = stampFor(entry);
  } catch {
    return { loaded: false, reason: `${entry} is missing` };
  }
  if (!fs.existsSync(bundle)) return { loaded: false, reason: `no bundle: ${bundle} is missing (npm run build makes it)` };
  if (stamp.builtFrom?.size !== now.builtFrom.size || stamp.builtFrom?.mtimeS !== now.builtFrom.mtimeS)
    return { loaded: false, reason: 'the bundle is older than the compiled modules (npm run build remakes it)' };
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(path.join(dir, CODE_CACHE_FILE));
  } catch {
    cachedData = undefined;
  }
  let script: vm.Script;
  try {
    script = compile(bundle, cachedData);
  } catch (e) {
    // A damaged file (a disk fault since the build): the modules still start the same server.
    return { loaded: false, reason: `the bundle cannot be compiled (${(e as Error).message}; npm run build remakes it)` };
  }
  const codeCache: CodeCacheOutcome = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted';
  return { loaded: true, exports: run(script, bundle), codeCache };
}

/**
 * Build time, in a process of its own started with the production start's flags: runs the
 * bundle's module bodies and keeps V8's code for every function compiled meanwhile (a temporary
 * file, renamed into place). Returns the cache's size in bytes.
 */
export function makeCodeCache(dir: string): number {
  const bundle = path.join(dir, BUNDLE_FILE);
  const script = compile(bundle, undefined);
  run(script, bundle);
  const data = script.createCachedData();
  const target = path.join(dir, CODE_CACHE_FILE);
  const temp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temp, data);
  fs.renameSync(temp, target);
  return data.length;
}

function compile(file: string, cachedData: Buffer | undefined): vm.Script {
  // The build writes the bundle in ASCII (tools/bundle.ts), which reads as Latin-1 without UTF-8's
  // decoding (a fifth of the time for 8 MB); any other file is read as UTF-8.
  const bytes = fs.readFileSync(file);
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  return new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData,
  });
}

/** Runs a CommonJS file's compiled wrapper as Node's loader would, and returns its exports. */
function run(script: vm.Script, file: string): unknown {
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: Module,
    filename: string,
    dirname: string,
  ) => void;
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  const req = Module.createRequire(file);
  wrapper.call(mod.exports, mod.exports, req, mod, file, path.dirname(file));
  mod.loaded = true;
  return mod.exports;
}
