import { expect } from 'chai';
import { ReactivateUser } from '../../../../src/application/users/reactivate-user.use-case';
import {
  DeactivateUser,
  ChangeUserRole,
  ResetUserPassword,
  DeleteUser,
  RegisterUser,
  ChangeOwnPassword,
  ListUsers,
} from '../../../../src/application/users/user-admin.use-cases';
import { InMemoryUserRepository, FakePasswordHasher, DirectTransactionRunner } from '../../../fakes/in-memory-user-repository';
import { FixedClock, InMemoryAuditLog } from '../../../fakes/in-memory-auth';
import { userView } from '../../../../src/interfaces/http/users/users.views';

const actor = { username: 'admin', ip: '10.0.0.9', userAgent: 'test-agent' };

async function setup() {
  const users = new InMemoryUserRepository();
  const audit = new InMemoryAuditLog();
  const deps = { users, audit, tx: new DirectTransactionRunner(), clock: new FixedClock() };
  const admin = await users.seed('admin', 'admin');
  const vendedor = await users.seed('vendedor1', 'vendedor');
  const locked = await users.seed('vendedor2', 'vendedor', false);
  return { users, audit, deps, admin, vendedor, locked, hasher: new FakePasswordHasher() };
}

describe('user administration use cases', () => {
  describe('ReactivateUser', () => {
    it('reactivates a deactivated user and audits before/after with who, IP and user agent', async () => {
      const s = await setup();
      const r = await new ReactivateUser(s.deps).execute({ userId: s.locked.id!, actor });
      expect(r.ok && userView(r.value)).to.deep.equal({
        id: s.locked.id,
        username: 'vendedor2',
        rol: 'vendedor',
        activo: true,
        ultimo_login: null,
      });
      expect((await s.users.findById(s.locked.id!))!.activo).to.equal(true);
      expect(s.audit.entries).to.have.length(1);
      expect(s.audit.entries[0]).to.deep.include({
        actor: 'admin',
        action: 'ACTIVATE',
        table: 'usuarios',
        recordId: s.locked.id,
        before: { id: s.locked.id, username: 'vendedor2', rol: 'vendedor', activo: false },
        after: { id: s.locked.id, username: 'vendedor2', rol: 'vendedor', activo: true },
        ip: '10.0.0.9',
        userAgent: 'test-agent',
      });
    });

    it('is a no-op without audit on an active user, and 404s an unknown one', async () => {
      const s = await setup();
      expect((await new ReactivateUser(s.deps).execute({ userId: s.vendedor.id!, actor })).ok).to.equal(true);
      expect(s.audit.entries).to.deep.equal([]);
      const missing = await new ReactivateUser(s.deps).execute({ userId: 999, actor });
      expect(!missing.ok && missing.error).to.deep.equal({ code: 'USER_NOT_FOUND', message: 'Usuario no encontrado' });
    });
  });

  it('DeactivateUser refuses the last active admin — including themselves — and leaves it unchanged', async () => {
    const s = await setup();
    const r = await new DeactivateUser(s.deps).execute({ userId: s.admin.id!, actor });
    expect(!r.ok && r.error.code).to.equal('LAST_ACTIVE_ADMIN');
    expect((await s.users.findById(s.admin.id!))!.activo).to.equal(true);
    expect(s.audit.entries).to.deep.equal([]);
    await s.users.seed('admin2', 'administrador');
    expect((await new DeactivateUser(s.deps).execute({ userId: s.admin.id!, actor })).ok).to.equal(true);
  });

  it('ChangeUserRole refuses demoting the last active admin and invalid roles', async () => {
    const s = await setup();
    const demote = await new ChangeUserRole(s.deps).execute({ userId: s.admin.id!, actor, rol: 'oficina' });
    expect(!demote.ok && demote.error.code).to.equal('LAST_ACTIVE_ADMIN');
    const invalid = await new ChangeUserRole(s.deps).execute({ userId: s.vendedor.id!, actor, rol: 'root' });
    expect(!invalid.ok && invalid.error.code).to.equal('INVALID_ROLE');
    const ok = await new ChangeUserRole(s.deps).execute({ userId: s.vendedor.id!, actor, rol: 'oficina' });
    expect(ok.ok && userView(ok.value).rol).to.equal('oficina');
    expect(s.audit.entries.map((e) => e.action)).to.deep.equal(['ROLE_CHANGE']);
  });

  it('ResetUserPassword applies the password rules, hashes, and audits without the hash', async () => {
    const s = await setup();
    const weak = await new ResetUserPassword(s.deps, s.hasher).execute({ userId: s.vendedor.id!, actor, newPassword: 'short1' });
    expect(!weak.ok && weak.error.message).to.equal('La contraseña debe tener al menos 8 caracteres');
    expect(
      (await new ResetUserPassword(s.deps, s.hasher).execute({ userId: s.vendedor.id!, actor, newPassword: 'Nueva2026x' })).ok,
    ).to.equal(true);
    expect((await s.users.findById(s.vendedor.id!))!.passwordHash).to.equal('hashed:Nueva2026x');
    expect(JSON.stringify(s.audit.entries)).to.not.contain('hashed:');
  });

  describe('DeleteUser', () => {
    it('refuses self-deletion, the last admin and users that clients reference, with clear messages', async () => {
      const s = await setup();
      const self = await new DeleteUser(s.deps).execute({ userId: s.admin.id!, actor });
      expect(!self.ok && self.error.message).to.equal('No puedes eliminarte a ti mismo');
      const other = await s.users.seed('jefa', 'vendedor');
      const otherAdminActor = { ...actor, username: 'jefa' };
      const last = await new DeleteUser(s.deps).execute({ userId: s.admin.id!, actor: otherAdminActor });
      expect(!last.ok && last.error.code).to.equal('LAST_ACTIVE_ADMIN');
      s.users.clientsOf.set(s.vendedor.id!, 3);
      const referenced = await new DeleteUser(s.deps).execute({ userId: s.vendedor.id!, actor });
      expect(!referenced.ok && referenced.error.message).to.contain('vendedor asignado de 3 clientes');
      expect(await s.users.findById(s.vendedor.id!)).to.not.equal(null);
      expect((await new DeleteUser(s.deps).execute({ userId: other.id!, actor })).ok).to.equal(true);
      expect(await s.users.findById(other.id!)).to.equal(null);
      expect(s.audit.entries.map((e) => [e.action, e.after])).to.deep.equal([['DELETE', null]]);
    });
  });

  it('RegisterUser creates an active user, refusing duplicates, weak passwords and unknown roles', async () => {
    const s = await setup();
    const use = new RegisterUser(s.deps, s.hasher);
    const created = await use.execute({ username: 'nueva', password: 'Carne2026', rol: 'oficina', actor });
    expect(created.ok && userView(created.value)).to.include({ username: 'nueva', rol: 'oficina', activo: true });
    const dup = await use.execute({ username: 'nueva', password: 'Carne2026', rol: 'oficina', actor });
    expect(!dup.ok && dup.error.message).to.equal('El nombre de usuario ya existe');
    const weak = await use.execute({ username: 'x', password: 'password', rol: 'oficina', actor });
    expect(!weak.ok && weak.error.code).to.equal('WEAK_PASSWORD');
    const role = await use.execute({ username: 'y', password: 'Carne2026', rol: 'dios', actor });
    expect(!role.ok && role.error.message).to.equal('Rol no válido');
    expect(s.audit.entries.map((e) => e.action)).to.deep.equal(['REGISTER']);
  });

  it('ChangeOwnPassword checks the current password, the rules and that it changes', async () => {
    const s = await setup();
    const use = new ChangeOwnPassword(s.deps, s.hasher);
    const me = { ...actor, username: 'vendedor1' };
    const wrong = await use.execute({ actor: me, currentPassword: 'nope', newPassword: 'Nueva2026x' });
    expect(!wrong.ok && wrong.error.message).to.equal('La contraseña actual es incorrecta');
    const same = await use.execute({ actor: me, currentPassword: 'vendedor1-Pass1', newPassword: 'vendedor1-Pass1' });
    expect(!same.ok && same.error.message).to.equal('La nueva contraseña debe ser diferente a la actual');
    expect((await use.execute({ actor: me, currentPassword: 'vendedor1-Pass1', newPassword: 'Nueva2026x' })).ok).to.equal(true);
    expect((await s.users.findByUsername('vendedor1'))!.passwordHash).to.equal('hashed:Nueva2026x');
  });

  it('ListUsers lists by id; the vendedores list has only active vendedores', async () => {
    const s = await setup();
    expect((await new ListUsers(s.deps).execute()).map((u) => u.username)).to.deep.equal(['admin', 'vendedor1', 'vendedor2']);
    expect((await new ListUsers(s.deps).execute({ onlyActiveSellers: true })).map((u) => u.username)).to.deep.equal(['vendedor1']);
  });
});
