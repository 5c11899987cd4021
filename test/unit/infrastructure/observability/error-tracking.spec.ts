import { expect } from 'chai';
import { scrubSecrets } from '../../../../src/infrastructure/observability/error-tracking';

describe('unit: what is sent to Sentry is scrubbed of secrets', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

  it('replaces values under secret-looking keys at any depth, and keeps the rest', () => {
    const event = {
      message: 'boom',
      request: { headers: { Authorization: 'Bearer abc', Cookie: 'a=b', 'X-Api-Key': 'k', Accept: 'json' }, url: '/api/tags' },
      extra: { user: { password: 'friosur2026', new_password: 'x', username: 'admin' }, SECRET_KEY: 's', refresh_token: 't', jwt: 'j' },
      contexts: { app: { sentry_dsn: 'http://k@h/1' } },
      list: [{ passwd: 'p' }, 'plain'],
      count: 3,
      empty: null,
    };
    expect(scrubSecrets(event)).to.deep.equal({
      message: 'boom',
      request: {
        headers: { Authorization: '[redacted]', Cookie: '[redacted]', 'X-Api-Key': '[redacted]', Accept: 'json' },
        url: '/api/tags',
      },
      extra: {
        user: { password: '[redacted]', new_password: '[redacted]', username: 'admin' },
        SECRET_KEY: '[redacted]',
        refresh_token: '[redacted]',
        jwt: '[redacted]',
      },
      contexts: { app: { sentry_dsn: '[redacted]' } },
      list: [{ passwd: '[redacted]' }, 'plain'],
      count: 3,
      empty: null,
    });
  });

  it('takes bearer credentials and JWTs out of any text (messages, stack frames, breadcrumbs)', () => {
    const scrubbed = scrubSecrets({ message: `request failed with Bearer ${jwt} and token ${jwt} for /api/x`, frames: [`at ${jwt}`] });
    expect(JSON.stringify(scrubbed)).to.not.contain(jwt.split('.')[2]);
    expect(scrubbed.message).to.equal('request failed with [redacted] and token [redacted] for /api/x');
  });

  it('leaves the original object untouched', () => {
    const original = { headers: { authorization: 'Bearer x' } };
    scrubSecrets(original);
    expect(original.headers.authorization).to.equal('Bearer x');
  });
});
