import { forEachEngine } from '../support/engines';
import { revokedTokensContract } from './revoked-tokens.contract';
import { InMemoryRevokedTokens } from '../fakes/in-memory-auth';
import { SqlRevokedTokenRepository } from '../../src/infrastructure/persistence/auth/sql-revoked-token.repository';

revokedTokensContract('in-memory fake', async () => ({ repo: new InMemoryRevokedTokens(), close: async () => undefined }));

forEachEngine((engine, open) =>
  revokedTokensContract(`SQL adapter on ${engine}`, async () => {
    const { store, close } = await open();
    return { repo: new SqlRevokedTokenRepository(store), close };
  }),
);
