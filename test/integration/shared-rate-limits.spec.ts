import { expect } from 'chai';
import Redis from 'ioredis';
import { Client } from 'pg';
import { startApp, type RunningApp } from '../support/http-app';
import { createTestDatabase, describePostgres } from '../support/postgres';
import { start } from '../reliability/support';
import { tempDir } from '../support/temp';

const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

async function redisProblem(): Promise<string | null> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  try {
    await probe.connect();
    await probe.ping();
    return null;
  } catch (e) {
    return `${REDIS_URL} is not reachable (${(e as Error).message})`;
  } finally {
    probe.disconnect();
  }
}

const login = (app: RunningApp) =>
  fetch(`${app.url}/api/login`, { method: 'POST', body: new URLSearchParams({ username: 'admin', password: 'wrong-password' }) });

describe('integration: rate limits shared by several instances (REDIS_URL)', function () {
  this.timeout(60_000);
  before(async function () {
    const problem = await redisProblem();
    if (!problem) return;
    if (process.env.REDIS_REQUIRED === '1') throw new Error(`REDIS_REQUIRED=1 but ${problem}`);
    console.log(`    (skipped: ${problem}; set REDIS_TEST_URL to run it)`);
    this.skip();
  });

  it('two instances count against one budget per client and route; without REDIS_URL each counts alone', async () => {
    // A clean slate for the login route's counters.
    const admin = new Redis(REDIS_URL);
    const stale = await admin.keys('chorizaurio:auth:login*');
    if (stale.length) await admin.del(...stale);
    admin.disconnect();

    const env = { REDIS_URL, RATE_LIMIT_AUTH: '3/minute' };
    const [a, b] = [await startApp({ fixture: 'original-current.db', env }), await startApp({ fixture: 'original-current.db', env })];
    try {
      const statuses = [];
      for (const app of [a, b, a, b]) statuses.push((await login(app)).status);
      expect(statuses).to.deep.equal([401, 401, 401, 429]);
      const refused = await login(a);
      expect(refused.status).to.equal(429);
      expect(Number(refused.headers.get('retry-after'))).to.be.within(1, 60);
    } finally {
      await a.close();
      await b.close();
    }
    const [c, d] = [
      await startApp({ fixture: 'original-current.db', env: { RATE_LIMIT_AUTH: '3/minute' } }),
      await startApp({ fixture: 'original-current.db', env: { RATE_LIMIT_AUTH: '3/minute' } }),
    ];
    try {
      const statuses = [];
      for (const app of [c, d, c, d]) statuses.push((await login(app)).status);
      expect(statuses, 'in memory: each instance has its own budget').to.deep.equal([401, 401, 401, 401]);
    } finally {
      await c.close();
      await d.close();
    }
  });

  it('an unreachable Redis lets requests through and says so in the log, once', async () => {
    const app = await startApp({ fixture: 'original-current.db', env: { REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_AUTH: '1/minute' } });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await login(app)).status);
      expect(statuses).to.deep.equal([401, 401, 401]);
      expect(app.logs.filter((l) => String(l.msg).startsWith('REDIS_URL unreachable')).length).to.equal(1);
    } finally {
      await app.close();
    }
  });
});

describePostgres('integration: rate limits shared through PostgreSQL (several instances, no REDIS_URL)', function () {
  this.timeout(90_000);

  it('two server processes on one database count against one budget; the counters are not shop data (no backup or schema check sees them)', async () => {
    const db = await createTestDatabase();
    const env = { DATABASE_URL: db.url, RATE_LIMIT_AUTH: '3/minute' };
    const a = await start(tempDir('pg-rl-a'), env);
    const b = await start(tempDir('pg-rl-b'), env);
    try {
      const wrong = (url: string) =>
        fetch(`${url}/api/login`, { method: 'POST', body: new URLSearchParams({ username: 'admin', password: 'wrong-password' }) });
      const statuses = [];
      for (const s of [a, b, a, b]) statuses.push((await wrong(s.url)).status);
      expect(statuses).to.deep.equal([401, 401, 401, 429]);
      const refused = await wrong(a.url);
      expect(refused.status).to.equal(429);
      expect(Number(refused.headers.get('retry-after'))).to.be.within(1, 60);
      expect(refused.headers.get('x-ratelimit-limit')).to.equal('3');
      expect(((await refused.json()) as { code: string }).code).to.equal('RATE_LIMITED');
      // Kept in a schema of their own, outside the shop's tables.
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ schema: string }>(
          "SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'rate_limit_hits'",
        );
        expect(rows.map((r) => r.schema)).to.deep.equal(['chorizaurio_ops']);
      } finally {
        await client.end();
      }
    } finally {
      await a.stop('SIGKILL');
      await b.stop('SIGKILL');
      await db.drop();
    }
  });
});
