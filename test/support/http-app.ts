import { expect } from 'chai';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { parseConfig } from '../../src/infrastructure/config/env-config';
import { createLogger } from '../../src/infrastructure/logging/logger';
import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { createContainer, buildHttpApp } from '../../src/container';
import { RunMigrations } from '../../src/application/maintenance/run-migrations.use-case';
import { EnsureAdminUser } from '../../src/application/users/ensure-admin-user.use-case';
import { listen } from '../../src/interfaces/http/server';
import type { RouteInfo } from '../../src/interfaces/http/app';
import { copyFixture, tempDir } from './temp';

export const TEST_SECRET = 'test-secret-key-that-is-long-enough-0123456789';

export interface RunningApp {
  readonly url: string;
  readonly dbPath: string;
  readonly store: SqliteStore;
  readonly logs: Record<string, unknown>[];
  /** Every route the router holds. */
  readonly routes: readonly RouteInfo[];
  close(): Promise<void>;
}

/**
 * The real Koa app, built by the real container, on `listen(0)`, over a real SQLite file (a copy
 * of `fixture`, or a fresh database) in a temporary folder. Rate limits are generous unless set.
 */
export async function startApp(options: { fixture?: string; env?: Record<string, string>; dbPath?: string } = {}): Promise<RunningApp> {
  const dir = options.dbPath ? path.dirname(options.dbPath) : tempDir();
  const dbPath = options.dbPath ?? (options.fixture ? copyFixture(options.fixture, dir, 'ventas.db') : path.join(dir, 'ventas.db'));
  const parsed = parseConfig(
    {
      DATA_DIR: dir,
      DB_PATH: dbPath,
      SECRET_KEY: TEST_SECRET,
      ADMIN_PASSWORD: 'Admin2026x',
      RATE_LIMIT_AUTH: '1000/minute',
      RATE_LIMIT_WRITE: '1000/minute',
      RATE_LIMIT_READ: '1000/minute',
      RATE_LIMIT_ADMIN: '1000/minute',
      ...options.env,
    },
    dir,
  );
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger('info', sink);
  const store = await SqliteStore.open(dbPath);
  const container = createContainer({ config: parsed.config, store, logger, secretKey: TEST_SECRET });
  const migrated = await container.get(RunMigrations).execute({ trigger: 'test', requestedBy: 'test' });
  if (!migrated.ok) throw new Error(migrated.error.message);
  await container.get(EnsureAdminUser).execute({ password: 'Admin2026x' });
  const http = buildHttpApp(container);
  const server = await listen(http.app, '127.0.0.1', 0);
  return {
    url: `http://127.0.0.1:${server.port}`,
    dbPath,
    store,
    logs,
    routes: http.routes,
    close: async () => {
      await server.stop(1000);
      http.close();
      await store.close().catch(() => undefined);
    },
  };
}

export async function login(app: RunningApp, username: string, password: string): Promise<string> {
  const res = await fetch(`${app.url}/api/login`, { method: 'POST', body: new URLSearchParams({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Bearer token plus a JSON content type. */
export const jsonHeaders = (token: string) => ({ ...bearer(token), 'Content-Type': 'application/json' });

/** A JSON request as `token` (the body, when given, sent as JSON). */
export const callAs = (app: RunningApp, token: string, method: string, path: string, body?: unknown): Promise<Response> =>
  fetch(`${app.url}${path}`, { method, headers: jsonHeaders(token), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

/** An error answer: its status, `detail` equal to `error`, and (when given) the message. */
export async function expectError(res: Response, status: number, message?: string | RegExp): Promise<void> {
  expect(res.status, `${res.url}: ${await res.clone().text()}`).to.equal(status);
  const body = (await res.json()) as { detail: string; error: string; code: string };
  expect(body.detail).to.equal(body.error);
  if (typeof message === 'string') expect(body.detail).to.equal(message);
  else if (message) expect(body.detail).to.match(message);
}
