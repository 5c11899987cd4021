import * as fs from 'node:fs';

/**
 * The backup and upload folders hold regular files only, and nothing in them is ever followed
 * through a link: a symlink planted there (say `ventas_20990101_000001.db` → the live database, or
 * an image name → /etc/passwd) is neither listed, adopted, served nor deleted through.
 */
export function isRegularFile(file: string): boolean {
  try {
    return fs.lstatSync(file).isFile();
  } catch {
    return false;
  }
}

/** Opens a regular file for reading without following a link; null for a link, a folder, or nothing. */
export function openRegularFile(file: string): number | null {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch {
    return null;
  }
  if (!fs.fstatSync(fd).isFile()) {
    fs.closeSync(fd);
    return null;
  }
  return fd;
}

/** A regular file's content, never through a link; null otherwise. */
export function readRegularFile(file: string): Buffer | null {
  const fd = openRegularFile(file);
  if (fd === null) return null;
  try {
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
