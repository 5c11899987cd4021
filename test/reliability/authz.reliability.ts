import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import jwt from 'jsonwebtoken';
import type { RouteInfo } from '../../src/interfaces/http/app';
import type { ServerProcess } from '../support/server-process';
import { SECRET_KEY, json, loginAt, routesAndServer, tablesChecksum, withDb } from './support';
import { ACCESS_ROLES, ROUTE_ACCESS } from './route-access';

type Who =
  | 'none'
  | 'malformed'
  | 'expired'
  | 'wrong key'
  | 'alg none'
  | 'revoked'
  | 'deleted user'
  | 'inactive user'
  | 'vendedor'
  | 'oficina'
  | 'admin';
const INVALID: Who[] = ['none', 'malformed', 'expired', 'wrong key', 'alg none', 'revoked', 'deleted user', 'inactive user'];
const ROLES: Record<'vendedor' | 'oficina' | 'admin', string> = { vendedor: 'vendedor', oficina: 'oficina', admin: 'admin' };

/** The guards' refusals (interfaces/http/auth.middleware.ts and the routes' role guards). */
const GUARD_REFUSALS = [
  /^Acceso denegado\. Solo administradores\.$/,
  /^No tienes permiso para (realizar esta acción|crear pedidos|ver esta información|exportar)$/,
];

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/**
 * The authorization matrix, generated from the router: every route × {no token, malformed,
 * expired, wrong key, alg:none, revoked, deleted user, inactive user, vendedor, oficina, admin},
 * each answer checked on the real server against the specification in route-access.ts (which
 * every registered route must appear in). Then every
 * order route by id as one vendedor on another's order: refused, and nothing changes.
 */
describe('reliability: authorization matrix (every route × every kind of token)', function () {
  this.timeout(300_000);
  let routes: readonly RouteInfo[];
  let server: ServerProcess;
  let dir: string;
  const tokens = {} as Record<Who, string | null>;

  before(async () => {
    ({ routes, server, dir } = await routesAndServer('chorizaurio-authz-'));
    const admin = await loginAt(server.url, 'admin', 'friosur2026');
    const now = Math.floor(Date.now() / 1000);
    const claims = (over: Record<string, unknown> = {}) => ({
      sub: 'admin',
      rol: 'admin',
      activo: true,
      exp: now + 600,
      jti: randomUUID(),
      iat: now,
      ...over,
    });
    tokens.none = null;
    tokens.malformed = 'not.a.jwt';
    tokens.expired = jwt.sign(claims({ exp: now - 60, iat: now - 7200 }), SECRET_KEY, { algorithm: 'HS256' });
    tokens['wrong key'] = jwt.sign(claims(), 'some-other-key-0123456789-0123456789-0123', { algorithm: 'HS256' });
    tokens['alg none'] = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`;
    const revoked = await loginAt(server.url, 'admin', 'friosur2026');
    expect((await fetch(`${server.url}/api/logout`, { method: 'POST', headers: json(revoked) })).status).to.equal(200);
    tokens.revoked = revoked;
    const register = async (username: string) => {
      const res = await fetch(`${server.url}/api/register`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${admin}` },
        body: new URLSearchParams({ username, password: 'Matriz2026x', rol: 'admin' }),
      });
      expect(res.status, await res.clone().text()).to.equal(200);
      const users = (await (await fetch(`${server.url}/api/usuarios`, { headers: json(admin) })).json()) as {
        id: number;
        username: string;
      }[];
      return { id: users.find((u) => u.username === username)!.id, token: await loginAt(server.url, username, 'Matriz2026x') };
    };
    const gone = await register('matriz_borrado');
    expect((await fetch(`${server.url}/api/usuarios/${gone.id}`, { method: 'DELETE', headers: json(admin) })).status).to.be.oneOf([
      200, 204,
    ]);
    tokens['deleted user'] = gone.token;
    const off = await register('matriz_inactivo');
    expect((await fetch(`${server.url}/api/usuarios/${off.id}/desactivar`, { method: 'PUT', headers: json(admin) })).status).to.equal(200);
    tokens['inactive user'] = off.token;
    tokens.vendedor = await loginAt(server.url, 'vendedor1', 'vendedor2026');
    tokens.oficina = await loginAt(server.url, 'oficina1', 'oficina2026');
    tokens.admin = admin;
  });
  after(async () => server?.stop());

  it('every route the router holds has its access specified, and the guard in the code agrees with it', () => {
    const unspecified = routes.filter((r) => !(`${r.method} ${r.path}` in ROUTE_ACCESS)).map((r) => `${r.method} ${r.path}`);
    expect(unspecified, 'give these routes their access in test/reliability/route-access.ts').to.deep.equal([]);
    const gone = Object.keys(ROUTE_ACCESS).filter((k) => !routes.some((r) => `${r.method} ${r.path}` === k));
    expect(gone, 'routes specified but not registered').to.deep.equal([]);
    const fromGuard = (r: RouteInfo): string => {
      if (r.access.kind !== 'roles') return r.access.kind;
      const roles = [...r.access.roles].sort().join(',');
      return Object.entries(ACCESS_ROLES).find(([, list]) => [...list].sort().join(',') === roles)?.[0] ?? `roles ${roles}`;
    };
    const disagreeing = routes
      .filter((r) => fromGuard(r) !== ROUTE_ACCESS[`${r.method} ${r.path}`])
      .map((r) => `${r.method} ${r.path}: guard ${fromGuard(r)}, specified ${ROUTE_ACCESS[`${r.method} ${r.path}`]}`);
    expect(disagreeing).to.deep.equal([]);
  });

  it('every route answers each kind of token as the specification says', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of routes) {
      const access = ROUTE_ACCESS[`${route.method} ${route.path}`] ?? 'public';
      // Ids that exist nowhere: the guard decides before any look-up, and nothing is changed.
      const url = `${server.url}${route.path.replace(/:[a-z_]+/g, '999999')}`;
      for (const who of [...INVALID, 'vendedor', 'oficina', 'admin'] as Who[]) {
        if (route.path === '/api/logout' && !INVALID.includes(who)) continue; // would end the session the matrix uses
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (tokens[who]) headers.Authorization = `Bearer ${tokens[who]}`;
        const res = await fetch(url, { method: route.method, headers, body: route.method === 'GET' ? undefined : '{}' });
        const body = (await res.json().catch(() => ({}))) as { detail?: string };
        checked++;
        const label = `${route.method} ${route.path} as ${who} → ${res.status} ${body.detail ?? ''}`;
        if (res.status >= 500) failures.push(label);
        if (access === 'public') {
          if (res.status === 401 || (res.status === 403 && GUARD_REFUSALS.some((r) => r.test(body.detail ?? ''))))
            failures.push(`public route refused: ${label}`);
          continue;
        }
        if (INVALID.includes(who)) {
          if (res.status !== 401) failures.push(`expected 401: ${label}`);
          continue;
        }
        const rol = ROLES[who as keyof typeof ROLES];
        const allowed = access === 'user' || ACCESS_ROLES[access].includes(rol);
        const guardRefused = res.status === 403 && GUARD_REFUSALS.some((r) => r.test(body.detail ?? ''));
        if (allowed && (res.status === 401 || guardRefused)) failures.push(`expected to be let in: ${label}`);
        if (!allowed && !guardRefused) failures.push(`expected the guard's 403: ${label}`);
      }
    }
    process.stdout.write(`      ${checked} route × token answers checked over ${routes.length} routes\n`);
    expect(failures).to.deep.equal([]);
    expect(routes.filter((r) => ROUTE_ACCESS[`${r.method} ${r.path}`] !== 'public').length).to.be.greaterThan(90);
  });

  it("a vendedor cannot read or change another vendedor's order through any order route by id; nothing changes", async () => {
    const db = path.join(dir, 'ventas.db');
    const [other] = await withDb(db, (d) =>
      d.all<{ id: number; producto_id: number }>(
        "SELECT p.id, d.producto_id FROM pedidos p JOIN detalles_pedido d ON d.pedido_id = p.id WHERE p.creado_por = 'vendedor2' LIMIT 1",
      ),
    );
    expect(other).to.not.equal(undefined);
    const orderRoutes = routes.filter(
      (r) => /^\/api\/pedidos\/:id/.test(r.path) || /^\/api\/pedidos\/(generar_pdfs|preview_stock)$/.test(r.path),
    );
    expect(orderRoutes.length).to.be.at.least(8);
    const before = await tablesChecksum(db);
    const bodies: Record<string, unknown> = {
      estado: { estado: 'entregado' },
      notas: { notas: 'cambiado' },
      items: { producto_id: other!.producto_id, cantidad: 3 },
    };
    const leaks: string[] = [];
    for (const r of orderRoutes) {
      const url = `${server.url}${r.path.replace(':id', String(other!.id)).replace(':producto_id', String(other!.producto_id))}`;
      const key = Object.keys(bodies).find((k) => r.path.includes(k));
      const body =
        r.path.endsWith('generar_pdfs') || r.path.endsWith('preview_stock') ? { pedido_ids: [other!.id] } : key ? bodies[key] : {};
      const res = await fetch(url, {
        method: r.method,
        headers: json(tokens.vendedor!),
        body: r.method === 'GET' ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      const label = `${r.method} ${r.path} → ${res.status} ${text.slice(0, 150)}`;
      if (res.status < 400) {
        // The two id-list routes answer 200 for an empty selection: it must not contain the order.
        if (r.path.endsWith('preview_stock') && JSON.parse(text).productos.length === 0) continue;
        leaks.push(label);
      } else if (![403, 404].includes(res.status)) leaks.push(`unexpected: ${label}`);
    }
    expect(leaks).to.deep.equal([]);
    expect(await tablesChecksum(db)).to.equal(before);
  });
});
