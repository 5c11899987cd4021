import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseConfig } from '../../src/infrastructure/config/env-config';
import { startServer } from '../support/server-process';
import { copyFixture, tempDir } from '../support/temp';
import { loginAt, orderClients, orderLines, sleep, soundness, start, withDb } from '../reliability/support';

const ROOT = path.resolve(__dirname, '../../..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

/** Every variable name the configuration reads: the all-capitals string literals of env-config.ts. */
function knownVariables(): Set<string> {
  const source = read('src/infrastructure/config/env-config.ts');
  return new Set([...source.matchAll(/['"]([A-Z][A-Z0-9_]{2,})['"]/g)].map((m) => m[1]!));
}

interface Blueprint {
  services: {
    type: string;
    runtime: string;
    dockerfilePath: string;
    healthCheckPath: string;
    disk: { mountPath: string };
    envVars: { key: string; value?: string; sync?: boolean }[];
  }[];
}

describe('e2e: deployment (Dockerfile, render.yaml, the production start)', function () {
  this.timeout(120_000);

  it('render.yaml: a Docker web service with its disk where production DATA_DIR points, health checked, naming only variables the configuration knows', () => {
    const blueprint = parse(read('render.yaml')) as Blueprint;
    const [web] = blueprint.services;
    expect(web).to.include({ type: 'web', runtime: 'docker', dockerfilePath: './Dockerfile', healthCheckPath: '/api/health' });
    const known = knownVariables();
    expect(web!.envVars.map((v) => v.key).filter((k) => !known.has(k))).to.deep.equal([]);
    // Every variable the runbook asks for is there; the secrets are asked for, never committed.
    const keys = web!.envVars.map((v) => v.key);
    for (const k of [
      'SECRET_KEY',
      'ADMIN_PASSWORD',
      'ENVIRONMENT',
      'CORS_ORIGINS',
      'TRUST_PROXY',
      'SENTRY_DSN',
      'BACKUP_ENABLED',
      'BACKUP_INTERVAL_HOURS',
      'BACKUP_RETAIN_COUNT',
      'BACKUP_TIME_HOUR',
      'BACKUP_TIMEZONE',
    ])
      expect(keys, k).to.include(k);
    for (const secret of ['SECRET_KEY', 'ADMIN_PASSWORD', 'SENTRY_DSN', 'METRICS_TOKEN'])
      expect(
        web!.envVars.find((v) => v.key === secret),
        secret,
      ).to.deep.equal({ key: secret, sync: false });
    const env = Object.fromEntries(web!.envVars.filter((v) => v.value !== undefined).map((v) => [v.key, v.value!]));
    const parsed = parseConfig({ ...env, SECRET_KEY: 'a'.repeat(64), ADMIN_PASSWORD: 'Un4-clave-larga-2026' }, '/app');
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    expect(parsed.config.isProduction).to.equal(true);
    expect(parsed.config.dataDir).to.equal(web!.disk.mountPath);
    expect(path.dirname(parsed.config.dbPath)).to.equal(web!.disk.mountPath);
    expect(parsed.config.trustProxy).to.equal(true);
    // Without DATA_DIR, production still puts the data on the disk.
    const bare = parseConfig({ ...env, DATA_DIR: '', SECRET_KEY: 'a'.repeat(64), ADMIN_PASSWORD: 'Un4-clave-larga-2026' }, '/app');
    expect(bare.ok && bare.config.dataDir).to.equal(web!.disk.mountPath);
  });

  it('render.postgres.yaml: two instances on one managed PostgreSQL of the image pg_dump version, Redis for the rate limits, only known variables', () => {
    const blueprint = parse(read('render.postgres.yaml')) as {
      services: { type: string; name: string; numInstances?: number; disk?: unknown; envVars?: Blueprint['services'][0]['envVars'] }[];
      databases: { name: string; postgresMajorVersion: string }[];
    };
    const web = blueprint.services.find((s) => s.type === 'web')!;
    expect(web.numInstances).to.equal(2);
    expect(web.disk, 'a Render disk attaches to one instance only').to.equal(undefined);
    const vars = web.envVars!;
    const known = knownVariables();
    expect(vars.map((v) => v.key).filter((k) => !known.has(k))).to.deep.equal([]);
    const db = vars.find((v) => v.key === 'DATABASE_URL') as unknown as { fromDatabase: { name: string; property: string } };
    expect(db.fromDatabase).to.deep.equal({ name: blueprint.databases[0]!.name, property: 'connectionString' });
    const redis = vars.find((v) => v.key === 'REDIS_URL') as unknown as { fromService: { type: string; name: string } };
    expect(blueprint.services.some((s) => s.type === redis.fromService.type && s.name === redis.fromService.name)).to.equal(true);
    // Every instance signs with the same key, entered in the dashboard; no shared disk, so the provider's backups.
    expect(vars.find((v) => v.key === 'SECRET_KEY')).to.deep.equal({ key: 'SECRET_KEY', sync: false });
    expect(vars.find((v) => v.key === 'BACKUP_ENABLED')!.value).to.equal('false');
    // pg_dump (Debian bookworm's, in the image) must be the server's major version or newer.
    const debianPgDump = 15;
    expect(Number(blueprint.databases[0]!.postgresMajorVersion)).to.be.at.most(debianPgDump);
    const env = Object.fromEntries(vars.filter((v) => v.value !== undefined).map((v) => [v.key, v.value!]));
    const parsed = parseConfig(
      { ...env, DATABASE_URL: 'postgres://u:p@db:5432/friosur', SECRET_KEY: 'a'.repeat(64), ADMIN_PASSWORD: 'Un4-clave-larga-2026' },
      '/app',
    );
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    expect(parsed.config.databaseUrl).to.equal('postgres://u:p@db:5432/friosur');
  });

  it('Dockerfile: two stages, the runtime one without build tools, not root, /data as the volume, health checked, node as the command', () => {
    const dockerfile = read('Dockerfile');
    const stages = dockerfile.split(/^FROM /m).slice(1);
    expect(stages).to.have.length(2);
    expect(stages[0]).to.match(/^node:20[\w.-]*-slim AS build/);
    expect(stages[0])
      .to.match(/npm ci/)
      .and.match(/npm run build/)
      .and.match(/npm prune --omit=dev/);
    const runtime = stages[1]!;
    expect(runtime).to.match(/^node:20[\w.-]*-slim/);
    expect(runtime).to.not.match(/g\+\+|npm ci|npm install|tsc|python3|\bmake\b/);
    // The only package the runtime installs: PostgreSQL's client tools (pg_dump, pg_restore), for DATABASE_URL.
    const installs = [...runtime.matchAll(/apt-get install -y --no-install-recommends ([^\n\\&]+)/g)].map((m) => m[1]!.trim());
    expect(installs).to.deep.equal(['postgresql-client']);
    expect(runtime).to.match(/^USER node$/m);
    expect(runtime).to.match(/^VOLUME \["\/data"\]$/m);
    expect(runtime).to.match(/^HEALTHCHECK[\s\S]*\/api\/health/m);
    expect(runtime).to.match(/^CMD \["node", "dist\/src\/main\.js"\]$/m);
    const known = knownVariables();
    const envBlock = /^ENV ([\s\S]*?)\n(?!\s)/m.exec(runtime)![1]!;
    const names = [...envBlock.matchAll(/([A-Z][A-Z0-9_]*)=/g)].map((m) => m[1]!).filter((n) => n !== 'NODE_ENV');
    expect(names.filter((n) => !known.has(n))).to.deep.equal([]);
    expect(read('.dockerignore'))
      .to.match(/^node_modules$/m)
      .and.match(/^test$/m);
  });

  it('npm start runs the compiled server with runtime dependencies only: a pruned copy serves /api/health', async () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).to.equal('node dist/src/main.js');
    expect(pkg.scripts.prepare).to.equal('npm run build');
    // What the image's runtime stage holds: the manifests, dist/, bin/ and node_modules pruned of dev dependencies.
    const app = tempDir();
    for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(ROOT, f), path.join(app, f));
    // dist/ whole, as the image's COPY takes it: the server bundle, its code cache and its stamp too.
    for (const d of ['dist', 'bin', 'public', 'node_modules'])
      fs.cpSync(path.join(ROOT, d), path.join(app, d), { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    execFileSync('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund', '--offline'], { cwd: app, stdio: 'ignore' });
    expect(fs.existsSync(path.join(app, 'node_modules', 'typescript'))).to.equal(false);
    expect(fs.existsSync(path.join(app, 'node_modules', 'mocha'))).to.equal(false);
    const data = tempDir();
    const server = await startServer(
      { DATA_DIR: data, ADMIN_PASSWORD: 'Admin2026x', NODE_ENV: 'production' },
      app,
      30_000,
      path.join(app, 'dist/src/main.js'),
    );
    try {
      // The pruned copy starts from the bundle: every package the bundle leaves outside is a runtime dependency.
      expect(server.logs.find((l) => l.msg === 'listening')?.startup).to.equal('bundle (code cache accepted)');
      const res = await fetch(`${server.url}/api/health`);
      expect(res.status).to.equal(200);
      expect(((await res.json()) as { status: string }).status).to.be.oneOf(['healthy', 'degraded']);
      // The console's files and Swagger UI's come with the runtime copy too.
      expect((await fetch(`${server.url}/ops/ops.js`)).status).to.equal(200);
      expect((await fetch(`${server.url}/docs/swagger-ui-bundle.js`)).status).to.equal(200);
    } finally {
      expect(await server.stop('SIGTERM')).to.equal(0);
    }
  });

  it('SIGTERM under load (what Render sends on a deploy): in-flight orders finish, exit 0, no acknowledged order lost', async () => {
    const dir = tempDir('sigterm');
    const db = copyFixture('original-current.db', dir, 'ventas.db');
    const [clients, products] = await withDb(db, async (d) => [
      (await d.all<{ id: number }>('SELECT id FROM clientes ORDER BY id')).map((r) => r.id),
      (await d.all<{ id: number }>('SELECT id FROM productos ORDER BY id')).map((r) => r.id),
    ]);
    const server = await start(dir);
    const vendedor = await loginAt(server.url, 'vendedor1', 'vendedor2026');
    const load = orderClients(server.url, vendedor, 8, clients, products);
    await sleep(1_500);
    const code = await server.stop('SIGTERM');
    await load.stop();
    expect(code, server.stderr()).to.equal(0);
    expect(server.logs.some((l) => l.msg === 'stopped cleanly')).to.equal(true);
    expect(fs.existsSync(`${db}-wal`), 'the WAL was checkpointed into the file').to.equal(false);
    const acked = load.acked.ids;
    expect(acked.size, 'orders acknowledged before the signal').to.be.greaterThan(20);
    // Every acknowledged order is in the file, with all its lines; the file is sound.
    const found = await orderLines(db, [...acked.keys()]);
    expect([...acked].filter(([id, lines]) => found.get(id) !== lines)).to.deep.equal([]);
    expect(await soundness(db)).to.deep.equal([]);
    // And the next start serves them.
    const next = await start(dir);
    try {
      const ids = [...acked.keys()];
      const res = await fetch(`${next.url}/api/pedidos/${ids[ids.length - 1]}`, { headers: { Authorization: `Bearer ${vendedor}` } });
      expect(res.status).to.equal(200);
    } finally {
      await next.stop('SIGTERM');
    }
  });
});
