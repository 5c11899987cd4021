import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: { root: string | null; version: string } | null = null;

function find(): { root: string | null; version: string } {
  if (cached) return cached;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'chorizaurio-backend' && pkg.version) return (cached = { root: dir, version: pkg.version });
    }
    dir = path.dirname(dir);
  }
  return (cached = { root: null, version: '0.0.0' });
}

/** This package's version (recorded with migrations and backups, shown by /api/health). */
export function appVersion(): string {
  return find().version;
}

/** This package's folder (where package.json and public/ are), whether run from dist/ or elsewhere. */
export function packageRoot(): string {
  const root = find().root;
  if (!root) throw new Error('cannot find the chorizaurio-backend package.json above ' + __dirname);
  return root;
}
