import * as path from 'node:path';
import { revokedTokensContract } from './revoked-tokens.contract';
import { InMemoryRevokedTokens } from '../fakes/in-memory-auth';
import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { SqlRevokedTokenRepository } from '../../src/infrastructure/persistence/auth/sql-revoked-token.repository';
import { migrateFile } from '../support/migrate';
import { tempDir } from '../support/temp';

revokedTokensContract('in-memory fake', async () => ({ repo: new InMemoryRevokedTokens(), close: async () => undefined }));

revokedTokensContract('SQL adapter on a real SQLite file', async () => {
  const file = path.join(tempDir(), 'revoked.db');
  await migrateFile(file);
  const store = await SqliteStore.open(file);
  return { repo: new SqlRevokedTokenRepository(store), close: () => store.close() };
});
