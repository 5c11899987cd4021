import { expect } from 'chai';
import { EnsureAdminUser } from '../../../../src/application/users/ensure-admin-user.use-case';
import { User } from '../../../../src/domain/users/user';
import { InMemoryUserRepository, FakePasswordHasher, DirectTransactionRunner } from '../../../fakes/in-memory-user-repository';

describe('EnsureAdminUser', () => {
  const build = () => {
    const users = new InMemoryUserRepository();
    return { users, use: new EnsureAdminUser(users, new FakePasswordHasher(), new DirectTransactionRunner()) };
  };

  it('creates an active `admin` with a hashed password on a database without admins', async () => {
    const { users, use } = build();
    expect(await use.execute({ password: 'Secreto123' })).to.equal('created');
    const admin = await users.findByUsername('admin');
    expect(admin?.rol).to.equal('admin');
    expect(admin?.activo).to.equal(true);
    expect(admin?.passwordHash).to.equal('hashed:Secreto123');
  });

  it('never overwrites an existing admin (any admin role, including the legacy alias)', async () => {
    const { users, use } = build();
    await users.add(User.create('jefa', 'hashed:original', 'administrador'));
    expect(await use.execute({ password: 'Other1234' })).to.equal('existing-admin');
    expect(await users.findByUsername('admin')).to.equal(null);
    expect((await users.findByUsername('jefa'))?.passwordHash).to.equal('hashed:original');
  });

  it('leaves a non-admin called `admin` alone', async () => {
    const { users, use } = build();
    await users.add(User.create('admin', 'hashed:mine', 'vendedor'));
    expect(await use.execute({ password: 'Other1234' })).to.equal('username-taken');
    expect((await users.findByUsername('admin'))?.passwordHash).to.equal('hashed:mine');
  });
});
