import { User } from '../../src/domain/users/user';
import { isAdminRole } from '../../src/domain/users/role';
import type { UserRepository } from '../../src/application/users/user-repository.port';
import type { PasswordHasher } from '../../src/application/users/password-hasher.port';
import type { TransactionRunner } from '../../src/application/shared/transaction.port';

export class InMemoryUserRepository implements UserRepository {
  private readonly rows: User[] = [];
  private nextId = 1;

  async findByUsername(username: string): Promise<User | null> {
    return this.rows.find((u) => u.username === username) ?? null;
  }

  async findAdmins(): Promise<User[]> {
    return this.rows.filter((u) => isAdminRole(u.rol));
  }

  async add(user: User): Promise<User> {
    if (this.rows.some((u) => u.username === user.username)) throw new Error(`UNIQUE constraint failed: usuarios.username`);
    const stored = User.restore({ ...user.toProps(), id: this.nextId++ });
    this.rows.push(stored);
    return stored;
  }

  all(): User[] {
    return [...this.rows];
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
