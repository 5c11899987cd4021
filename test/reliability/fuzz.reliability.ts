import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { getMetadataStorage } from 'class-validator';
import type { RouteInfo } from '../../src/interfaces/http/app';
import { loginAt, pick, routesAndServer, tablesChecksum, withDb } from './support';
import type { ServerProcess } from '../support/server-process';

/** Every field name the validation classes declare, plus the ones routes read by hand. */
function fieldNames(): string[] {
  const names = new Set<string>([
    'cliente',
    'productos',
    'items',
    'id',
    'cantidad',
    'producto_id',
    'cliente_id',
    'notas',
    'confirm',
    'idempotency_key',
    'pedido_ids',
    'ids',
    'delta',
    'stock',
    'estado',
  ]);
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, { propertyName: string }[]> };
  for (const list of storage.validationMetadatas.values()) for (const m of list) names.add(m.propertyName);
  return [...names];
}

const QUERY_NAMES = [
  'desde',
  'hasta',
  'fecha_inicio',
  'fecha_fin',
  'estado',
  'creado_por',
  'cliente_id',
  'horas',
  'lite',
  'limit',
  'offset',
  'q',
  'zona',
  'include_inactive',
  'dias',
  'fecha',
  'tipo',
];

const hostileString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\u001b[31mred',
    '\r\n',
    '\ud800',
    'é',
    'e\u0301',
    '🥩'.repeat(50),
    "'; DROP TABLE pedidos; --",
    '../../etc/passwd',
    '%00',
    '<script>alert(1)</script>',
    '=cmd|/c calc',
    'NaN',
    'Infinity',
    '1e309',
    '-0',
    'true',
    'null',
    '{}',
    '[]',
    'a'.repeat(5_000),
  ),
);
const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1, 1e308, -1e308, 2 ** 53 + 1, -(2 ** 53), 1e15, 1e16, 0.1, -0.000001, 100_001, 2_147_483_648),
);
const leaf = fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null));
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    leaf,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('v'), { maxKeys: 4 }),
  ),
})).v;

function bodyArbitrary(fields: string[]) {
  const object = fc.dictionary(fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 10 })), value, { maxKeys: 8 });
  return fc.oneof(
    { weight: 6, arbitrary: object.map((o) => ({ kind: 'json' as const, text: JSON.stringify(o) })) },
    {
      weight: 2,
      arbitrary: object.map((o) => ({
        kind: 'form' as const,
        text: new URLSearchParams(
          Object.entries(o).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')]),
        ).toString(),
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          '{"cantidad": NaN}',
          '{"cantidad": Infinity}',
          '{"items":[{"producto_id":1,"cantidad":1e309}],"cliente_id":1}',
          '{"a":1,"a":2}',
          '{"cliente_id":1,"cliente_id":"x"}',
          '{',
          '[',
          '"just a string"',
          '123',
          'null',
          '\ufeff{}',
          '{"__proto__":{"admin":true}}',
          '{"constructor":{"prototype":{}}}',
          `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
          `${'{"a":'.repeat(3_000)}1${'}'.repeat(3_000)}`,
        )
        .map((text) => ({ kind: 'raw-json' as const, text })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('a=1&a=2', 'password=%00', 'username=' + 'x'.repeat(3000))
        .map((text) => ({ kind: 'form' as const, text })),
    },
    { weight: 1, arbitrary: fc.constantFrom('plain text', '<xml/>').map((text) => ({ kind: 'text' as const, text })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'utf16' as const, text: '{"nombre":"Ñandú"}' }) },
    {
      weight: 1,
      arbitrary: object.map((o) => ({ kind: 'latin1' as const, text: JSON.stringify({ ...o, nombre: 'Ñandú çà', notas: 'añejo' }) })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const, text: '' }) },
  );
}

const pathValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('1', '2', '3', '5') },
  { weight: 1, arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '0',
      '-1',
      '1e3',
      '1.5',
      '99999999999999999999',
      'abc',
      '..',
      '..%2F..%2Fetc%2Fpasswd',
      '%00',
      'ventas_20990101_000001.db',
      '.incoming-x.db',
      'rotted-ventas_1.db',
      '%C3%A9',
      'a'.repeat(3000),
    ),
  },
  // A lone surrogate cannot be percent-encoded as UTF-8: send the invalid bytes themselves.
  {
    weight: 1,
    arbitrary: hostileString.map((s) => {
      try {
        return encodeURIComponent(s);
      } catch {
        return '%ED%A0%80';
      }
    }),
  },
);

interface Case {
  route: RouteInfo;
  params: string[];
  query: [string, string][];
  body: { kind: 'json' | 'raw-json' | 'form' | 'text' | 'utf16' | 'latin1' | 'none'; text: string };
  who: 'admin' | 'oficina' | 'vendedor' | 'none';
  huge: 'none' | 'url' | 'body';
}

/**
 * Property-based fuzzing (fast-check) of every route the router holds — paths, query strings and
 * bodies generated from the routes and the validation classes, so a new route or field cannot be
 * forgotten — against the real server on a copy of the production file. Invariants: no 5xx;
 * every error in the §0.2 shape; a refused request changes no row of any table.
 */
describe('reliability: fuzzing every route (fast-check)', function () {
  const runs = pick(2_500, 12_000);
  this.timeout(pick(10, 40) * 60_000);
  let routes: readonly RouteInfo[];
  let server: ServerProcess;
  let dir: string;
  let tokens: Record<'admin' | 'oficina' | 'vendedor', string>;

  before(async () => {
    ({ routes, server, dir } = await routesAndServer('chorizaurio-fuzz-'));
    tokens = {
      admin: await loginAt(server.url, 'admin', 'friosur2026'),
      oficina: await loginAt(server.url, 'oficina1', 'oficina2026'),
      vendedor: await loginAt(server.url, 'vendedor1', 'vendedor2026'),
    };
  });
  after(async () => server?.stop());

  async function send(c: Case): Promise<{ status: number; text: string; type: string }> {
    let p = c.route.path;
    let i = 0;
    p = p.replace(/:[a-z_]+/g, () => c.params[i++ % c.params.length] ?? '1');
    const qs = new URLSearchParams(c.query);
    if (c.huge === 'url') qs.set('q', 'x'.repeat(20_000));
    const url = `${server.url}${p}${[...qs].length ? `?${qs}` : ''}`;
    const headers: Record<string, string> = {};
    if (c.who !== 'none') headers.Authorization = `Bearer ${tokens[c.who]}`;
    let body: string | Buffer | undefined;
    if (!['GET', 'DELETE'].includes(c.route.method) || c.body.kind !== 'none') {
      if (c.body.kind === 'json' || c.body.kind === 'raw-json' || c.body.kind === 'latin1') headers['Content-Type'] = 'application/json';
      if (c.body.kind === 'form') headers['Content-Type'] = 'application/x-www-form-urlencoded';
      if (c.body.kind === 'text') headers['Content-Type'] = 'text/plain';
      if (c.body.kind === 'utf16') headers['Content-Type'] = 'application/json; charset=utf-16';
      // Other encodings: UTF-16 declared as such, and Latin-1 bytes sent as if they were UTF-8.
      body =
        c.body.kind === 'utf16'
          ? Buffer.from(c.body.text, 'utf16le')
          : c.body.kind === 'latin1'
            ? Buffer.from(c.body.text, 'latin1')
            : c.body.text;
      if (c.huge === 'body') body = JSON.stringify({ notas: 'x'.repeat(1_100_000) });
    }
    if (c.route.method === 'GET') body = undefined;
    const res = await fetch(url, { method: c.route.method, headers, body });
    return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
  }

  /**
   * A generated case may legitimately end a session (deactivate, demote or delete the fuzzing
   * user, change its password): the users are put back as they were, and signed in again.
   */
  let originalUsers: Record<string, unknown>[] = [];
  async function repairSessions(): Promise<boolean> {
    let repaired = false;
    const accounts = {
      admin: ['admin', 'friosur2026', 'admin'],
      oficina: ['oficina1', 'oficina2026', 'oficina'],
      vendedor: ['vendedor1', 'vendedor2026', 'vendedor'],
    } as const;
    for (const who of ['admin', 'oficina', 'vendedor'] as const) {
      const [username, password, rol] = accounts[who];
      const me = await fetch(`${server.url}/api/users/me`, { headers: { Authorization: `Bearer ${tokens[who]}` } });
      if (me.status === 200 && ((await me.json()) as { rol: string }).rol === rol) continue;
      const row = originalUsers.find((u) => u.username === username)!;
      await withDb(
        path.join(dir, 'ventas.db'),
        (d) =>
          d.all(
            'INSERT INTO usuarios (id, username, password_hash, rol, activo) VALUES (?, ?, ?, ?, 1) ON CONFLICT(id) DO UPDATE SET username = excluded.username, password_hash = excluded.password_hash, rol = excluded.rol, activo = 1',
            [row.id, row.username, row.password_hash, row.rol],
          ),
        'readwrite',
      );
      tokens[who] = await loginAt(server.url, username, password);
      repaired = true;
    }
    return repaired;
  }

  function check(c: Case, r: { status: number; text: string; type: string }, changed: boolean): void {
    const label = `${c.route.method} ${c.route.path} as ${c.who} (${c.body.kind}${c.huge !== 'none' ? `, huge ${c.huge}` : ''}) → ${r.status}: ${r.text.slice(0, 300)}`;
    expect(r.status, label).to.be.below(500);
    if (r.status >= 400) {
      expect(r.type, label).to.match(/application\/json/);
      const b = JSON.parse(r.text) as Record<string, unknown>;
      expect(b.detail, label).to.be.a('string');
      expect(b.error, label).to.equal(b.detail);
      expect(b.code, label).to.be.a('string');
      expect(b.timestamp, label).to.be.a('string');
      expect(changed, `a refused request changed rows: ${label}`).to.equal(false);
    }
  }

  it(`${runs} generated requests over every route: no 5xx, every error in the §0.2 shape, a refusal changes nothing`, async () => {
    const db = path.join(dir, 'ventas.db');
    const fields = fieldNames();
    const caseArb: fc.Arbitrary<Case> = fc.record({
      route: fc.constantFrom(...routes.filter((r) => r.path !== '/api/logout')),
      params: fc.array(pathValue, { minLength: 2, maxLength: 2 }),
      query: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_NAMES), fc.string({ maxLength: 6 })), hostileString), { maxLength: 4 }),
      body: bodyArbitrary(fields),
      who: fc.constantFrom('admin', 'admin', 'admin', 'oficina', 'vendedor', 'none'),
      huge: fc.oneof(
        { weight: 40, arbitrary: fc.constant('none' as const) },
        { weight: 1, arbitrary: fc.constant('url' as const) },
        { weight: 1, arbitrary: fc.constant('body' as const) },
      ),
    });
    originalUsers = await withDb(db, (d) => d.all('SELECT id, username, password_hash, rol FROM usuarios'));
    let before = await tablesChecksum(db);
    const hits = new Map<string, number>();
    const statuses = new Map<number, number>();
    const one = async (c: Case) => {
      const r = await send(c);
      const after = await tablesChecksum(db);
      hits.set(`${c.route.method} ${c.route.path}`, (hits.get(`${c.route.method} ${c.route.path}`) ?? 0) + 1);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      check(c, r, after !== before);
      before = after;
      if (r.status < 300 && /password|usuarios|users|refresh/.test(c.route.path) && (await repairSessions()))
        before = await tablesChecksum(db);
    };
    // Every route at least once with an empty body and a hostile one, before the random cases.
    for (const route of routes.filter((r) => r.path !== '/api/logout')) {
      for (const body of [
        { kind: 'none' as const, text: '' },
        { kind: 'raw-json' as const, text: `${'['.repeat(5_000)}${']'.repeat(5_000)}` },
      ]) {
        await one({ route, params: ['1', '999999'], query: [], body, who: 'admin', huge: 'none' });
      }
    }
    await fc.assert(fc.asyncProperty(caseArb, one), { numRuns: runs, endOnFailure: true });
    const summary = [...statuses.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
    process.stdout.write(`      ${runs + routes.length * 2} requests over ${hits.size} routes; statuses ${summary}\n`);
    expect(hits.size).to.equal(routes.filter((r) => r.path !== '/api/logout').length);
    // Nothing accepted was stored garbled (U+FFFD is what bytes that are not UTF-8 become).
    const garbled = await withDb(db, async (d) => {
      const found: string[] = [];
      for (const { name } of await d.all<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
      )) {
        for (const row of await d.all(`SELECT * FROM "${name}"`))
          if (JSON.stringify(row).includes('\uFFFD')) found.push(`${name}: ${JSON.stringify(row).slice(0, 120)}`);
      }
      return found;
    });
    expect(garbled).to.deep.equal([]);
    expect(fs.existsSync(db)).to.equal(true);
  });
});
