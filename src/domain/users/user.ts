import { isAdminRole, ASSIGNABLE_ROLES } from './role';
import { type Result, ok, err } from '../shared/result';
import { type InvalidRole, type LastActiveAdmin, invalidRole, lastActiveAdmin } from './users.errors';

export interface UserProps {
  readonly id: number | null;
  readonly username: string;
  readonly passwordHash: string;
  readonly rol: string;
  readonly activo: boolean;
  readonly lastLogin: string | null;
}

/** What an audit row records of a user: never the password hash. */
export interface UserSnapshot {
  readonly id: number | null;
  readonly username: string;
  readonly rol: string;
  readonly activo: boolean;
}

/**
 * A staff account (usuarios). Immutable: each change returns the changed user. The rules that
 * need to know about the other accounts take `activeAdmins`, the number of active admins now
 * (this one included when it is one).
 */
export class User {
  private constructor(private readonly props: UserProps) {}

  static restore(props: UserProps): User {
    return new User(props);
  }

  /** A new account; active from the start (the column default differs between schema generations). */
  static create(username: string, passwordHash: string, rol: string): User {
    return new User({ id: null, username, passwordHash, rol, activo: true, lastLogin: null });
  }

  get id(): number | null {
    return this.props.id;
  }
  get username(): string {
    return this.props.username;
  }
  get passwordHash(): string {
    return this.props.passwordHash;
  }
  get rol(): string {
    return this.props.rol;
  }
  get activo(): boolean {
    return this.props.activo;
  }
  get lastLogin(): string | null {
    return this.props.lastLogin;
  }
  get isAdmin(): boolean {
    return isAdminRole(this.props.rol);
  }
  /** Counts toward "at least one active admin". */
  get isActiveAdmin(): boolean {
    return this.isAdmin && this.props.activo;
  }

  /** Null when already active (a no-op, not an error: the shop's screens may race). */
  reactivate(): User | null {
    return this.props.activo ? null : new User({ ...this.props, activo: true });
  }

  deactivate(activeAdmins: number): Result<User | null, LastActiveAdmin> {
    if (!this.props.activo) return ok(null);
    if (this.isActiveAdmin && activeAdmins <= 1) return err(lastActiveAdmin('desactivar'));
    return ok(new User({ ...this.props, activo: false }));
  }

  changeRole(rol: string, activeAdmins: number): Result<User | null, InvalidRole | LastActiveAdmin> {
    if (!ASSIGNABLE_ROLES.includes(rol)) {
      return err(invalidRole(`Rol no válido. Roles permitidos: ${ASSIGNABLE_ROLES.join(', ')}`));
    }
    if (rol === this.props.rol) return ok(null);
    if (this.isActiveAdmin && !isAdminRole(rol) && activeAdmins <= 1) return err(lastActiveAdmin('quitarle el rol de administrador'));
    return ok(new User({ ...this.props, rol }));
  }

  /** Deletion is refused for the last active admin (users referenced by clients: see DeleteUser). */
  assertDeletable(activeAdmins: number): Result<void, LastActiveAdmin> {
    if (this.isActiveAdmin && activeAdmins <= 1) return err(lastActiveAdmin('eliminar'));
    return ok(undefined);
  }

  withPasswordHash(passwordHash: string): User {
    return new User({ ...this.props, passwordHash });
  }

  snapshot(): UserSnapshot {
    return { id: this.props.id, username: this.props.username, rol: this.props.rol, activo: this.props.activo };
  }

  toProps(): UserProps {
    return { ...this.props };
  }
}
