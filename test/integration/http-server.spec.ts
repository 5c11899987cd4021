import { expect } from 'chai';
import Koa from 'koa';
import * as net from 'node:net';
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
});
