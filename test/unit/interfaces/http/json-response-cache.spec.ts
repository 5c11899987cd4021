import { expect } from 'chai';
import type { Context } from 'koa';
import { JsonResponseCache, serializeJsonOnce } from '../../../../src/interfaces/http/json-response-cache';

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
    await cache
      .get('k', async () => {
        throw new Error('boom');
      })
      .catch((e) => (error = e));
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

describe('interfaces: serializeJsonOnce', () => {
  const ctxWith = (body: unknown) =>
    ({ body, status: 200, type: 'application/json', method: 'GET', path: '/x', state: { requestId: 'abc123' } }) as unknown as Context & {
      body: unknown;
    };

  it('serializes an object body once, as a string', async () => {
    const ctx = ctxWith({ a: 1, b: ['x'] });
    await serializeJsonOnce({ error: () => undefined })(ctx, async () => undefined);
    expect(ctx.body).to.equal('{"a":1,"b":["x"]}');
  });

  it('a body that cannot be serialised: a §0.2 500 with the request id, logged with it', async () => {
    const logged: Record<string, unknown>[] = [];
    const ctx = ctxWith({ n: 1n });
    await serializeJsonOnce({ error: (o: Record<string, unknown>) => void logged.push(o) } as never)(ctx, async () => undefined);
    expect(ctx.status).to.equal(500);
    const body = JSON.parse(String(ctx.body)) as Record<string, unknown>;
    expect(body).to.include({
      detail: 'Internal server error',
      error: 'Internal server error',
      code: 'INTERNAL_ERROR',
      request_id: 'abc123',
    });
    expect(logged).to.have.length(1);
    expect(logged[0]!.request_id).to.equal('abc123');
  });
});
