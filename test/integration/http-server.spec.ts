import { expect } from 'chai';
import Koa from 'koa';
import * as net from 'node:net';
import * as http from 'node:http';
import { listen } from '../../src/interfaces/http/server';

describe('integration: graceful HTTP shutdown', () => {
  it('finishes in-flight requests, then refuses new connections', async () => {
    const app = new Koa();
    app.use(async (ctx) => {
      await new Promise((r) => setTimeout(r, 300));
      ctx.body = { done: true };
    });
    const running = await listen(app, '127.0.0.1', 0);
    const url = `http://127.0.0.1:${running.port}/`;
    const inFlight = fetch(url).then(async (r) => ({ status: r.status, body: await r.json() }));
    await new Promise((r) => setTimeout(r, 100)); // the request is being handled now
    const stopped = running.stop(5_000);
    expect(await inFlight).to.deep.equal({ status: 200, body: { done: true } });
    await stopped;
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect(running.port, '127.0.0.1', () => resolve('connected'));
      socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(refused).to.equal('ECONNREFUSED');
  });

  it('keep-alive clients that never stop sending cannot hold the shutdown: each answer after stop() closes its connection', async () => {
    const app = new Koa();
    app.use(async (ctx) => {
      await new Promise((r) => setTimeout(r, 20));
      ctx.body = { ok: true };
    });
    const running = await listen(app, '127.0.0.1', 0);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    let stop = false;
    const afterStop: (string | undefined)[] = [];
    let stopping = false;
    const get = () =>
      new Promise<string | undefined>((resolve) => {
        const req = http.get({ host: '127.0.0.1', port: running.port, path: '/', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.headers.connection));
        });
        req.on('error', () => resolve('refused'));
      });
    const loops = Array.from({ length: 4 }, async () => {
      while (!stop) {
        const sentAfterStop = stopping;
        const connection = await get();
        if (sentAfterStop && connection !== 'refused') afterStop.push(connection);
      }
    });
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    stopping = true;
    // A grace period far longer than the test: stop() must not need it.
    await running.stop(30_000);
    const took = Date.now() - started;
    stop = true;
    await Promise.all(loops);
    agent.destroy();
    expect(took, 'stop() waited for the grace period').to.be.below(5_000);
    expect(
      afterStop.every((c) => c === 'close'),
      JSON.stringify(afterStop),
    ).to.equal(true);
  });
});
