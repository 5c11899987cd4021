import { expect } from 'chai';
import { User } from '../../../../src/domain/users/user';
import { passwordProblem } from '../../../../src/domain/users/password-policy';

const user = (rol: string, activo = true) => User.restore({ id: 7, username: 'u', passwordHash: 'h', rol, activo, lastLogin: null });

describe('domain: User', () => {
  it('reactivates only a deactivated user (an active one is a no-op)', () => {
    expect(user('vendedor', false).reactivate()?.activo).to.equal(true);
    expect(user('vendedor', true).reactivate()).to.equal(null);
  });

  it('never deactivates the last active admin, whichever admin role name', () => {
    for (const rol of ['admin', 'administrador']) {
      const r = user(rol).deactivate(1);
      expect(!r.ok && r.error.code).to.equal('LAST_ACTIVE_ADMIN');
      const allowed = user(rol).deactivate(2);
      expect(allowed.ok && allowed.value?.activo).to.equal(false);
    }
    const vendedor = user('vendedor').deactivate(1);
    expect(vendedor.ok && vendedor.value?.activo).to.equal(false);
    // Deactivating an inactive admin is a no-op, not a rule violation.
    expect(user('admin', false).deactivate(0)).to.deep.equal({ ok: true, value: null });
  });

  it('never demotes the last active admin; validates the role', () => {
    const r = user('admin').changeRole('vendedor', 1);
    expect(!r.ok && r.error.code).to.equal('LAST_ACTIVE_ADMIN');
    expect(user('admin').changeRole('vendedor', 2).ok).to.equal(true);
    const bad = user('vendedor').changeRole('superuser', 2);
    expect(!bad.ok && bad.error.message).to.equal('Rol no válido. Roles permitidos: admin, oficina, vendedor');
    expect(user('administrador').changeRole('admin', 1).ok).to.equal(true);
    expect(user('oficina').changeRole('oficina', 1)).to.deep.equal({ ok: true, value: null });
  });

  it('never deletes the last active admin', () => {
    expect(user('admin').assertDeletable(1).ok).to.equal(false);
    expect(user('admin').assertDeletable(2).ok).to.equal(true);
    expect(user('admin', false).assertDeletable(1).ok).to.equal(true);
  });

  it('snapshots without the password hash', () => {
    expect(user('oficina').snapshot()).to.deep.equal({ id: 7, username: 'u', rol: 'oficina', activo: true });
  });
});

describe('domain: password rules (API.md §3.6)', () => {
  it('applies the rules in order with their messages', () => {
    expect(passwordProblem('a1')).to.equal('La contraseña debe tener al menos 8 caracteres');
    expect(passwordProblem('a1'.repeat(37))).to.equal('La contraseña no puede tener más de 72 caracteres');
    expect(passwordProblem('12345678901')).to.equal('La contraseña debe contener al menos una letra');
    expect(passwordProblem('abcdefghij')).to.equal('La contraseña debe contener al menos un número');
    expect(passwordProblem('Password123')).to.equal('Contraseña muy común. Elige una más segura');
    expect(passwordProblem('Chorizo2026')).to.equal(null);
  });
});
