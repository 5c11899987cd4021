import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PostgresStore } from '../../src/infrastructure/persistence/postgres/postgres-store';
import { PostgresMigrationRunner } from '../../src/infrastructure/persistence/migrations/postgres-migration-runner';
import { RunMigrations } from '../../src/application/maintenance/run-migrations.use-case';
import { MIGRATIONS } from '../../migrations';

/**
 * The PostgreSQL server the suites use (trust authentication on the development and CI machines).
 * PG_TEST_URL points elsewhere; PG_REQUIRED=1 (set by .ci/run) turns "unreachable" into a failure.
 */
export const PG_ADMIN_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REQUIRED = process.env.PG_REQUIRED === '1';

let reachable: Promise<string | null> | null = null;
/** null when the server answers; else why not. */
export function postgresProblem(): Promise<string | null> {
  reachable ??= (async () => {
    const client = new Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return null;
    } catch (e) {
      return `${PG_ADMIN_URL} is not reachable (${(e as Error).message})`;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

/**
 * A describe() whose tests run only when PostgreSQL answers. Otherwise it says so and skips —
 * unless PG_REQUIRED=1, where it fails: CI never skips the PostgreSQL suites silently.
 */
export function describePostgres(title: string, body: (this: Mocha.Suite) => void): void {
  describe(`${title} [PostgreSQL]`, function () {
    before(async function () {
      const problem = await postgresProblem();
      if (!problem) return;
      if (REQUIRED) throw new Error(`PG_REQUIRED=1 but ${problem}`);
      console.log(`    (skipped: ${problem}; set PG_TEST_URL to run the PostgreSQL suites)`);
      this.skip();
    });
    body.call(this);
  });
}

/** Drops the database a URL names (a test's own). */
export async function dropDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const c = new Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

/** A database of its own for one test (created empty, dropped by `drop`): runs never see each other's rows. */
export async function createTestDatabase(
  options: { icuLocale?: string } = {},
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `chorizaurio_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    // An ICU default collation (as managed PostgreSQL services often have) sorts text differently from SQLite.
    await admin.query(
      options.icuLocale
        ? `CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '${options.icuLocale.replace(/'/g, '')}' LOCALE 'C.UTF-8'`
        : `CREATE DATABASE ${name}`,
    );
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => dropDatabase(url.toString()),
  };
}

/** A fresh database with the whole migration list applied, and its store (close() also drops it). */
export async function migratedPostgres(
  options: { icuLocale?: string } = {},
): Promise<{ store: PostgresStore; url: string; close(): Promise<void> }> {
  const db = await createTestDatabase(options);
  const store = await PostgresStore.open(db.url, { poolSize: 4 });
  const result = await new RunMigrations(new PostgresMigrationRunner(store, MIGRATIONS, 'test'), null).execute({
    trigger: 'test',
    requestedBy: 'test',
  });
  if (!result.ok) {
    await store.close();
    await db.drop();
    throw new Error(`${result.error.code}: ${result.error.message}`);
  }
  return {
    store,
    url: db.url,
    close: async () => {
      await store.close();
      await db.drop();
    },
  };
}
