import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHmac } from 'node:crypto';
import { DateTime } from 'luxon';
import { startApp, login, bearer, type RunningApp, TEST_SECRET } from '../support/http-app';
import { JwtTokenService } from '../../src/infrastructure/security/jwt-token-service';
import { FixedClock } from '../fakes/in-memory-auth';

/** curl as a separate process (the server runs in this one, so never a synchronous call). */
const curl = async (args: string[]): Promise<string> => (await promisify(execFile)('curl', args)).stdout;

const FIXTURE_USERS = [
  ['admin', 'friosur2026', 'admin'],
  ['oficina1', 'oficina2026', 'oficina'],
  ['vendedor1', 'vendedor2026', 'vendedor'],
  ['admin2', 'friosur2026', 'administrador'],
] as const;

const decodePayload = (token: string) => Buffer.from(token.split('.')[1]!, 'base64url').toString('latin1');

async function expectErrorBody(res: Response, status: number, message?: string | RegExp): Promise<Record<string, unknown>> {
  expect(res.status, `status of ${res.url}`).to.equal(status);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).to.have.keys(
    ...['detail', 'error', 'code', 'timestamp', ...Object.keys(body).filter((k) => ['details', 'request_id'].includes(k))],
  );
  expect(body.detail).to.equal(body.error);
  if (typeof message === 'string') expect(body.detail).to.equal(message);
  else if (message) expect(String(body.detail)).to.match(message);
  return body;
}

describe('e2e: sign-in and users admin over HTTP (copy of original-current.db)', function () {
  this.timeout(60_000);
  let app: RunningApp;
  beforeEach(async () => (app = await startApp({ fixture: 'original-current.db' })));
  afterEach(async () => app.close());

  it('the fixture users sign in with their passwords; the inactive one gets 403', async () => {
    for (const [username, password, rol] of FIXTURE_USERS) {
      const res = await fetch(`${app.url}/api/login`, { method: 'POST', body: new URLSearchParams({ username, password }) });
      expect(res.status, username).to.equal(200);
      expect(await res.json()).to.include({ token_type: 'bearer', rol, username });
    }
    const inactive = await fetch(`${app.url}/api/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'vendedor2', password: 'vendedor2026' }),
    });
    await expectErrorBody(inactive, 403, 'Tu cuenta está desactivada. Contacta al administrador.');
    const wrong = await fetch(`${app.url}/api/login`, { method: 'POST', body: new URLSearchParams({ username: 'admin', password: 'x' }) });
    await expectErrorBody(wrong, 401, 'Usuario o contraseña incorrectos');
    // Multipart works too.
    const form = new FormData();
    form.set('username', 'admin');
    form.set('password', 'friosur2026');
    expect((await fetch(`${app.url}/api/login`, { method: 'POST', body: form })).status).to.equal(200);
  });

  it("admin's token carries sub, rol, activo, exp, jti with an ASCII-only payload", async () => {
    const token = await login(app, 'admin', 'friosur2026');
    const raw = decodePayload(token);
    expect(raw).to.match(/^[\x20-\x7e]+$/);
    const claims = JSON.parse(raw) as Record<string, unknown>;
    expect(claims).to.include({ sub: 'admin', rol: 'admin', activo: true });
    expect(claims.exp)
      .to.be.a('number')
      .greaterThan(Date.now() / 1000);
    expect(claims.jti).to.be.a('string');
    const lastLogin = await app.query<{ last_login: string }>("SELECT last_login FROM usuarios WHERE username = 'admin'");
    expect(lastLogin[0]!.last_login).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}-03:00$/);
  });

  it('the runbook\'s "User Locked Out" procedure, run verbatim with curl', async () => {
    const TOKEN = await login(app, 'admin', 'friosur2026');
    const API = app.url;
    // 1. Check via API: GET /api/usuarios (as admin)
    const listed = JSON.parse(await curl(['-s', `${API}/api/usuarios`, '-H', `Authorization: Bearer ${TOKEN}`])) as {
      id: number;
      username: string;
      activo: boolean;
    }[];
    const locked = listed.find((u) => u.username === 'vendedor2')!;
    expect(locked.activo).to.equal(false);
    // 2. Reactivate: PUT /api/usuarios/{id} with {"activo": true}
    const out = await curl([
      '-s',
      '-w',
      '\n%{http_code}',
      '-X',
      'PUT',
      `${API}/api/usuarios/${locked.id}`,
      '-H',
      `Authorization: Bearer ${TOKEN}`,
      '-H',
      'Content-Type: application/json',
      '-d',
      '{"activo": true}',
    ]);
    const [body, status] = out.split('\n');
    expect(status).to.equal('200');
    expect(JSON.parse(body!)).to.include({ id: locked.id, username: 'vendedor2', activo: true });
    // …who can then sign in.
    expect(await login(app, 'vendedor2', 'vendedor2026')).to.be.a('string');
    // The change is audited in the existing table's shape.
    const audit = await app.query<Record<string, unknown>>("SELECT * FROM audit_log WHERE accion = 'ACTIVATE'");
    expect(audit).to.have.length(1);
    expect(audit[0]).to.include({ usuario: 'admin', tabla: 'usuarios', registro_id: locked.id, ip_address: '127.0.0.1' });
    expect(JSON.parse(String(audit[0]!.datos_antes))).to.include({ activo: false });
    expect(JSON.parse(String(audit[0]!.datos_despues))).to.include({ activo: true });
    expect(audit[0]!.user_agent).to.match(/curl/);
    expect(audit[0]!.timestamp).to.match(/-03:00$/);
  });

  describe('every admin-only route', () => {
    const routes: { method: string; path: (id: number) => string; body?: () => URLSearchParams | FormData; json?: unknown }[] = [
      { method: 'GET', path: () => '/api/usuarios' },
      { method: 'PUT', path: (id) => `/api/usuarios/${id}`, json: { activo: true } },
      { method: 'PUT', path: (id) => `/api/usuarios/${id}/activar` },
      { method: 'PUT', path: (id) => `/api/usuarios/${id}/desactivar` },
      { method: 'PUT', path: (id) => `/api/usuarios/${id}/rol`, body: () => formOf({ rol: 'vendedor' }) },
      { method: 'PUT', path: (id) => `/api/usuarios/${id}/password`, body: () => formOf({ new_password: 'Nueva2026x' }) },
      { method: 'PUT', path: (id) => `/api/usuarios/${id}/reset-password`, body: () => formOf({ new_password: 'Nueva2026y' }) },
      { method: 'DELETE', path: (id) => `/api/usuarios/${id}` },
      {
        method: 'POST',
        path: () => '/api/register',
        body: () => new URLSearchParams({ username: `nuevo${Math.random()}`, password: 'Carne2026x', rol: 'oficina' }),
      },
      { method: 'GET', path: () => '/api/users' },
      { method: 'PUT', path: (id) => `/api/users/${id}/rol`, json: { rol: 'oficina' } },
      { method: 'PUT', path: (id) => `/api/users/${id}/toggle_active` },
    ];
    const formOf = (fields: Record<string, string>) => {
      const f = new FormData();
      for (const [k, v] of Object.entries(fields)) f.set(k, v);
      return f;
    };
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

    it('answers 401 without or with a bad token, 403 to a vendedor, and 200 to an admin', async () => {
      const admin = await login(app, 'admin', 'friosur2026');
      const vendedor = await login(app, 'vendedor1', 'vendedor2026');
      const now = Math.floor(Date.now() / 1000);
      const expired = new JwtTokenService(TEST_SECRET, 30, new FixedClock(DateTime.utc().minus({ hours: 2 }))).issue({
        username: 'admin',
        rol: 'admin',
      }).token;
      const [h, , sig] = admin.split('.');
      const tampered = `${h}.${b64({ sub: 'admin', rol: 'admin', activo: true, exp: now + 999, jti: 'x' })}.${sig}`;
      const algNone = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'admin', rol: 'admin', activo: true, exp: now + 999, jti: 'y' })}.`;
      const revoked = await login(app, 'admin', 'friosur2026');
      expect((await fetch(`${app.url}/api/logout`, { method: 'POST', headers: bearer(revoked) })).status).to.equal(200);
      const inactiveAdmin = await login(app, 'admin2', 'friosur2026');
      const admin2Id = (await app.query<{ id: number }>("SELECT id FROM usuarios WHERE username = 'admin2'"))[0]!.id;
      expect((await fetch(`${app.url}/api/usuarios/${admin2Id}/desactivar`, { method: 'PUT', headers: bearer(admin) })).status).to.equal(
        200,
      );
      const foreignKey = (() => {
        const header = b64({ alg: 'HS256', typ: 'JWT' });
        const payload = b64({ sub: 'admin', rol: 'admin', activo: true, exp: now + 999, jti: 'z' });
        return `${header}.${payload}.${createHmac('sha256', 'another-key-another-key-another-key').update(`${header}.${payload}`).digest('base64url')}`;
      })();

      const bad: Record<string, [Record<string, string>, string]> = {
        'no token': [{}, 'Not authenticated'],
        expired: [bearer(expired), 'Token inválido o expirado'],
        tampered: [bearer(tampered), 'Token inválido o expirado'],
        'alg none': [bearer(algNone), 'Token inválido o expirado'],
        'other key': [bearer(foreignKey), 'Token inválido o expirado'],
        revoked: [bearer(revoked), 'Sesión cerrada. Inicia sesión nuevamente.'],
        'inactive user': [bearer(inactiveAdmin), 'Usuario inactivo'],
      };
      for (const route of routes) {
        for (const [what, [headers, message]] of Object.entries(bad)) {
          const res = await fetch(app.url + route.path(3), { method: route.method, headers });
          const body = await expectErrorBody(res, 401, message);
          expect(body.code, `${route.method} ${route.path(3)} ${what}`).to.equal('UNAUTHORIZED');
        }
        const forbidden = await fetch(app.url + route.path(3), { method: route.method, headers: bearer(vendedor) });
        await expectErrorBody(forbidden, 403, 'Acceso denegado. Solo administradores.');
      }
      // 200 with an admin's token: each on a throw-away user so the routes do not interfere.
      for (const route of routes) {
        const reg = await fetch(`${app.url}/api/register`, {
          method: 'POST',
          headers: bearer(admin),
          body: new URLSearchParams({ username: `t${Math.random()}`, password: 'Carne2026x', rol: 'vendedor' }),
        });
        const id = ((await reg.json()) as { id: number }).id;
        const res = await fetch(app.url + route.path(id), {
          method: route.method,
          headers: { ...bearer(admin), ...(route.json ? { 'Content-Type': 'application/json' } : {}) },
          body: route.json ? JSON.stringify(route.json) : route.body?.(),
        });
        expect(res.status, `${route.method} ${route.path(id)}: ${await res.clone().text()}`).to.equal(200);
      }
    });
  });

  it('malformed JSON, a form where JSON was expected, a 10 MB body, unknown routes and wrong methods: §0.2 body, right status, never 500', async () => {
    const admin = bearer(await login(app, 'admin', 'friosur2026'));
    const cases: [string, RequestInit & { path: string }, number][] = [
      [
        'malformed JSON',
        { path: '/api/usuarios/3', method: 'PUT', headers: { ...admin, 'Content-Type': 'application/json' }, body: '{"activo": tru' },
        422,
      ],
      [
        'form where JSON expected',
        { path: '/api/usuarios/3', method: 'PUT', headers: admin, body: new URLSearchParams({ activo: 'true' }) },
        415,
      ],
      [
        '10 MB JSON',
        {
          path: '/api/usuarios/3',
          method: 'PUT',
          headers: { ...admin, 'Content-Type': 'application/json' },
          body: JSON.stringify({ rol: 'x'.repeat(10_000_000) }),
        },
        413,
      ],
      [
        '10 MB form',
        { path: '/api/login', method: 'POST', body: new URLSearchParams({ username: 'a', password: 'p'.repeat(10_000_000) }) },
        413,
      ],
      [
        'JSON login',
        {
          path: '/api/login',
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"username":"admin","password":"friosur2026"}',
        },
        422,
      ],
      ['empty login', { path: '/api/login', method: 'POST' }, 422],
      [
        'wrong type',
        { path: '/api/usuarios/3', method: 'PUT', headers: { ...admin, 'Content-Type': 'application/json' }, body: '{"activo": "quizás"}' },
        422,
      ],
      [
        'JSON array',
        { path: '/api/usuarios/3', method: 'PUT', headers: { ...admin, 'Content-Type': 'application/json' }, body: '[1,2]' },
        422,
      ],
      [
        'empty object',
        { path: '/api/usuarios/3', method: 'PUT', headers: { ...admin, 'Content-Type': 'application/json' }, body: '{}' },
        422,
      ],
      ['non-integer id', { path: '/api/usuarios/abc/activar', method: 'PUT', headers: admin }, 422],
      [
        'truncated multipart',
        {
          path: '/api/usuarios/3/rol',
          method: 'PUT',
          headers: { ...admin, 'Content-Type': 'multipart/form-data; boundary=XYZ' },
          body: '--XYZ\r\nContent-Disposition: form-data; name="rol"\r\n\r\nvendedor',
        },
        400,
      ],
      [
        'multipart without boundary',
        { path: '/api/usuarios/3/rol', method: 'PUT', headers: { ...admin, 'Content-Type': 'multipart/form-data' }, body: 'garbage' },
        400,
      ],
      [
        'JSON null',
        { path: '/api/usuarios/3', method: 'PUT', headers: { ...admin, 'Content-Type': 'application/json' }, body: 'null' },
        422,
      ],
      ['huge id', { path: '/api/usuarios/99999999999999999999/activar', method: 'PUT', headers: admin }, 422],
      ['unknown id', { path: '/api/usuarios/424242/activar', method: 'PUT', headers: admin }, 404],
      ['unknown route', { path: '/api/nada', method: 'GET' }, 404],
      ['wrong method', { path: '/api/usuarios', method: 'PATCH', headers: admin }, 405],
      ['unknown role', { path: '/api/usuarios/3/rol', method: 'PUT', headers: admin, body: new URLSearchParams({ rol: 'dios' }) }, 400],
    ];
    for (const [what, init, status] of cases) {
      const res = await fetch(app.url + init.path, init);
      const body = await expectErrorBody(res, status);
      expect(res.status, what).to.equal(status);
      if (status === 422) expect(body.details, what).to.be.an('array').that.is.not.empty;
      if (status === 405) expect(res.headers.get('allow'), what).to.contain('GET');
    }
  });

  it('a form route ignores a file sent along (as the original ignored unknown fields)', async () => {
    const admin = bearer(await login(app, 'admin', 'friosur2026'));
    const form = new FormData();
    form.set('rol', 'oficina');
    form.set('adjunto', new Blob(['x'.repeat(1000)]), 'x.txt');
    const res = await fetch(`${app.url}/api/usuarios/3/rol`, { method: 'PUT', headers: admin, body: form });
    expect(res.status).to.equal(200);
    expect(await res.json()).to.include({ id: 3, rol: 'oficina' });
  });

  it('the last active admin cannot be deactivated, demoted or deleted; a user clients reference cannot be deleted', async () => {
    const admin = bearer(await login(app, 'admin', 'friosur2026'));
    const admin2Id = (await app.query<{ id: number }>("SELECT id FROM usuarios WHERE username = 'admin2'"))[0]!.id;
    expect((await fetch(`${app.url}/api/usuarios/${admin2Id}/desactivar`, { method: 'PUT', headers: admin })).status).to.equal(200);
    await expectErrorBody(
      await fetch(`${app.url}/api/usuarios/1/desactivar`, { method: 'PUT', headers: admin }),
      400,
      /último administrador activo/,
    );
    await expectErrorBody(
      await fetch(`${app.url}/api/usuarios/1`, {
        method: 'PUT',
        headers: { ...admin, 'Content-Type': 'application/json' },
        body: '{"rol":"vendedor"}',
      }),
      400,
      /último administrador activo/,
    );
    await expectErrorBody(
      await fetch(`${app.url}/api/usuarios/1`, { method: 'DELETE', headers: admin }),
      400,
      'No puedes eliminarte a ti mismo',
    );
    const referenced = (
      await app.query<{ vendedor_id: number }>('SELECT vendedor_id FROM clientes WHERE vendedor_id IS NOT NULL LIMIT 1')
    )[0]!.vendedor_id;
    await expectErrorBody(
      await fetch(`${app.url}/api/usuarios/${referenced}`, { method: 'DELETE', headers: admin }),
      400,
      /vendedor asignado de \d+ cliente/,
    );
    expect((await app.query('SELECT count(*) AS n FROM usuarios'))[0]).to.deep.equal({ n: 5 });
  });

  it('logout revokes the token; refresh issues a new one; /users/me; cambiar-password', async () => {
    const token = await login(app, 'vendedor1', 'vendedor2026');
    expect(await (await fetch(`${app.url}/api/users/me`, { headers: bearer(token) })).json()).to.deep.equal({
      username: 'vendedor1',
      rol: 'vendedor',
    });
    const refreshed = (await (await fetch(`${app.url}/api/refresh`, { method: 'POST', headers: bearer(token) })).json()) as {
      access_token: string;
    };
    expect(refreshed.access_token).to.not.equal(token);
    const change = await fetch(`${app.url}/api/cambiar-password`, {
      method: 'POST',
      headers: bearer(token),
      body: new URLSearchParams({ password_actual: 'vendedor2026', password_nuevo: 'Chorizo2027' }),
    });
    expect(await change.json()).to.deep.equal({ message: 'Contraseña actualizada correctamente' });
    expect(await login(app, 'vendedor1', 'Chorizo2027')).to.be.a('string');
    expect(await (await fetch(`${app.url}/api/logout`, { method: 'POST', headers: bearer(token) })).json()).to.deep.equal({
      msg: 'Sesión cerrada exitosamente',
    });
    await expectErrorBody(
      await fetch(`${app.url}/api/users/me`, { headers: bearer(token) }),
      401,
      'Sesión cerrada. Inicia sesión nuevamente.',
    );
    expect((await fetch(`${app.url}/api/users/me`, { headers: bearer(refreshed.access_token) })).status).to.equal(200);
    const stored = await app.query<{ username: string; expires_at: string }>(
      'SELECT username, expires_at FROM revoked_tokens ORDER BY id DESC LIMIT 1',
    );
    expect(stored[0]!.username).to.equal('vendedor1');
    expect(stored[0]!.expires_at).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });

  it('GET /api/vendedores lists the active vendedores to any signed-in user', async () => {
    const token = await login(app, 'oficina1', 'oficina2026');
    const list = (await (await fetch(`${app.url}/api/vendedores`, { headers: bearer(token) })).json()) as {
      username: string;
      activo: boolean;
    }[];
    expect(list.map((u) => u.username)).to.deep.equal(['vendedor1']);
  });

  it('CORS: listed origins get credentials and exposed headers; others get no CORS headers', async () => {
    const preflight = await fetch(`${app.url}/api/usuarios/3`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'PATCH',
        'Access-Control-Request-Headers': 'authorization,content-type,x-idempotency-key,x-confirm-delete',
      },
    });
    expect(preflight.status).to.be.oneOf([200, 204]);
    expect(preflight.headers.get('access-control-allow-origin')).to.equal('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-credentials')).to.equal('true');
    expect(preflight.headers.get('access-control-allow-methods')).to.contain('PATCH').and.contain('DELETE');
    expect(preflight.headers.get('access-control-allow-headers')!.toLowerCase())
      .to.contain('authorization')
      .and.contain('x-idempotency-key')
      .and.contain('x-confirm-delete');
    const simple = await fetch(`${app.url}/api/health`, { headers: { Origin: 'https://www.pedidosfriosur.com' } });
    expect(simple.headers.get('access-control-expose-headers')).to.contain('X-Request-ID');
    const evil = await fetch(`${app.url}/api/health`, { headers: { Origin: 'https://evil.example' } });
    expect([...evil.headers.keys()].filter((k) => k.startsWith('access-control'))).to.deep.equal([]);
  });

  it('gzips responses over 1 KB only', async () => {
    const admin = bearer(await login(app, 'admin', 'friosur2026'));
    for (let i = 0; i < 12; i++) {
      await fetch(`${app.url}/api/register`, {
        method: 'POST',
        headers: admin,
        body: new URLSearchParams({ username: `usuario_de_prueba_${i}`, password: 'Carne2026x' }),
      });
    }
    const big = await fetch(`${app.url}/api/usuarios`, { headers: { ...admin, 'Accept-Encoding': 'gzip' } });
    expect(big.headers.get('content-encoding')).to.equal('gzip');
    expect(((await big.json()) as unknown[]).length).to.equal(17);
    const small = await fetch(`${app.url}/api/health`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(small.headers.get('content-encoding')).to.equal(null);
  });
});

describe('e2e: rate limits, proxies and production behaviour', function () {
  this.timeout(60_000);

  it('the sixth failed login within a minute from one IP answers 429 with Retry-After', async () => {
    const app = await startApp({ fixture: 'original-current.db', env: { RATE_LIMIT_AUTH: '5/minute' } });
    try {
      const statuses: number[] = [];
      let last: Response | null = null;
      for (let i = 0; i < 6; i++) {
        last = await fetch(`${app.url}/api/login`, { method: 'POST', body: new URLSearchParams({ username: 'admin', password: 'wrong' }) });
        statuses.push(last.status);
      }
      expect(statuses).to.deep.equal([401, 401, 401, 401, 401, 429]);
      const retry = Number(last!.headers.get('retry-after'));
      expect(retry).to.be.within(1, 60);
      const body = await expectErrorBody(last!, 429, 'Rate limit exceeded: 5 per 1 minute');
      expect(body).to.include({ code: 'RATE_LIMITED' });
      expect(body.details).to.deep.equal({ limit: '5 per 1 minute' });
    } finally {
      await app.close();
    }
  });

  it('TRUST_PROXY=true counts by the proxy-added X-Forwarded-For hop; without it the header is ignored', async () => {
    const attempt = (app: RunningApp, xff: string) =>
      fetch(`${app.url}/api/login`, {
        method: 'POST',
        headers: { 'X-Forwarded-For': xff },
        body: new URLSearchParams({ username: 'a', password: 'b' }),
      }).then((r) => r.status);
    const proxied = await startApp({ env: { RATE_LIMIT_AUTH: '2/minute', TRUST_PROXY: 'true' } });
    try {
      expect([await attempt(proxied, '1.1.1.1'), await attempt(proxied, '1.1.1.1'), await attempt(proxied, '1.1.1.1')]).to.deep.equal([
        401, 401, 429,
      ]);
      // A client cannot dodge the limit by prepending its own entries: the last hop counts.
      expect(await attempt(proxied, '9.9.9.9, 1.1.1.1')).to.equal(429);
      expect(await attempt(proxied, '2.2.2.2')).to.equal(401);
    } finally {
      await proxied.close();
    }
    const direct = await startApp({ env: { RATE_LIMIT_AUTH: '2/minute' } });
    try {
      expect([await attempt(direct, '1.1.1.1'), await attempt(direct, '2.2.2.2'), await attempt(direct, '3.3.3.3')]).to.deep.equal([
        401, 401, 429,
      ]);
    } finally {
      await direct.close();
    }
  });

  it('production: security headers, and a 500 carries a request id (also in the log) but no stack or SQL', async () => {
    const app = await startApp({
      env: {
        ENVIRONMENT: 'production',
        SECRET_KEY: 'p'.repeat(48),
        ADMIN_PASSWORD: 'Frigorifico2026',
        CORS_ORIGINS: 'https://www.pedidosfriosur.com',
      },
    });
    try {
      const token = await login(app, 'admin', 'Admin2026x').catch(() => null);
      expect(token, 'ADMIN_PASSWORD of startApp is used').to.be.a('string');
      const health = await fetch(`${app.url}/api/health`);
      expect(health.headers.get('strict-transport-security')).to.contain('max-age=');
      expect(health.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(health.headers.get('x-frame-options')).to.equal('DENY');
      expect(health.headers.get('referrer-policy')).to.be.a('string');
      expect(health.headers.get('permissions-policy')).to.be.a('string');
      // Break the storage under the running app: the next database read throws.
      await app.store.close();
      const res = await fetch(`${app.url}/api/usuarios`, { headers: bearer(token!) });
      const body = await expectErrorBody(res, 500, 'Internal server error');
      expect(body.code).to.equal('INTERNAL_ERROR');
      expect(body.request_id).to.be.a('string');
      expect(JSON.stringify(body)).to.not.match(/at .*\.js|SELECT|sqlite/i);
      expect(app.logs.some((l) => l.request_id === body.request_id && l.msg === 'unhandled error')).to.equal(true);
      expect(app.logs.some((l) => l.request_id === body.request_id && l.msg === 'request' && l.status === 500)).to.equal(true);
    } finally {
      await app.close();
    }
  });
});
