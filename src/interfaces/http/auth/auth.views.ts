import type { SignInOutput } from '../../../application/auth/sign-in.use-case';

/** The token response of API.md §2.1 (login) and §2.3 (refresh). */
export const tokenView = (s: SignInOutput) => ({
  access_token: s.accessToken,
  token_type: 'bearer' as const,
  rol: s.role,
  username: s.username,
});
