import type { User } from '../../domain/users/user';

/** Staff accounts (usuarios). */
export interface UserRepository {
  findById(id: number): Promise<User | null>;
  findByUsername(username: string): Promise<User | null>;
  /** Every user, ordered by id. */
  list(): Promise<User[]>;
  /** Users whose role is admin or administrador, active or not. */
  findAdmins(): Promise<User[]>;
  /** Inserts a new user and returns it with its id. Throws on a duplicate username. */
  add(user: User): Promise<User>;
  /** Writes rol, activo and password_hash of an existing user. */
  update(user: User): Promise<void>;
  remove(id: number): Promise<void>;
  /** How many clients name this user as their vendedor (clientes.vendedor_id). */
  countClientsAssignedTo(id: number): Promise<number>;
  /** Sets last_login (Montevideo ISO). */
  recordLogin(id: number, at: string): Promise<void>;
}
export const USER_REPOSITORY = Symbol('UserRepository');
