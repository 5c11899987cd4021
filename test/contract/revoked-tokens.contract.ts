import { expect } from 'chai';
import type { RevokedTokenRepository } from '../../src/application/auth/auth.ports';

export function revokedTokensContract(name: string, make: () => Promise<{ repo: RevokedTokenRepository; close(): Promise<void> }>): void {
  describe(`RevokedTokenRepository contract: ${name}`, () => {
    let s: { repo: RevokedTokenRepository; close(): Promise<void> };
    beforeEach(async () => (s = await make()));
    afterEach(async () => s.close());
    const row = (jti: string, expiresAt: string) => ({ jti, username: 'admin', revokedAt: '2026-02-10T18:00:00', expiresAt });

    it('remembers a revoked jti; revoking twice is harmless', async () => {
      expect(await s.repo.isRevoked('a')).to.equal(false);
      await s.repo.revoke(row('a', '2026-02-10T18:30:00'));
      await s.repo.revoke(row('a', '2026-02-10T18:30:00'));
      expect(await s.repo.isRevoked('a')).to.equal(true);
      expect(await s.repo.isRevoked('b')).to.equal(false);
    });

    it('purges only rows that expired before now', async () => {
      await s.repo.revoke(row('old', '2026-02-10T18:30:00'));
      await s.repo.revoke(row('new', '2026-02-10T19:30:00'));
      expect(await s.repo.purgeExpired('2026-02-10T19:00:00')).to.equal(1);
      expect(await s.repo.isRevoked('old')).to.equal(false);
      expect(await s.repo.isRevoked('new')).to.equal(true);
    });
  });
}
