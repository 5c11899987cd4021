import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startServer, type ServerProcess } from '../support/server-process';
import { startApp } from '../support/http-app';
import { copyFixture, tempDir } from '../support/temp';
import type { RouteInfo } from '../../src/interfaces/http/app';
import { RawSqlite } from '../../src/infrastructure/sqlite/sqlite-file';

/** `RELIABILITY_LONG=1 npm run test:reliability`: the long form (more trials, longer loads, more cases). */
export const LONG = process.env.RELIABILITY_LONG === '1' || process.env.RELIABILITY_LONG === 'true';
export const pick = <T>(ci: T, long: T): T => (LONG ? long : ci);

export const ADMIN_PASSWORD = 'Admin2026x';
export const SECRET_KEY = 'reliability-secret-key-0123456789abcdefghijkl';

/** The server's environment for these suites: generous rate limits, scheduled backups off unless asked. */
export const serverEnv = (dir: string, extra: Record<string, string> = {}): Record<string, string> => ({
  DATA_DIR: dir,
  DB_PATH: path.join(dir, 'ventas.db'),
  SECRET_KEY,
  ADMIN_PASSWORD,
  LOG_LEVEL: 'info',
  BACKUP_ENABLED: 'false',
  RATE_LIMIT_AUTH: '100000/minute',
  RATE_LIMIT_WRITE: '100000/minute',
  RATE_LIMIT_READ: '100000/minute',
  RATE_LIMIT_ADMIN: '100000/minute',
  ...extra,
});

/**
 * The routes the router holds (built in this process by the real container), and the real server
 * as a child process on a fresh copy of the production file: what the generated suites attack.
 */
export async function routesAndServer(prefix: string): Promise<{ routes: readonly RouteInfo[]; server: ServerProcess; dir: string }> {
  const app = await startApp({ fixture: 'original-current.db' });
  const routes = app.routes;
  await app.close();
  const dir = tempDir(prefix);
  copyFixture('original-current.db', dir, 'ventas.db');
  return { routes, server: await start(dir), dir };
}

export const start = (dir: string, extra: Record<string, string> = {}): Promise<ServerProcess> =>
  startServer(serverEnv(dir, extra), dir, 60_000);

export async function loginAt(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/login`, { method: 'POST', body: new URLSearchParams({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export const json = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A random integer in [lo, hi]. */
export const between = (lo: number, hi: number): number => lo + Math.floor(Math.random() * (hi - lo + 1));

/** Orders placed and acknowledged (2xx) by the order clients, with their line count. */
export interface Acknowledged {
  readonly ids: Map<number, number>;
  readonly refused: Map<number, number>;
}

/**
 * `clients` concurrent loops placing orders of 3 lines as `token` until `stop()` (or until the
 * server goes away). Each 2xx is recorded with its id: these are the acknowledged orders.
 */
export function orderClients(url: string, token: string, clients: number, clientIds: number[], productIds: number[]) {
  const acked: Acknowledged = { ids: new Map(), refused: new Map() };
  let stopped = false;
  const loop = async (): Promise<void> => {
    while (!stopped) {
      const chosen = new Set<number>();
      while (chosen.size < 3) chosen.add(productIds[between(0, productIds.length - 1)]!);
      const uniqueItems = [...chosen].map((producto_id) => ({ producto_id, cantidad: between(1, 5) }));
      try {
        const res = await fetch(`${url}/api/pedidos`, {
          method: 'POST',
          headers: json(token),
          body: JSON.stringify({ cliente_id: clientIds[between(0, clientIds.length - 1)], items: uniqueItems, notas: 'reliability' }),
        });
        if (res.ok) {
          const body = (await res.json()) as { id: number };
          acked.ids.set(body.id, uniqueItems.length);
        } else {
          acked.refused.set(res.status, (acked.refused.get(res.status) ?? 0) + 1);
          await res.arrayBuffer();
          await sleep(5);
        }
      } catch {
        // The server is gone (killed): this request was never acknowledged.
        await sleep(20);
      }
    }
  };
  const loops = Array.from({ length: clients }, () => loop());
  return {
    acked,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

export async function withDb<T>(
  file: string,
  work: (db: RawSqlite) => Promise<T>,
  mode: 'readonly' | 'readwrite' = 'readonly',
): Promise<T> {
  const db = await RawSqlite.open(file, mode);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** integrity_check and foreign_key_check; returns the problems (empty when sound). */
export async function soundness(file: string): Promise<string[]> {
  return withDb(file, async (db) => {
    const integrity = (await db.all<Record<string, string>>('PRAGMA integrity_check')).map((r) => Object.values(r)[0]!);
    const fk = await db.all('PRAGMA foreign_key_check');
    return [
      ...(integrity.length === 1 && integrity[0] === 'ok' ? [] : integrity.slice(0, 3)),
      ...(fk.length ? [`${fk.length} foreign key violations`] : []),
    ];
  });
}

/** Line counts of the given orders in a database file (orders absent are absent). */
export async function orderLines(file: string, ids: readonly number[]): Promise<Map<number, number>> {
  const found = new Map<number, number>();
  if (ids.length === 0) return found;
  await withDb(file, async (db) => {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = await db.all<{ id: number; n: number }>(
        `SELECT p.id, (SELECT count(*) FROM detalles_pedido d WHERE d.pedido_id = p.id) AS n FROM pedidos p WHERE p.id IN (${chunk.map(() => '?').join(',')})`,
        chunk,
      );
      for (const r of rows) found.set(r.id, r.n);
    }
  });
  return found;
}

/** The listed backups (a `ventas_*.db` beside its manifest), each verified against the manifest; returns the problems. */
export async function verifyListedBackups(backupDir: string): Promise<{ listed: { file: string; kind: string }[]; problems: string[] }> {
  const listed: { file: string; kind: string }[] = [];
  const problems: string[] = [];
  if (!fs.existsSync(backupDir)) return { listed, problems };
  for (const name of fs.readdirSync(backupDir)) {
    if (!/^ventas_\d{8}_\d{6}(_\d+)?\.db$/.test(name) || !fs.existsSync(path.join(backupDir, `${name}.json`))) continue;
    const file = path.join(backupDir, name);
    const m = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8')) as {
      size: number;
      sha256: string;
      kind: string;
      verification?: { result?: string };
    };
    if (m.verification?.result !== 'ok') continue;
    listed.push({ file, kind: m.kind });
    const bytes = fs.readFileSync(file);
    if (bytes.length !== m.size) problems.push(`${name}: size ${bytes.length} ≠ manifest ${m.size}`);
    if (createHash('sha256').update(bytes).digest('hex') !== m.sha256) problems.push(`${name}: SHA-256 differs from its manifest`);
    const check = await withDb(
      file,
      async (db) => (await db.all<{ quick_check: string }>('PRAGMA quick_check'))[0]?.quick_check,
      'readonly',
    ).catch((e: Error) => e.message);
    if (check !== 'ok') problems.push(`${name}: quick_check ${check}`);
  }
  return { listed, problems };
}

/** Every row of every table, hashed: equal digests mean nothing changed. */
export async function tablesChecksum(file: string): Promise<string> {
  return withDb(file, async (db) => {
    const tables = await db.all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    const h = createHash('sha256');
    for (const { name } of tables) {
      h.update(name);
      for (const row of await db.all(`SELECT * FROM "${name}" ORDER BY rowid`)) h.update(JSON.stringify(row));
    }
    return h.digest('hex');
  });
}
