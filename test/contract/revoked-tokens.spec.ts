import * as path from 'node:path';
import { revokedTokensContract } from './revoked-tokens.contract';
import { InMemoryRevokedTokens } from '../fakes/in-memory-auth';
import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { TypeOrmRevokedTokenRepository } from '../../src/infrastructure/persistence/auth/typeorm-revoked-token.repository';
import { migrateFile } from '../support/migrate';
import { tempDir } from '../support/temp';

revokedTokensContract('in-memory fake', async () => ({ repo: new InMemoryRevokedTokens(), close: async () => undefined }));

revokedTokensContract('TypeORM adapter', async () => {
  const file = path.join(tempDir(), 'revoked.db');
  await migrateFile(file);
  const store = await SqliteStore.open(file);
  return { repo: new TypeOrmRevokedTokenRepository(store), close: () => store.close() };
});
