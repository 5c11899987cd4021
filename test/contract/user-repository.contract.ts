import { expect } from 'chai';
import { User } from '../../src/domain/users/user';
import type { UserRepository } from '../../src/application/users/user-repository.port';

export function userRepositoryContract(name: string, make: () => Promise<{ repo: UserRepository; close(): Promise<void> }>): void {
  describe(`UserRepository contract: ${name}`, () => {
    let s: { repo: UserRepository; close(): Promise<void> };
    beforeEach(async () => (s = await make()));
    afterEach(async () => s.close());

    it('adds a user, gives it an id and finds it by exact username', async () => {
      const added = await s.repo.add(User.create('Vendedora', '$2b$12$hash', 'vendedor'));
      expect(added.id).to.be.a('number');
      const found = await s.repo.findByUsername('Vendedora');
      expect(found?.toProps()).to.deep.equal({ id: added.id, username: 'Vendedora', passwordHash: '$2b$12$hash', rol: 'vendedor', activo: true, lastLogin: null });
      expect(await s.repo.findByUsername('vendedora')).to.equal(null);
    });

    it('lists admins under both admin role names', async () => {
      await s.repo.add(User.create('a1', 'h', 'admin'));
      await s.repo.add(User.create('v1', 'h', 'vendedor'));
      await s.repo.add(User.create('a2', 'h', 'administrador'));
      expect((await s.repo.findAdmins()).map((u) => u.username)).to.deep.equal(['a1', 'a2']);
    });

    it('refuses a duplicate username', async () => {
      await s.repo.add(User.create('dup', 'h', 'vendedor'));
      let error: unknown;
      try {
        await s.repo.add(User.create('dup', 'h2', 'oficina'));
      } catch (e) {
        error = e;
      }
      expect(String(error)).to.match(/UNIQUE/);
    });
  });
}
