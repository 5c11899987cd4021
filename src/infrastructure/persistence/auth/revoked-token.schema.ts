import { EntitySchema } from 'typeorm';

export interface RevokedTokenRecord {
  id: number;
  jti: string;
  revoked_at: string;
  expires_at: string;
  username: string;
}

export const RevokedTokenSchema = new EntitySchema<RevokedTokenRecord>({
  name: 'RevokedTokenRecord',
  tableName: 'revoked_tokens',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    jti: { type: 'text' },
    revoked_at: { type: 'text' },
    expires_at: { type: 'text' },
    username: { type: 'text' },
  },
});
