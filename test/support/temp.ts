import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const created: string[] = [];

/** A fresh directory under the OS temp folder, removed after the run. */
export function tempDir(prefix = 'chorizaurio-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Copies a fixture into `dir` (tests never touch the file in place) and returns the copy's path. */
export function copyFixture(name: string, dir: string, as = name): string {
  const target = path.join(dir, as);
  fs.copyFileSync(path.join(FIXTURES, name), target);
  fs.chmodSync(target, 0o644);
  return target;
}

after(() => {
  for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
});
