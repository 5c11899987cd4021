import { expect } from 'chai';
import * as http from 'node:http';
import * as zlib from 'node:zlib';
import * as path from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { copyFixture, tempDir } from '../support/temp';
import { ADMIN_PASSWORD, SECRET_KEY, json, loginAt, start, withDb } from '../reliability/support';
import type { ServerProcess } from '../support/server-process';

interface Family {
  name: string;
  type: string;
  metrics: { labels?: Record<string, string>; value?: string; count?: string; buckets?: Record<string, string> }[];
}

/** The families as the parser reads them, and the raw text (the parser drops histograms' labels). */
async function scrape(url: string, headers: Record<string, string>): Promise<Family[] & { text: string }> {
  const res = await fetch(`${url}/metrics`, { headers });
  expect(res.status).to.equal(200);
  expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  return Object.assign(parsePrometheusTextFormat(text) as Family[], { text });
}
/** The value of the one sample line `name{…labels…}` of the exposition. */
const rawSample = (text: string, name: string, labels: Record<string, string>): string | undefined =>
  text
    .split('\n')
    .find((line) => line.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
    ?.split(' ')
    .pop();
const family = (all: Family[], name: string): Family => all.find((f) => f.name === name) ?? expect.fail(`no metric ${name}`);
const sample = (f: Family, labels: Record<string, string>) =>
  f.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));

const METRICS_TOKEN = 'scraper-token-0123456789abcdef';

describe('e2e: /metrics (Prometheus), slow-request logging', function () {
  this.timeout(90_000);
  let server: ServerProcess;
  let admin: string;
  before(async () => {
    const dir = tempDir('metrics');
    copyFixture('original-current.db', dir, 'ventas.db');
    server = await start(dir, { METRICS_TOKEN, SLOW_REQUEST_MS: '1' });
    admin = await loginAt(server.url, 'admin', 'friosur2026');
  });
  after(async () => server?.stop('SIGTERM'));

  it('is for an admin or the METRICS_TOKEN only', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).to.equal(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { Authorization: 'Bearer wrong' } })).status).to.equal(401);
    const vendedor = await loginAt(server.url, 'vendedor1', 'vendedor2026');
    expect((await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${vendedor}` } })).status).to.equal(403);
    expect((await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).status).to.equal(200);
    expect((await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}x` } })).status).to.equal(401);
  });

  it('counts requests by route pattern and status, orders, group-commit batches, backups, restores and their pauses', async () => {
    const placed = await fetch(`${server.url}/api/pedidos`, {
      method: 'POST',
      headers: { ...json(admin), 'X-Idempotency-Key': 'metrics-1' },
      body: JSON.stringify({ cliente_id: 1, items: [{ producto_id: 1, cantidad: 2 }] }),
    });
    expect(placed.status).to.equal(200);
    // The repeat answers the same order and is not counted again.
    await fetch(`${server.url}/api/pedidos`, {
      method: 'POST',
      headers: { ...json(admin), 'X-Idempotency-Key': 'metrics-1' },
      body: JSON.stringify({ cliente_id: 1, items: [{ producto_id: 1, cantidad: 2 }] }),
    });
    const id = ((await placed.json()) as { id: number }).id;
    expect((await fetch(`${server.url}/api/pedidos/${id}`, { headers: json(admin) })).status).to.equal(200);
    expect((await fetch(`${server.url}/api/no/such/../../route?x=1`, { headers: json(admin) })).status).to.equal(404);
    const backup = await fetch(`${server.url}/api/admin/backup-now`, { method: 'POST', headers: json(admin) });
    const filename = ((await backup.json()) as { backup: { filename: string } }).backup.filename;
    const restored = await fetch(`${server.url}/api/admin/backups/${filename}/restore`, {
      method: 'POST',
      headers: json(admin),
      body: JSON.stringify({ confirm: filename }),
    });
    expect(restored.status, await restored.clone().text()).to.equal(200);

    const m = await scrape(server.url, { Authorization: `Bearer ${METRICS_TOKEN}` });
    const requests = family(m, 'chorizaurio_http_requests_total');
    expect(requests.type).to.equal('COUNTER');
    expect(sample(requests, { method: 'POST', route: '/api/pedidos', status: '200' })?.value).to.equal('2');
    expect(sample(requests, { method: 'GET', route: '/api/pedidos/:id', status: '200' })?.value).to.equal('1');
    // An unknown path is one label, never the path itself (no label per attacker-chosen URL).
    expect(sample(requests, { route: 'unmatched', status: '404' })?.value).to.equal('1');
    expect(requests.metrics.some((s) => /no\/such/.test(s.labels?.route ?? ''))).to.equal(false);
    const latency = family(m, 'chorizaurio_http_request_duration_seconds');
    expect(latency.type).to.equal('HISTOGRAM');
    expect(rawSample(m.text, 'chorizaurio_http_request_duration_seconds_count', { method: 'GET', route: '/api/pedidos/:id' })).to.equal(
      '1',
    );

    expect(sample(family(m, 'chorizaurio_orders_placed_total'), { origin: 'order' })?.value).to.equal('1');
    expect(Number(family(m, 'chorizaurio_group_commit_batch_size').metrics[0]!.count)).to.be.greaterThan(0);
    expect(family(m, 'chorizaurio_write_queue_depth').metrics[0]!.value).to.equal('0');
    expect(sample(family(m, 'chorizaurio_backup_runs_total'), { kind: 'manual', outcome: 'ok' })?.value).to.equal('1');
    expect(rawSample(m.text, 'chorizaurio_backup_duration_seconds_count', { kind: 'manual', outcome: 'ok' })).to.equal('1');
    const age = Number(family(m, 'chorizaurio_backup_age_seconds').metrics[0]!.value);
    expect(age).to.be.within(0, 120);
    expect(sample(family(m, 'chorizaurio_write_pauses_total'), { reason: 'restore' })?.value).to.equal('1');
    expect(Number(family(m, 'chorizaurio_write_pause_seconds').metrics[0]!.count)).to.equal(1);
    expect(family(m, 'chorizaurio_process_resident_memory_bytes').type).to.equal('GAUGE');
  });

  it('logs a request slower than SLOW_REQUEST_MS as a JSON warning with its timing and request id', async () => {
    await fetch(`${server.url}/api/productos`, { headers: { ...json(admin), 'X-Request-ID': 'slow-one' } });
    await new Promise((r) => setTimeout(r, 200));
    const line = server.logs.find((l) => l.msg === 'slow request' && l.request_id === 'slow-one');
    expect(line, 'a slow-request line').to.not.equal(undefined);
    expect(line).to.include({ method: 'GET', path: '/api/productos', status: 200, slow: true, threshold_ms: 1 });
    expect(line!.duration_ms).to.be.a('number').greaterThan(1);
    expect(line!.level).to.equal(40);
  });
});

describe('e2e: error tracking (SENTRY_DSN) with a loopback stand-in for Sentry', function () {
  this.timeout(90_000);

  it('an unhandled error reaches the endpoint with its request id, and no secret is in what was sent', async () => {
    const received: string[] = [];
    const sentry = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        received.push(
          `${req.url}\n${JSON.stringify(req.headers)}\n${(req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(body) : body).toString()}`,
        );
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => sentry.listen(0, '127.0.0.1', () => r()));
    const port = (sentry.address() as { port: number }).port;
    const dir = tempDir('sentry');
    copyFixture('original-current.db', dir, 'ventas.db');
    const server = await start(dir, { SENTRY_DSN: `http://publickey0123@127.0.0.1:${port}/42` });
    try {
      expect(server.logs.some((l) => String(l.msg).startsWith('error tracking on'))).to.equal(true);
      const token = await loginAt(server.url, 'admin', 'friosur2026');
      // A real unhandled error: a table taken away under the running server (as a bad manual fix would).
      await withDb(path.join(dir, 'ventas.db'), (db) => db.all('DROP TABLE tags'), 'readwrite');
      const res = await fetch(`${server.url}/api/tags`, {
        headers: {
          Authorization: `Bearer ${token}`,
          Cookie: 'session=cookie-secret-value',
          'X-Api-Key': 'api-key-secret-value',
          'X-Request-ID': 'sentry-check-1',
        },
      });
      expect(res.status).to.equal(500);
      const deadline = Date.now() + 15_000;
      while (!received.some((r) => r.includes('sentry-check-1')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const event = received.find((r) => r.includes('sentry-check-1')) ?? expect.fail(`no event received (${received.length} requests)`);
      expect(event.split('\n')[0]).to.match(/^\/api\/42\/envelope\/\?/);
      expect(event).to.contain('no such table: tags');
      expect(event).to.contain('"path":"/api/tags"');
      for (const secret of [token, token.split('.')[2]!, 'cookie-secret-value', 'api-key-secret-value', ADMIN_PASSWORD, SECRET_KEY])
        expect(received.join('\n').includes(secret), `secret ${secret.slice(0, 12)}… sent to Sentry`).to.equal(false);
    } finally {
      await server.stop('SIGTERM');
      sentry.close();
    }
  });
});
