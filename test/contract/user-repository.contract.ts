import { expect } from 'chai';
import { User } from '../../src/domain/users/user';
import type { UserRepository } from '../../src/application/users/users.ports';

export interface UserRepositorySubject {
  readonly repo: UserRepository;
  /** Makes `count` clients name the user as their vendedor. */
  assignClients(userId: number, count: number): Promise<void>;
  close(): Promise<void>;
}

export function userRepositoryContract(name: string, make: () => Promise<UserRepositorySubject>): void {
  describe(`UserRepository contract: ${name}`, () => {
    let s: UserRepositorySubject;
    beforeEach(async () => (s = await make()));
    afterEach(async () => s.close());

    it('adds a user, gives it an id and finds it by exact username', async () => {
      const added = await s.repo.add(User.create('Vendedora', '$2b$12$hash', 'vendedor'));
      expect(added.id).to.be.a('number');
      const found = await s.repo.findByUsername('Vendedora');
      expect(found?.toProps()).to.deep.equal({
        id: added.id,
        username: 'Vendedora',
        passwordHash: '$2b$12$hash',
        rol: 'vendedor',
        activo: true,
        lastLogin: null,
      });
      expect(await s.repo.findByUsername('vendedora')).to.equal(null);
    });

    it('lists admins under both admin role names', async () => {
      await s.repo.add(User.create('a1', 'h', 'admin'));
      await s.repo.add(User.create('v1', 'h', 'vendedor'));
      await s.repo.add(User.create('a2', 'h', 'administrador'));
      expect((await s.repo.findAdmins()).map((u) => u.username)).to.deep.equal(['a1', 'a2']);
    });

    it('finds by id and lists by id', async () => {
      const a = await s.repo.add(User.create('b-second', 'h', 'vendedor'));
      const b = await s.repo.add(User.create('a-first', 'h', 'oficina'));
      expect((await s.repo.findById(b.id!))?.username).to.equal('a-first');
      expect(await s.repo.findById(9999)).to.equal(null);
      expect((await s.repo.list()).map((u) => u.id)).to.deep.equal([a.id, b.id]);
    });

    it('updates rol, activo and password hash; records the login time', async () => {
      const u = await s.repo.add(User.create('cambia', 'h1', 'vendedor'));
      const changed = User.restore({ ...u.toProps(), rol: 'oficina', activo: false, passwordHash: 'h2' });
      await s.repo.update(changed);
      await s.repo.recordLogin(u.id!, '2026-02-10T15:04:05.123000-03:00');
      expect((await s.repo.findById(u.id!))?.toProps()).to.deep.equal({
        id: u.id,
        username: 'cambia',
        passwordHash: 'h2',
        rol: 'oficina',
        activo: false,
        lastLogin: '2026-02-10T15:04:05.123000-03:00',
      });
    });

    it('removes users and counts the clients assigned to one', async () => {
      const keep = await s.repo.add(User.create('con-clientes', 'h', 'vendedor'));
      const gone = await s.repo.add(User.create('sin-clientes', 'h', 'vendedor'));
      await s.assignClients(keep.id!, 2);
      expect(await s.repo.countClientsAssignedTo(keep.id!)).to.equal(2);
      expect(await s.repo.countClientsAssignedTo(gone.id!)).to.equal(0);
      await s.repo.remove(gone.id!);
      expect(await s.repo.findById(gone.id!)).to.equal(null);
      expect(await s.repo.findById(keep.id!)).to.not.equal(null);
    });

    it('refuses a duplicate username', async () => {
      await s.repo.add(User.create('dup', 'h', 'vendedor'));
      let error: unknown;
      try {
        await s.repo.add(User.create('dup', 'h2', 'oficina'));
      } catch (e) {
        error = e;
      }
      // SQLite: 'UNIQUE constraint failed'; PostgreSQL: 'duplicate key value violates unique constraint'.
      expect(String(error)).to.match(/UNIQUE|unique constraint/);
    });
  });
}
