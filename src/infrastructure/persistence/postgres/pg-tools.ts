import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { Client } from 'pg';
import { loadPg } from './postgres-store';

/**
 * PostgreSQL's own client tools (`pg_dump`, `pg_restore`; Debian's `postgresql-client`), run as
 * child processes. The connection goes through libpq's environment variables, never the command
 * line: a password in a URL would otherwise show in `ps`.
 */

/** libpq's environment for a postgres:// URL (host, port, user, password, database, sslmode…). */
export function libpqEnvironment(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = {
    PGHOST: decodeURIComponent(u.hostname.replace(/^\[|\]$/g, '')),
    PGPORT: u.port || '5432',
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)),
  };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const params: Record<string, string> = {
    sslmode: 'PGSSLMODE',
    sslrootcert: 'PGSSLROOTCERT',
    sslcert: 'PGSSLCERT',
    sslkey: 'PGSSLKEY',
    application_name: 'PGAPPNAME',
    connect_timeout: 'PGCONNECT_TIMEOUT',
  };
  for (const [key, variable] of Object.entries(params)) {
    const value = u.searchParams.get(key);
    if (value !== null) env[variable] = value;
  }
  return env;
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export const databaseOf = (url: string): string => decodeURIComponent(new URL(url).pathname.slice(1));

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export class PgToolError extends Error {}

const SETPRIV = '/usr/bin/setpriv';
const dieWithParent = fs.existsSync(SETPRIV);

/**
 * Starts a client tool that dies with this process (util-linux's setpriv sets its parent-death
 * signal): a server killed mid-restore does not leave a pg_restore behind that commits later, and
 * the transaction it held rolls back with its connection.
 */
function spawnTool(tool: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  return dieWithParent ? spawn(SETPRIV, ['--pdeathsig', 'SIGKILL', '--', tool, ...args], options) : spawn(tool, [...args], options);
}

interface ToolRun {
  readonly tool: 'pg_dump' | 'pg_restore';
  readonly args: readonly string[];
  readonly url: string | null;
}

const notInstalled = (tool: string): string =>
  `${tool} is not installed (Debian/Ubuntu: apt-get install postgresql-client; it must be the server's major version or newer)`;

/** Runs one tool to completion; rejects with its own words (stderr) when it fails. */
export function runTool(run: ToolRun, options: { stdout?: 'collect' | 'ignore' } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnTool(run.tool, run.args, {
      env: { ...process.env, ...(run.url ? libpqEnvironment(run.url) : {}) },
      stdio: ['ignore', options.stdout === 'collect' ? 'pipe' : 'ignore', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr!.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(new PgToolError(e.code === 'ENOENT' ? notInstalled(run.tool) : `${run.tool} could not start: ${e.message}`)),
    );
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(Buffer.concat(out).toString('utf8'));
      if (code === 127) return reject(new PgToolError(notInstalled(run.tool)));
      const said = Buffer.concat(err).toString('utf8').trim().split('\n').slice(-4).join(' | ');
      reject(new PgToolError(`${run.tool} failed (${signal ?? `exit ${code}`}): ${said || 'no message'}`));
    });
  });
}

/**
 * `pg_dump | pg_restore`: copies one database into another without a file between. With
 * `replace`, the target's objects are dropped and recreated and the data loaded in ONE transaction
 * (`--clean --single-transaction`): readers see the old content until the commit, then the new;
 * a failure or a crash at any point leaves the target exactly as it was.
 */
export function pipeDatabase(fromUrl: string, toUrl: string, options: { replace: boolean; excludeSchema?: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const dump = spawnTool(
      'pg_dump',
      ['--format=custom', '--no-owner', '--no-privileges', ...(options.excludeSchema ? [`--exclude-schema=${options.excludeSchema}`] : [])],
      {
        env: { ...process.env, ...libpqEnvironment(fromUrl) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const restore = spawnTool(
      'pg_restore',
      [
        '--no-owner',
        '--no-privileges',
        '--exit-on-error',
        '--single-transaction',
        ...(options.replace ? ['--clean', '--if-exists'] : []),
        `--dbname=${databaseOf(toUrl)}`,
      ],
      { env: { ...process.env, ...libpqEnvironment(toUrl) }, stdio: ['pipe', 'ignore', 'pipe'] },
    );
    dump.stdout!.pipe(restore.stdin!);
    const errors: Record<string, Buffer[]> = { pg_dump: [], pg_restore: [] };
    dump.stderr!.on('data', (c: Buffer) => errors.pg_dump!.push(c));
    restore.stderr!.on('data', (c: Buffer) => errors.pg_restore!.push(c));
    restore.stdin!.on('error', () => undefined); // pg_restore gave up first: its own exit says why
    let pending = 2;
    const failures: string[] = [];
    const done = (tool: 'pg_dump' | 'pg_restore') => (code: number | null, signal: NodeJS.Signals | null) => {
      if (code === 127) failures.push(notInstalled(tool));
      else if (code !== 0) {
        const said = Buffer.concat(errors[tool]!).toString('utf8').trim().split('\n').slice(-4).join(' | ');
        failures.push(`${tool} failed (${signal ?? `exit ${code}`}): ${said || 'no message'}`);
        if (tool === 'pg_restore') dump.kill();
      }
      if (--pending === 0) failures.length ? reject(new PgToolError(failures.join('; '))) : resolve();
    };
    for (const [tool, child] of [
      ['pg_dump', dump],
      ['pg_restore', restore],
    ] as const) {
      child.on('error', (e) => {
        failures.push(`${tool} could not start: ${e.message}`);
      });
      child.on('close', done(tool));
    }
  });
}

/** A short-lived connection for administrative statements (CREATE/DROP DATABASE cannot run in a transaction). */
export async function withClient<T>(url: string, work: (c: Client) => Promise<T>, applicationName = 'chorizaurio maintenance'): Promise<T> {
  const client = new (loadPg().Client)({ connectionString: url, application_name: applicationName });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Major version of a client tool (`pg_dump --version`), or why it cannot be run. */
export async function toolMajorVersion(tool: 'pg_dump' | 'pg_restore'): Promise<number> {
  const text = await runTool({ tool, args: ['--version'], url: null }, { stdout: 'collect' });
  const m = /(\d+)(?:\.\d+)?/.exec(text);
  if (!m) throw new PgToolError(`${tool} --version printed no version: ${text.trim()}`);
  return Number(m[1]);
}

/**
 * Can this machine make and restore dumps of this server? pg_dump refuses a server newer than
 * itself: null when both tools are there and new enough, else what to install.
 */
export async function dumpToolsProblem(url: string): Promise<string | null> {
  let server: number;
  let mayCreate: boolean;
  try {
    ({ server, mayCreate } = await withClient(url, async (c) => {
      const { rows } = await c.query<{ v: string; create: boolean }>(
        "SELECT current_setting('server_version_num') AS v, (SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user) AS create",
      );
      return { server: Math.floor(Number(rows[0]!.v) / 10000), mayCreate: rows[0]!.create === true };
    }));
  } catch (e) {
    return `cannot read the server's version: ${(e as Error).message}`;
  }
  if (!mayCreate)
    return 'the database user may not create databases (each dump is verified by restoring it into a scratch database): ALTER ROLE … CREATEDB';
  for (const tool of ['pg_dump', 'pg_restore'] as const) {
    let major: number;
    try {
      major = await toolMajorVersion(tool);
    } catch (e) {
      return (e as Error).message;
    }
    if (major < server)
      return `${tool} is version ${major} but the server is PostgreSQL ${server}: install postgresql-client-${server} (pg_dump cannot dump a newer server)`;
  }
  return null;
}
