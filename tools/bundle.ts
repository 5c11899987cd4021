/**
 * `npm run build`, after `tsc`: the production bundle and its code cache (#18 start-up; see
 * src/infrastructure/startup/server-bundle.ts). Made from the compiled modules (dist/src/server.js),
 * so the decorators' metadata are tsc's. The stamp is written last: a build that fails midway
 * leaves no stamp, and the server then runs from the modules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { BUNDLE_FILE, CODE_CACHE_FILE, STAMP_FILE, makeCodeCache, stampFor } from '../src/infrastructure/startup/server-bundle';

const DIST = path.resolve(__dirname, '..');
const ENTRY = path.join(DIST, 'src/server.js');

/**
 * Left to Node's loader at run time, from node_modules: native addons (sqlite3, bcrypt, sharp),
 * packages that read files that lie beside them (pdfkit's fonts, Swagger UI's pages), packages
 * loaded only when used (pg, ioredis, Sentry, ExcelJS, pdfkit, sharp), and TypeORM's optional
 * drivers for other databases (not installed; TypeORM asks for them by name only when chosen).
 */
export const EXTERNAL = [
  'sqlite3',
  'bcrypt',
  'sharp',
  'pdfkit',
  'swagger-ui-dist',
  'pg',
  'pg-native',
  'pg-query-stream',
  'ioredis',
  '@sentry/node',
  'exceljs',
  'mysql',
  'mysql2',
  'oracledb',
  'mssql',
  'mongodb',
  'redis',
  'better-sqlite3',
  'sql.js',
  '@sap/hana-client',
  '@sap/hana-client/extension/Stream',
  'hdb-pool',
  'typeorm-aurora-data-api-driver',
  'react-native-sqlite-storage',
  '@google-cloud/spanner',
  '@capacitor-community/sqlite',
  'expo-sqlite',
  'nativescript-sqlite',
];

/**
 * esbuild escapes every non-ASCII character of the code itself (charset ascii); what is left is in
 * comments (the sources' Spanish). Escaped as \uXXXX too, the file is ASCII: the server reads it
 * without decoding UTF-8 (server-bundle.ts). In a comment the escape changes nothing.
 */
function asciiOnly(file: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) fs.writeFileSync(file, ascii);
}

async function main(): Promise<void> {
  if (process.argv[2] === '--code-cache') {
    const bytes = makeCodeCache(DIST);
    process.stdout.write(`  code cache: ${(bytes / 1e6).toFixed(1)} MB\n`);
    process.exit(0);
  }
  const t0 = performance.now();
  for (const f of [STAMP_FILE, BUNDLE_FILE, CODE_CACHE_FILE]) fs.rmSync(path.join(DIST, f), { force: true });
  const result = await build({
    entryPoints: [ENTRY],
    outfile: path.join(DIST, BUNDLE_FILE),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: EXTERNAL,
    // Not minified: a stack trace's line is readable, and names the module in the comment above it.
    legalComments: 'none',
    charset: 'ascii',
    sourcemap: 'external',
    metafile: true,
    logLevel: 'warning',
  });
  if (result.errors.length) throw new Error('the bundle failed');
  // No import() in the bundle: it would fail once V8 runs it from the code cache (server-bundle.ts).
  const dynamic = Object.entries(result.metafile.inputs).flatMap(([file, input]) =>
    input.imports.filter((i) => i.kind === 'dynamic-import').map((i) => `${file} imports ${i.path}`),
  );
  if (dynamic.length) throw new Error(`import() is not allowed in the server (use a lazy require): ${dynamic.join('; ')}`);
  asciiOnly(path.join(DIST, BUNDLE_FILE));
  const bytes = fs.statSync(path.join(DIST, BUNDLE_FILE)).size;
  process.stdout.write(`server bundle: dist/${BUNDLE_FILE}, ${(bytes / 1e6).toFixed(1)} MB, ${Math.round(performance.now() - t0)} ms\n`);
  // The cache, in a process started as `npm start` starts the server (V8 refuses a cache made under other flags).
  execFileSync(process.execPath, [__filename, '--code-cache'], { stdio: 'inherit' });
  fs.writeFileSync(path.join(DIST, STAMP_FILE), JSON.stringify(stampFor(ENTRY)) + '\n');
}

if (require.main === module)
  main().catch((e: unknown) => {
    process.stderr.write(`bundle: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
