import { EntitySchema } from 'typeorm';

/** A row of `usuarios`, exactly as the existing schema stores it. */
export interface UserRecord {
  id: number;
  username: string;
  password_hash: string;
  rol: string;
  activo: number | null;
  last_login: string | null;
}

export const UserSchema = new EntitySchema<UserRecord>({
  name: 'UserRecord',
  tableName: 'usuarios',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    username: { type: 'text' },
    password_hash: { type: 'text' },
    rol: { type: 'text' },
    activo: { type: 'integer', nullable: true },
    last_login: { type: 'text', nullable: true },
  },
});
