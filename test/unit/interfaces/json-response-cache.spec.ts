import { expect } from 'chai';
import { JsonResponseCache } from '../../../src/interfaces/http/json-response-cache';

describe('interfaces: JsonResponseCache', () => {
  it('computes once per key and data version, shares one computation between concurrent requests', async () => {
    let version = 1;
    let computed = 0;
    const cache = new JsonResponseCache(async () => version);
    const compute = async () => {
      computed++;
      await new Promise((r) => setTimeout(r, 10));
      return { v: version, n: computed };
    };
    const [a, b] = await Promise.all([cache.get('k', compute), cache.get('k', compute)]);
    expect(computed).to.equal(1);
    expect(a.toString()).to.equal(b.toString());
    await cache.get('k', compute);
    expect(computed).to.equal(1);
    version = 2;
    expect(JSON.parse((await cache.get('k', compute)).toString())).to.deep.equal({ v: 2, n: 2 });
    await cache.get('other', compute);
    expect(computed).to.equal(3);
  });

  it('does not keep a failure, and evicts the least recently used beyond its size', async () => {
    const cache = new JsonResponseCache(async () => 1, 2);
    let error: unknown;
    await cache.get('k', async () => { throw new Error('boom'); }).catch((e) => (error = e));
    expect((error as Error).message).to.equal('boom');
    expect((await cache.get('k', async () => 'ok')).toString()).to.equal('"ok"');
    let computed = 0;
    const compute = async () => ++computed;
    await cache.get('a', compute);
    await cache.get('k', compute); // hit: k becomes the most recent
    await cache.get('b', compute); // evicts a
    await cache.get('k', compute);
    expect(computed).to.equal(2);
    await cache.get('a', compute);
    expect(computed).to.equal(3);
  });
});
