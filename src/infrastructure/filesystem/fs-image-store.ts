import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { isRegularFile, readRegularFile } from './regular-files';
import type { ImageStore } from '../../application/catalog/catalog.ports';

const CONTENT_TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.png': 'image/png', '.gif': 'image/gif', '.webp': 'image/webp' };
/** The only names this store ever writes: a SHA-256 prefix and a known extension. */
const NAME = /^[0-9a-f]{32}\.(jpg|png|gif|webp)$/;

/** Images under UPLOADS_DIR, named by content: the same image uploaded twice is stored once. */
export class FsImageStore implements ImageStore {
  constructor(private readonly dir: string) {}

  async save(bytes: Buffer, extension: string): Promise<string> {
    const name = `${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}${extension}`;
    const target = path.join(this.dir, name);
    await fs.mkdir(this.dir, { recursive: true });
    // Already stored (named by content); anything else at that name — a link, a folder — is
    // replaced by the rename, never written through.
    if (isRegularFile(target)) return name;
    const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
    const handle = await fs.open(tmp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, target);
    return name;
  }

  async read(name: string): Promise<{ bytes: Buffer; contentType: string } | null> {
    if (!NAME.test(name)) return null;
    try {
      const bytes = readRegularFile(path.join(this.dir, name));
      return bytes ? { bytes, contentType: CONTENT_TYPES[path.extname(name)]! } : null;
    } catch {
      return null;
    }
  }
}
