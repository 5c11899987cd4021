import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { JwtTokenService } from '../../../../src/infrastructure/security/jwt-token-service';
import { FixedClock } from '../../../fakes/in-memory-auth';

const SECRET = 'x'.repeat(40);
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const sign = (header: object, payload: object | string, secret = SECRET) => {
  const h = b64url(JSON.stringify(header));
  const p = b64url(typeof payload === 'string' ? payload : JSON.stringify(payload));
  return `${h}.${p}.${createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url')}`;
};

describe('JwtTokenService (API.md §0.3)', () => {
  const clock = new FixedClock();
  const service = new JwtTokenService(SECRET, 30, clock);
  const now = Math.floor(clock.now().toSeconds());

  it('issues HS256 tokens with sub, rol, activo, exp, jti, iat in that order, ASCII-only', () => {
    const { token, exp } = service.issue({ username: 'Begoña', rol: 'administrador' });
    const [header, payload] = token.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).to.deep.equal({ alg: 'HS256', typ: 'JWT' });
    const raw = Buffer.from(payload!, 'base64url').toString('latin1');
    expect(raw).to.match(/^[\x20-\x7e]+$/);
    expect(raw).to.contain('"sub":"Bego\\u00f1a"');
    const claims = JSON.parse(raw) as Record<string, unknown>;
    expect(Object.keys(claims)).to.deep.equal(['sub', 'rol', 'activo', 'exp', 'jti', 'iat']);
    expect(claims).to.include({ sub: 'Begoña', rol: 'administrador', activo: true, exp: now + 1800, iat: now });
    expect(exp).to.equal(now + 1800);
    expect(claims.jti).to.match(/^[0-9a-f-]{36}$/);
    expect(service.verify(token)).to.deep.include({ ok: true });
  });

  it('rejects tampered, foreign-key, alg:none, expired and exp-less tokens', () => {
    const good = service.issue({ username: 'admin', rol: 'admin' }).token;
    const [h, , s] = good.split('.');
    const tampered = `${h}.${b64url(JSON.stringify({ sub: 'admin', rol: 'admin', exp: now + 100, jti: 'j' }))}.${s}`;
    const checks = {
      tampered,
      otherKey: sign({ alg: 'HS256', typ: 'JWT' }, { sub: 'admin', rol: 'admin', exp: now + 100, jti: 'j' }, 'y'.repeat(40)),
      none: `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify({ sub: 'admin', rol: 'admin', exp: now + 100 }))}.`,
      expired: sign({ alg: 'HS256', typ: 'JWT' }, { sub: 'admin', rol: 'admin', exp: now - 1, jti: 'j' }),
      noExp: sign({ alg: 'HS256', typ: 'JWT' }, { sub: 'admin', rol: 'admin', jti: 'j' }),
      hs512: `${b64url(JSON.stringify({ alg: 'HS512', typ: 'JWT' }))}.${b64url('{}')}.x`,
      garbage: 'not-a-token',
    };
    for (const [name, token] of Object.entries(checks)) expect(service.verify(token), name).to.deep.equal({ ok: false, reason: 'invalid' });
  });

  it('reports missing sub or rol as a claims problem', () => {
    expect(service.verify(sign({ alg: 'HS256', typ: 'JWT' }, { rol: 'admin', exp: now + 60 }))).to.deep.equal({
      ok: false,
      reason: 'claims',
    });
    expect(service.verify(sign({ alg: 'HS256', typ: 'JWT' }, { sub: 'a', exp: now + 60 }))).to.deep.equal({ ok: false, reason: 'claims' });
  });

  it('expires tokens at exp, by the clock', () => {
    const c = new FixedClock();
    const s = new JwtTokenService(SECRET, 1, c);
    const { token } = s.issue({ username: 'a', rol: 'vendedor' });
    c.advance({ seconds: 59 });
    expect(s.verify(token).ok).to.equal(true);
    c.advance({ seconds: 2 });
    expect(s.verify(token).ok).to.equal(false);
  });

  it('a token verified once is remembered, yet refused the moment it expires, and before its not-before', () => {
    const c = new FixedClock();
    const svc = new JwtTokenService(SECRET, 30, c);
    const { token, exp } = svc.issue({ username: 'admin', rol: 'admin' });
    expect(svc.verify(token)).to.deep.include({ ok: true });
    expect(svc.verify(token)).to.deep.include({ ok: true }); // remembered
    c.advance({ seconds: exp - Math.floor(c.now().toSeconds()) - 1 });
    expect(svc.verify(token).ok).to.equal(true);
    c.advance({ seconds: 1 });
    expect(svc.verify(token)).to.deep.equal({ ok: false, reason: 'invalid' });
    // not-before: verified (and remembered) after it; refused when the clock is before it.
    const t = Math.floor(c.now().toSeconds());
    const later = sign({ alg: 'HS256', typ: 'JWT' }, { sub: 'admin', rol: 'admin', exp: t + 600, nbf: t + 60, jti: 'n' });
    expect(svc.verify(later).ok).to.equal(false);
    c.advance({ seconds: 60 });
    expect(svc.verify(later).ok).to.equal(true);
    c.advance({ seconds: -120 });
    expect(svc.verify(later).ok).to.equal(false);
  });

  it('remembering never lets a forged token through: only the exact string that verified is known', () => {
    const c = new FixedClock();
    const svc = new JwtTokenService(SECRET, 30, c);
    const { token } = svc.issue({ username: 'admin', rol: 'admin' });
    expect(svc.verify(token).ok).to.equal(true);
    const [h, p, sig] = token.split('.');
    const flipped = `${h}.${p}.${sig!.slice(0, -2)}${sig!.slice(-2) === 'AA' ? 'AB' : 'AA'}`;
    expect(svc.verify(flipped).ok).to.equal(false);
    expect(svc.verify(`${token} `).ok).to.equal(false);
    expect(new JwtTokenService('z'.repeat(40), 30, c).verify(token).ok).to.equal(false);
  });
});
