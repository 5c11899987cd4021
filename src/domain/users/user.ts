import { isAdminRole } from './role';

export interface UserProps {
  readonly id: number | null;
  readonly username: string;
  readonly passwordHash: string;
  readonly rol: string;
  readonly activo: boolean;
  readonly lastLogin: string | null;
}

/** A staff account (usuarios). */
export class User {
  private constructor(private readonly props: UserProps) {}

  static restore(props: UserProps): User {
    return new User(props);
  }

  /** A new account; active from the start (the column default differs between schema generations). */
  static create(username: string, passwordHash: string, rol: string): User {
    return new User({ id: null, username, passwordHash, rol, activo: true, lastLogin: null });
  }

  get id(): number | null { return this.props.id; }
  get username(): string { return this.props.username; }
  get passwordHash(): string { return this.props.passwordHash; }
  get rol(): string { return this.props.rol; }
  get activo(): boolean { return this.props.activo; }
  get lastLogin(): string | null { return this.props.lastLogin; }
  get isAdmin(): boolean { return isAdminRole(this.props.rol); }

  toProps(): UserProps { return { ...this.props }; }
}
