import { expect } from 'chai';
import { SignIn } from '../../../../src/application/auth/sign-in.use-case';
import { Authenticate } from '../../../../src/application/auth/authenticate.use-case';
import { SignOut, RefreshToken, PurgeExpiredRevocations } from '../../../../src/application/auth/session.use-cases';
import { JwtTokenService } from '../../../../src/infrastructure/security/jwt-token-service';
import { InMemoryUserRepository, FakePasswordHasher } from '../../../fakes/in-memory-user-repository';
import { FixedClock, InMemoryRevokedTokens } from '../../../fakes/in-memory-auth';
import { tokenView } from '../../../../src/interfaces/http/auth/auth.views';

describe('auth use cases', () => {
  const setup = async () => {
    const users = new InMemoryUserRepository();
    const clock = new FixedClock();
    const hasher = new FakePasswordHasher();
    const tokens = new JwtTokenService('k'.repeat(40), 30, clock);
    const revoked = new InMemoryRevokedTokens();
    await users.seed('admin', 'admin', true, 'hashed:Friosur2026');
    await users.seed('vendedor2', 'vendedor', false, 'hashed:Vendedor2026');
    const verifies: string[] = [];
    const countingHasher = { hash: hasher.hash, verify: async (p: string, h: string) => (verifies.push(h), hasher.verify(p, h)) };
    return {
      users,
      clock,
      tokens,
      revoked,
      verifies,
      signIn: new SignIn(users, countingHasher, tokens, clock, 'hashed:decoy-never-matches'),
      authenticate: new Authenticate(tokens, revoked, users),
    };
  };

  describe('SignIn', () => {
    it('issues a token and records last_login in Montevideo time', async () => {
      const s = await setup();
      const r = await s.signIn.execute({ username: 'admin', password: 'Friosur2026' });
      expect(r.ok).to.equal(true);
      if (!r.ok) return;
      expect(tokenView(r.value)).to.include({ token_type: 'bearer', rol: 'admin', username: 'admin' });
      expect((await s.users.findByUsername('admin'))!.lastLogin).to.equal('2026-02-10T15:04:05.123000-03:00');
    });

    it('answers the same for an unknown user and a wrong password, doing the same hashing work', async () => {
      const s = await setup();
      const unknown = await s.signIn.execute({ username: 'nadie', password: 'x' });
      const wrong = await s.signIn.execute({ username: 'admin', password: 'x' });
      expect(!unknown.ok && unknown.error).to.deep.equal(!wrong.ok && wrong.error);
      expect(!wrong.ok && wrong.error.message).to.equal('Usuario o contraseña incorrectos');
      expect(s.verifies).to.deep.equal(['hashed:decoy-never-matches', 'hashed:Friosur2026']);
    });

    it('refuses a disabled account with the right password (403), and a wrong password first', async () => {
      const s = await setup();
      const right = await s.signIn.execute({ username: 'vendedor2', password: 'Vendedor2026' });
      expect(!right.ok && right.error.code).to.equal('ACCOUNT_DISABLED');
      const wrong = await s.signIn.execute({ username: 'vendedor2', password: 'nope' });
      expect(!wrong.ok && wrong.error.code).to.equal('INVALID_CREDENTIALS');
    });
  });

  describe('Authenticate (checks in the order of API.md §1.4)', () => {
    it('accepts a valid token of an active user', async () => {
      const s = await setup();
      const { token } = s.tokens.issue({ username: 'admin', rol: 'admin' });
      const r = await s.authenticate.execute({ authorization: `bearer ${token}` });
      expect(r.ok && r.value).to.include({ username: 'admin', rol: 'admin' });
    });

    it('missing header → invalid → revoked → inactive', async () => {
      const s = await setup();
      const code = async (authorization: string | null) => {
        const r = await s.authenticate.execute({ authorization });
        return r.ok ? 'ok' : r.error.code;
      };
      expect(await code(null)).to.equal('NOT_AUTHENTICATED');
      expect(await code('Basic abc')).to.equal('NOT_AUTHENTICATED');
      expect(await code('Bearer nope')).to.equal('INVALID_TOKEN');
      const issued = s.tokens.issue({ username: 'admin', rol: 'admin' });
      await new SignOut(s.revoked, s.clock).execute({ username: 'admin', rol: 'admin', jti: issued.jti, exp: issued.exp });
      expect(await code(`Bearer ${issued.token}`)).to.equal('TOKEN_REVOKED');
      const inactive = s.tokens.issue({ username: 'vendedor2', rol: 'vendedor' });
      expect(await code(`Bearer ${inactive.token}`)).to.equal('USER_INACTIVE');
      const ghost = s.tokens.issue({ username: 'deleted', rol: 'vendedor' });
      expect(await code(`Bearer ${ghost.token}`)).to.equal('USER_INACTIVE');
    });

    it('an active user deactivated later is refused on the next request', async () => {
      const s = await setup();
      const { token } = s.tokens.issue({ username: 'admin', rol: 'admin' });
      const admin = (await s.users.findByUsername('admin'))!;
      await s.users.update((admin.deactivate(2) as { ok: true; value: typeof admin }).value);
      const r = await s.authenticate.execute({ authorization: `Bearer ${token}` });
      expect(!r.ok && r.error.message).to.equal('Usuario inactivo');
    });
  });

  it('SignOut stores the jti until the token would have expired; PurgeExpiredRevocations removes it after', async () => {
    const s = await setup();
    const issued = s.tokens.issue({ username: 'admin', rol: 'admin' });
    await new SignOut(s.revoked, s.clock).execute({ username: 'admin', rol: 'admin', jti: issued.jti, exp: issued.exp });
    expect(s.revoked.rows.get(issued.jti)).to.deep.equal({
      jti: issued.jti,
      username: 'admin',
      revokedAt: '2026-02-10T18:04:05',
      expiresAt: '2026-02-10T18:34:05',
    });
    const purge = new PurgeExpiredRevocations(s.revoked, s.clock);
    expect(await purge.execute()).to.equal(0);
    s.clock.advance({ minutes: 31 });
    expect(await purge.execute()).to.equal(1);
    expect(s.revoked.rows.size).to.equal(0);
  });

  it('RefreshToken copies sub and rol into a new token with a new jti', async () => {
    const s = await setup();
    const out = new RefreshToken(s.tokens).execute({ username: 'admin', rol: 'administrador', jti: 'old', exp: 0 });
    const check = s.tokens.verify(tokenView(out).access_token);
    expect(check.ok && check.claims).to.include({ sub: 'admin', rol: 'administrador' });
    expect(check.ok && check.claims.jti).to.not.equal('old');
  });
});
