import bcrypt from 'bcrypt';
import type { PasswordHasher } from '../../application/users/users.ports';

/**
 * bcrypt with `$2b$` hashes and cost 12, as the original backend (passlib) wrote them, so that
 * existing users sign in unchanged and the original can still verify hashes written here.
 */
export class BcryptPasswordHasher implements PasswordHasher {
  constructor(private readonly cost = 12) {}

  hash(plain: string): Promise<string> {
    return bcrypt.hash(plain, this.cost);
  }

  async verify(plain: string, hash: string): Promise<boolean> {
    if (!/^\$2[aby]\$\d\d\$/.test(hash)) return false;
    return bcrypt.compare(plain, hash);
  }
}
