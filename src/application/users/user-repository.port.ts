import type { User } from '../../domain/users/user';

/** Staff accounts (usuarios). */
export interface UserRepository {
  findByUsername(username: string): Promise<User | null>;
  /** Users whose role is admin or administrador, active or not. */
  findAdmins(): Promise<User[]>;
  /** Inserts a new user and returns it with its id. */
  add(user: User): Promise<User>;
}
export const USER_REPOSITORY = Symbol('UserRepository');
