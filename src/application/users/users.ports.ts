import type { User } from '../../domain/users/user';
import { token } from '../shared/token';

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
export const USER_REPOSITORY = token<UserRepository>('UserRepository', [
  'findById',
  'findByUsername',
  'list',
  'findAdmins',
  'add',
  'update',
  'remove',
  'countClientsAssignedTo',
  'recordLogin',
]);

/** One-way password hashing; hashes stay bcrypt so the original backend can still verify them. */
export interface PasswordHasher {
  hash(plain: string): Promise<string>;
  verify(plain: string, hash: string): Promise<boolean>;
}
export const PASSWORD_HASHER = token<PasswordHasher>('PasswordHasher', ['hash', 'verify']);
