import { In } from 'typeorm';
import { User } from '../../../domain/users/user';
import { ADMIN_ROLES } from '../../../domain/users/role';
import type { UserRepository } from '../../../application/users/user-repository.port';
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

  async findByUsername(username: string): Promise<User | null> {
    const row = await this.store.readManager().getRepository(UserSchema).findOneBy({ username });
    return row ? toDomain(row) : null;
  }

  async findAdmins(): Promise<User[]> {
    const rows = await this.store.readManager().getRepository(UserSchema).find({ where: { rol: In([...ADMIN_ROLES]) }, order: { id: 'ASC' } });
    return rows.map(toDomain);
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
      const id = Number(result.identifiers[0]?.id);
      return User.restore({ ...p, id });
    });
  }
}
