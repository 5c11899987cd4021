import { In } from 'typeorm';
import type { Repository } from 'typeorm';
import { User } from '../../../domain/users/user';
import { ADMIN_ROLES } from '../../../domain/users/role';
import type { UserRepository } from '../../../application/users/users.ports';
import type { SqliteStore } from '../data-source';
import { UserSchema, UserRecord } from './user.schema';

const toDomain = (r: UserRecord): User =>
  User.restore({
    id: r.id,
    username: r.username,
    passwordHash: r.password_hash,
    rol: r.rol,
    activo: r.activo !== null && Number(r.activo) !== 0,
    lastLogin: r.last_login,
  });

export class TypeOrmUserRepository implements UserRepository {
  constructor(private readonly store: SqliteStore) {}

  private readUsers<T>(work: (users: Repository<UserRecord>) => Promise<T>): Promise<T> {
    return this.store.read((m) => work(m.getRepository(UserSchema)));
  }

  async findById(id: number): Promise<User | null> {
    const row = await this.readUsers((r) => r.findOneBy({ id }));
    return row ? toDomain(row) : null;
  }

  /** On every authenticated request: a kept prepared statement rather than a TypeORM query. */
  async findByUsername(username: string): Promise<User | null> {
    const [row] = await this.store.queryPrepared<UserRecord>('SELECT id, username, password_hash, rol, activo, last_login FROM usuarios WHERE username = ? LIMIT 1', [username]);
    return row ? toDomain(row) : null;
  }

  async list(): Promise<User[]> {
    return (await this.readUsers((r) => r.find({ order: { id: 'ASC' } }))).map(toDomain);
  }

  async findAdmins(): Promise<User[]> {
    return (await this.readUsers((r) => r.find({ where: { rol: In([...ADMIN_ROLES]) }, order: { id: 'ASC' } }))).map(toDomain);
  }

  async add(user: User): Promise<User> {
    return this.store.write(async (m) => {
      const p = user.toProps();
      const result = await m.getRepository(UserSchema).insert({
        username: p.username,
        password_hash: p.passwordHash,
        rol: p.rol,
        // Explicit: some older files default `activo` to 0.
        activo: p.activo ? 1 : 0,
        last_login: p.lastLogin,
      });
      return User.restore({ ...p, id: Number(result.identifiers[0]?.id) });
    });
  }

  async update(user: User): Promise<void> {
    await this.store.write((m) =>
      m.getRepository(UserSchema).update({ id: user.id! }, { rol: user.rol, activo: user.activo ? 1 : 0, password_hash: user.passwordHash }),
    );
  }

  async remove(id: number): Promise<void> {
    await this.store.write((m) => m.getRepository(UserSchema).delete({ id }));
  }

  async countClientsAssignedTo(id: number): Promise<number> {
    const [row] = await this.store.query<{ n: number }>('SELECT count(*) AS n FROM clientes WHERE vendedor_id = ?', [id]);
    return Number(row?.n ?? 0);
  }

  async recordLogin(id: number, at: string): Promise<void> {
    await this.store.write((m) => m.getRepository(UserSchema).update({ id }, { last_login: at }));
  }
}
