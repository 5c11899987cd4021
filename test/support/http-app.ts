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
import * as fs from 'node:fs';
import type { SqlStore } from '../../src/infrastructure/persistence/sql-store';
import { PostgresStore } from '../../src/infrastructure/persistence/postgres/postgres-store';
import { Client } from 'pg';
import { execFile } from './db-digest';
import { copySqliteToPostgres } from '../../src/infrastructure/persistence/postgres/sqlite-to-postgres';
import { dropDatabase, migratedPostgres } from './postgres';
import { migrateFile } from './migrate';

export const TEST_SECRET = 'test-secret-key-that-is-long-enough-0123456789';

/**
 * TEST_ENGINE=postgres (`npm run test:postgres`) runs the same HTTP suites on PostgreSQL: the
 * fixture is brought to the current schema and copied into a database of its own
 * (migrate-to-postgres's copier), and the app is built on it.
 */
export const TEST_ENGINE: 'sqlite' | 'postgres' = process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

export interface RunningApp {
  readonly url: string;
  /** The SQLite file (on PostgreSQL: the fixture copy the database was filled from). */
  readonly dbPath: string;
  readonly store: SqlStore;
  readonly engine: 'sqlite' | 'postgres';
  /** A read on the app's database, whichever engine (`?` placeholders). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A write from another connection (as a second process or a hand-made fix would), either engine. */
  exec(sql: string): Promise<void>;
  /** Stops the app and starts it again on the same database (a restart). */
  restart(): Promise<RunningApp>;
  readonly logs: Record<string, unknown>[];
  /** Every route the router holds. */
  readonly routes: readonly RouteInfo[];
  close(): Promise<void>;
}

/**
 * The real Koa app, built by the real container, on `listen(0)`, over a real SQLite file (a copy
 * of `fixture`, or a fresh database) in a temporary folder. Rate limits are generous unless set.
 */
export async function startApp(
  options: { fixture?: string; env?: Record<string, string>; dbPath?: string; postgresUrl?: string } = {},
): Promise<RunningApp> {
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
  let store: SqliteStore | PostgresStore;
  let dispose = async () => undefined as void;
  let pgUrl: string | null = null;
  const again = options.postgresUrl;
  if (TEST_ENGINE === 'postgres' && again) {
    // A restart: the same database again.
    pgUrl = again;
    const pg = await PostgresStore.open(pgUrl);
    store = pg;
    dispose = async () => {
      await pg.close();
      await dropDatabase(again);
    };
  } else if (TEST_ENGINE === 'postgres') {
    const pg = await migratedPostgres();
    if (fs.existsSync(dbPath)) {
      await migrateFile(dbPath);
      await copySqliteToPostgres(dbPath, pg.store);
    }
    store = pg.store;
    pgUrl = pg.url;
    dispose = pg.close;
  } else {
    store = await SqliteStore.open(dbPath);
    dispose = () => store.close();
  }
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
    engine: TEST_ENGINE,
    query: (sql, params = []) => store.query(sql, params),
    exec: async (sql) => {
      if (!pgUrl) return execFile(dbPath, sql);
      const client = new Client({ connectionString: pgUrl });
      await client.connect();
      try {
        await client.query(sql);
        // Rows written with explicit ids (as the suites' fixtures do) do not move PostgreSQL's identity
        // counters as they move SQLite's; move them on, as a hand-made fix there would have to.
        const identities = await client.query<{ t: string; c: string }>(
          "SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'",
        );
        for (const { t, c } of identities.rows)
          await client.query(
            `SELECT setval(pg_get_serial_sequence('${t}', '${c}'), GREATEST((SELECT COALESCE(MAX("${c}"), 0) FROM "${t}"), 1), (SELECT MAX("${c}") FROM "${t}") IS NOT NULL)`,
          );
      } finally {
        await client.end();
      }
    },
    restart: async () => {
      await server.stop(1000);
      http.close();
      await store.close();
      return startApp({ ...options, dbPath, postgresUrl: pgUrl ?? undefined, fixture: undefined });
    },
    logs,
    routes: http.routes,
    close: async () => {
      await server.stop(1000);
      http.close();
      await dispose().catch(() => undefined);
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
