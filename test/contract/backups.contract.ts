import { expect } from 'chai';
import { createHash } from 'node:crypto';
import type { BackupMaker, BackupStore } from '../../src/application/backups/backups.ports';
import type { FixedClock } from '../fakes/in-memory-auth';

export interface BackupSubject {
  readonly maker: BackupMaker;
  readonly store: BackupStore;
  readonly clock: FixedClock;
  /** Makes the next snapshot fail verification. */
  breakNextSnapshot(): Promise<void>;
  /** Flips one byte of a stored backup (bit rot), keeping its size. */
  rot(filename: string): Promise<void>;
  close(): Promise<void>;
}

const read = async (stream: AsyncIterable<Uint8Array>) => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
};

export function backupContract(name: string, make: () => Promise<BackupSubject>): void {
  describe(`BackupMaker + BackupStore contract: ${name}`, () => {
    let s: BackupSubject;
    beforeEach(async () => (s = await make()));
    afterEach(async () => s.close());

    it('re-verification: a sound backup passes; a rotted one is named, taken out of the list and reported, never deleted', async () => {
      const a = await s.maker.make({ kind: 'manual', trigger: 't', fullCheck: false });
      s.clock.advance({ seconds: 1 });
      const b = await s.maker.make({ kind: 'manual', trigger: 't', fullCheck: false });
      expect(await s.store.reverify(a.filename)).to.equal(null);
      await s.rot(a.filename);
      expect(await s.store.reverify(a.filename)).to.match(/SHA-256/);
      expect(await s.store.reverify(b.filename)).to.equal(null);
      await s.store.quarantine(a.filename, 'bit rot', '2026-12-01T00:00:00Z');
      expect((await s.store.list()).map((e) => e.filename)).to.deep.equal([b.filename]);
      expect(await s.store.open(a.filename)).to.equal(null);
      expect(await s.store.locate(a.filename)).to.equal(null);
      expect(await s.store.quarantined()).to.deep.equal([{ filename: a.filename, problem: 'bit rot', at: '2026-12-01T00:00:00Z' }]);
    });

    it('makes a backup named by its UTC time, listed with its size and hashes, downloadable byte for byte', async () => {
      const entry = await s.maker.make({ kind: 'manual', trigger: 'test', fullCheck: false });
      expect(entry.filename).to.equal(`ventas_${s.clock.now().toUTC().toFormat('yyyyLLdd_HHmmss')}.db`);
      expect(await s.store.list()).to.deep.equal([entry]);
      const file = await s.store.open(entry.filename);
      const bytes = await read(file!.stream);
      expect(bytes.length).to.equal(entry.size);
      expect(createHash('sha256').update(bytes).digest('hex')).to.equal(entry.sha256);
      expect(createHash('md5').update(bytes).digest('hex')).to.equal(entry.md5);
    });

    it('gives a second backup in the same second a suffix; lists newest first', async () => {
      const a = await s.maker.make({ kind: 'manual', trigger: 't', fullCheck: true });
      const b = await s.maker.make({ kind: 'interval', trigger: 't', fullCheck: false });
      expect(b.filename).to.equal(a.filename.replace('.db', '_2.db'));
      s.clock.advance({ seconds: 5 });
      const c = await s.maker.make({ kind: 'daily', trigger: 't', fullCheck: true });
      expect((await s.store.list())[0]!.filename).to.equal(c.filename);
    });

    it('a snapshot that fails verification throws and leaves nothing listed', async () => {
      await s.breakNextSnapshot();
      let error: unknown;
      await s.maker.make({ kind: 'manual', trigger: 't', fullCheck: false }).catch((e) => (error = e));
      expect(error).to.be.instanceOf(Error);
      expect(await s.store.list()).to.deep.equal([]);
    });

    it('removes backups; opening an unknown or removed name gives nothing', async () => {
      const e = await s.maker.make({ kind: 'manual', trigger: 't', fullCheck: false });
      await s.store.remove(e.filename);
      expect(await s.store.list()).to.deep.equal([]);
      expect(await s.store.open(e.filename)).to.equal(null);
      expect(await s.store.open('../ventas.db')).to.equal(null);
    });

    it('a snapshot is listed only once kept, under the time it was taken', async () => {
      const taken = s.clock.now();
      const snapshot = await s.maker.snapshot();
      expect(await s.store.list()).to.deep.equal([]);
      s.clock.advance({ seconds: 7 });
      const entry = await s.maker.keep(snapshot, { kind: 'pre-restore', trigger: 't', fullCheck: false });
      expect(entry.filename).to.equal(`ventas_${taken.toUTC().toFormat('yyyyLLdd_HHmmss')}.db`);
      expect(entry.kind).to.equal('pre-restore');
      expect((await s.store.list()).map((e) => e.filename)).to.deep.equal([entry.filename]);
      s.maker.discard(snapshot); // nothing left to remove: the kept backup stays
      expect((await s.store.list()).map((e) => e.filename)).to.deep.equal([entry.filename]);
    });

    it('a snapshot that fails verification can be set aside, and is never listed', async () => {
      await s.breakNextSnapshot();
      const snapshot = await s.maker.snapshot();
      let error: unknown;
      await s.maker.keep(snapshot, { kind: 'pre-restore', trigger: 't', fullCheck: false }).catch((e) => (error = e));
      expect(error).to.be.instanceOf(Error);
      const aside = await s.maker.setAside(snapshot, 'pre-restore');
      expect(aside).to.contain('unverified-pre-restore');
      expect(await s.store.list()).to.deep.equal([]);
      expect(await s.store.locate(aside.split('/').pop()!)).to.equal(null);
    });

    it('a discarded snapshot leaves nothing behind', async () => {
      const snapshot = await s.maker.snapshot();
      s.maker.discard(snapshot);
      expect(await s.store.list()).to.deep.equal([]);
    });
  });
}
