import { expect } from 'chai';
import { VersionedCache, sharedFreshRead } from '../../../../src/infrastructure/persistence/versioned-cache';

const tick = () => new Promise((r) => setImmediate(r));

describe('sharedFreshRead: one read for many callers, never one made before a caller asked', () => {
  it('callers arriving while a read is in flight share the next read, which starts after them', async () => {
    let value = 0;
    const started: number[] = [];
    const pending: (() => void)[] = [];
    const read = sharedFreshRead(
      () =>
        new Promise<number>((resolve) => {
          started.push(value);
          const v = value;
          pending.push(() => resolve(v));
        }),
    );
    const first = read(); // read #1 starts now, sees 0
    value = 1; // a commit lands after read #1 began
    const late = Array.from({ length: 31 }, () => read()); // must not get read #1's value
    expect(started).to.deep.equal([0]);
    pending.shift()!();
    expect(await first).to.equal(0);
    await tick();
    expect(started).to.deep.equal([0, 1]); // one more read for the 31, started after they asked
    pending.shift()!();
    expect(await Promise.all(late)).to.deep.equal(new Array(31).fill(1));
  });

  it('a failed read fails its callers only; the next caller reads again', async () => {
    let n = 0;
    const read = sharedFreshRead(async () => {
      n++;
      if (n === 1) throw new Error('closed');
      return n;
    });
    let error: unknown = null;
    await read().catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/closed/);
    expect(await read()).to.equal(2);
  });
});

describe('VersionedCache: values kept until the data version moves', () => {
  const store = (version: { v: number; tx?: boolean }) => ({
    dataVersion: async () => version.v,
    get inTransaction() {
      return version.tx === true;
    },
  });

  it('answers from memory at the same version, reads again after any change, and shares concurrent misses', async () => {
    const version = { v: 1 };
    const cache = new VersionedCache<string>(store(version), 10);
    let loads = 0;
    const load = async () => `v${version.v}#${++loads}`;
    const same = await Promise.all(Array.from({ length: 10 }, () => cache.get('admin', load)));
    expect(new Set(same)).to.deep.equal(new Set(['v1#1']));
    version.v = 2;
    expect(await cache.get('admin', load)).to.equal('v2#2');
    expect(await cache.get('admin', load)).to.equal('v2#2');
  });

  it('inside a write transaction it reads through, and keeps nothing', async () => {
    const version = { v: 1, tx: true };
    const cache = new VersionedCache<number>(store(version), 10);
    let loads = 0;
    await cache.get('k', async () => ++loads);
    await cache.get('k', async () => ++loads);
    expect(loads).to.equal(2);
    expect(cache.size).to.equal(0);
  });

  it('is bounded (least recently used out), and a failed read is not kept', async () => {
    const cache = new VersionedCache<number>(store({ v: 1 }), 3);
    for (let i = 0; i < 100; i++) await cache.get(`user${i}`, async () => i);
    expect(cache.size).to.equal(3);
    let error: unknown = null;
    await cache.get('bad', async () => Promise.reject(new Error('disk'))).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/disk/);
    await tick();
    expect(await cache.get('bad', async () => 7)).to.equal(7);
  });

  it('a caller holding an older version than the cache reads through without storing', async () => {
    let v = 5;
    const cache = new VersionedCache<string>({ dataVersion: async () => v, inTransaction: false }, 10);
    expect(await cache.get('k', async () => 'at5')).to.equal('at5');
    v = 4; // (a store's version never goes back; a late caller's read can be older than the cache's)
    expect(await cache.get('k', async () => 'at4')).to.equal('at4');
    v = 5;
    expect(await cache.get('k', async () => 'again')).to.equal('at5');
  });
});
