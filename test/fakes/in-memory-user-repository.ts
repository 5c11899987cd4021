import { User } from '../../src/domain/users/user';
import { isAdminRole } from '../../src/domain/users/role';
import type { UserRepository } from '../../src/application/users/users.ports';
import type { PasswordHasher } from '../../src/application/users/users.ports';
import type { TransactionRunner } from '../../src/application/shared/shared.ports';

export class InMemoryUserRepository implements UserRepository {
  private rows: User[] = [];
  private nextId = 1;
  /** clientes.vendedor_id references, by user id. */
  readonly clientsOf = new Map<number, number>();

  async findById(id: number): Promise<User | null> {
    return this.rows.find((u) => u.id === id) ?? null;
  }

  async findByUsername(username: string): Promise<User | null> {
    return this.rows.find((u) => u.username === username) ?? null;
  }

  async list(): Promise<User[]> {
    return [...this.rows].sort((a, b) => a.id! - b.id!);
  }

  async findAdmins(): Promise<User[]> {
    return this.rows.filter((u) => isAdminRole(u.rol));
  }

  async add(user: User): Promise<User> {
    if (this.rows.some((u) => u.username === user.username)) throw new Error('UNIQUE constraint failed: usuarios.username');
    const stored = User.restore({ ...user.toProps(), id: this.nextId++ });
    this.rows.push(stored);
    return stored;
  }

  async update(user: User): Promise<void> {
    this.rows = this.rows.map((u) =>
      u.id === user.id ? User.restore({ ...u.toProps(), rol: user.rol, activo: user.activo, passwordHash: user.passwordHash }) : u,
    );
  }

  async remove(id: number): Promise<void> {
    if (this.clientsOf.get(id)) throw new Error('FOREIGN KEY constraint failed');
    this.rows = this.rows.filter((u) => u.id !== id);
  }

  async countClientsAssignedTo(id: number): Promise<number> {
    return this.clientsOf.get(id) ?? 0;
  }

  async recordLogin(id: number, at: string): Promise<void> {
    this.rows = this.rows.map((u) => (u.id === id ? User.restore({ ...u.toProps(), lastLogin: at }) : u));
  }

  /** Test helper: a user in a given state. */
  async seed(username: string, rol: string, activo = true, passwordHash = `hashed:${username}-Pass1`): Promise<User> {
    const u = await this.add(User.create(username, passwordHash, rol));
    if (!activo) await this.update(User.restore({ ...u.toProps(), activo: false }));
    return (await this.findById(u.id!))!;
  }
}

/** Deterministic and fast; keeps the "never the plain password" property visible. */
export class FakePasswordHasher implements PasswordHasher {
  async hash(plain: string): Promise<string> {
    return `hashed:${plain}`;
  }
  async verify(plain: string, hash: string): Promise<boolean> {
    return hash === `hashed:${plain}`;
  }
}

/** Runs work directly: the in-memory fakes have nothing to roll back. */
export class DirectTransactionRunner implements TransactionRunner {
  async run<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }
}
