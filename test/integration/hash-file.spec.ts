import { expect } from 'chai';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hashFile } from '../../src/infrastructure/backups/backup-folder';
import { tempDir } from '../support/temp';

/** A backup's hashes, made on a thread of their own (#18): the same digests, and errors that say what failed. */
describe('integration: hashing a backup file', () => {
  it('gives the SHA-256 and MD5 of the whole file, across read boundaries and for an empty file', async () => {
    const dir = tempDir('hash-');
    for (const size of [0, 1, (1 << 20) - 1, 1 << 20, (3 << 20) + 12345]) {
      const file = path.join(dir, `f${size}`);
      const bytes = Buffer.alloc(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 11)) & 0xff;
      fs.writeFileSync(file, bytes);
      expect(await hashFile(file), `size ${size}`).to.deep.equal({
        sha256: createHash('sha256').update(bytes).digest('hex'),
        md5: createHash('md5').update(bytes).digest('hex'),
      });
    }
  });

  it('rejects with the file system error for a missing file or a folder', async () => {
    const dir = tempDir('hash-');
    const missing = await hashFile(path.join(dir, 'nope')).then(
      () => null,
      (e: NodeJS.ErrnoException) => e,
    );
    expect(missing?.code).to.equal('ENOENT');
    const folder = await hashFile(dir).then(
      () => null,
      (e: NodeJS.ErrnoException) => e,
    );
    expect(folder?.code).to.equal('EISDIR');
  });

  it('hashes on a thread of its own, not on the event loop that serves requests', async () => {
    const file = path.join(tempDir('hash-'), 'f');
    fs.writeFileSync(file, 'pedidos');
    const expected = createHash('md5').update('pedidos').digest('hex');
    // This thread's hashing is broken for the duration: the digests must come from elsewhere.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object itself, to patch it
    const crypto = require('node:crypto') as { createHash: typeof createHash };
    const original = crypto.createHash;
    crypto.createHash = () => {
      throw new Error('hashed on the event loop');
    };
    try {
      expect((await hashFile(file)).md5).to.equal(expected);
    } finally {
      crypto.createHash = original;
    }
  });

  it('hashes several files at once, each its own', async () => {
    const dir = tempDir('hash-');
    const files = ['a', 'b', 'c', 'd'].map((n) => {
      const file = path.join(dir, n);
      fs.writeFileSync(file, n.repeat(100_000));
      return file;
    });
    const all = await Promise.all(files.map(hashFile));
    expect(all.map((h) => h.sha256)).to.deep.equal(files.map((f) => createHash('sha256').update(fs.readFileSync(f)).digest('hex')));
  });
});
