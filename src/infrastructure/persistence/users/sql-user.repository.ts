import { User } from '../../../domain/users/user';
import { ADMIN_ROLES } from '../../../domain/users/role';
import type { UserRepository } from '../../../application/users/users.ports';
import type { SqlStore } from '../sql-store';
import { exec, insertReturningId, placeholders } from '../sql-helpers';
import { VersionedCache } from '../versioned-cache';

/** A row of `usuarios`, exactly as the existing schema stores it. */
interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  rol: string;
  activo: number | null;
  last_login: string | null;
}

const COLUMNS = 'id, username, password_hash, rol, activo, last_login';

const toDomain = (r: UserRow): User =>
  User.restore({
    id: r.id,
    username: r.username,
    passwordHash: r.password_hash,
    rol: r.rol,
    activo: r.activo !== null && Number(r.activo) !== 0,
    lastLogin: r.last_login,
  });

/** Staff accounts whose row is kept in memory (until the next commit anywhere). */
const CACHED_USERS = 1_000;

export class SqlUserRepository implements UserRepository {
  /** Rows by username, for the check every authenticated request makes. */
  private readonly byUsername: VersionedCache<UserRow | null>;

  constructor(private readonly store: SqlStore) {
    this.byUsername = new VersionedCache(store, CACHED_USERS);
  }

  async findById(id: number): Promise<User | null> {
    const [row] = await this.store.query<UserRow>(`SELECT ${COLUMNS} FROM usuarios WHERE id = ?`, [id]);
    return row ? toDomain(row) : null;
  }

  /**
   * On every authenticated request: the row is answered from memory until the database changes
   * (VersionedCache), and a new User is made from it for each caller.
   */
  async findByUsername(username: string): Promise<User | null> {
    const row = await this.byUsername.get(username, async () => {
      const [found] = await this.store.queryPrepared<UserRow>(
        'SELECT id, username, password_hash, rol, activo, last_login FROM usuarios WHERE username = ? LIMIT 1',
        [username],
      );
      return found ?? null;
    });
    return row ? toDomain(row) : null;
  }

  async list(): Promise<User[]> {
    return (await this.store.query<UserRow>(`SELECT ${COLUMNS} FROM usuarios ORDER BY id`)).map(toDomain);
  }

  async findAdmins(): Promise<User[]> {
    const rows = await this.store.query<UserRow>(
      `SELECT ${COLUMNS} FROM usuarios WHERE rol IN (${placeholders(ADMIN_ROLES.length)}) ORDER BY id`,
      [...ADMIN_ROLES],
    );
    return rows.map(toDomain);
  }

  async add(user: User): Promise<User> {
    const p = user.toProps();
    // `activo` explicit: some older files default it to 0.
    const id = await insertReturningId(
      this.store,
      'INSERT INTO usuarios (username, password_hash, rol, activo, last_login) VALUES (?, ?, ?, ?, ?)',
      [p.username, p.passwordHash, p.rol, p.activo ? 1 : 0, p.lastLogin],
    );
    return User.restore({ ...p, id });
  }

  async update(user: User): Promise<void> {
    await exec(this.store, 'UPDATE usuarios SET rol = ?, activo = ?, password_hash = ? WHERE id = ?', [
      user.rol,
      user.activo ? 1 : 0,
      user.passwordHash,
      user.id!,
    ]);
  }

  async remove(id: number): Promise<void> {
    await exec(this.store, 'DELETE FROM usuarios WHERE id = ?', [id]);
  }

  async countClientsAssignedTo(id: number): Promise<number> {
    const [row] = await this.store.query<{ n: number }>('SELECT count(*) AS n FROM clientes WHERE vendedor_id = ?', [id]);
    return Number(row?.n ?? 0);
  }

  async recordLogin(id: number, at: string): Promise<void> {
    await exec(this.store, 'UPDATE usuarios SET last_login = ? WHERE id = ?', [at, id]);
  }
}
