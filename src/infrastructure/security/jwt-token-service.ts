import { type KeyObject, createSecretKey, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Clock } from '../../application/shared/shared.ports';
import type { TokenCheck, TokenClaims, TokenService } from '../../application/auth/auth.ports';

/** JSON with every non-ASCII character escaped as \uXXXX (the frontend decodes with plain atob). */
export const asciiJson = (value: unknown): string =>
  JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * HS256 JWTs with claims sub, rol, activo: true, exp, jti, iat (API.md §0.3). Verification accepts
 * only HS256 with this key and requires exp.
 */
export class JwtTokenService implements TokenService {
  /** Made once: given a string, jsonwebtoken builds (and first tries a public key from) it on every call. */
  private readonly key: KeyObject;
  private readonly verified = new Map<string, { claims: TokenClaims; nbf: number | null }>();

  constructor(
    secret: string,
    private readonly lifetimeMinutes: number,
    private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  issue(subject: { username: string; rol: string }): { token: string; jti: string; exp: number } {
    const iat = Math.floor(this.clock.now().toSeconds());
    const exp = iat + this.lifetimeMinutes * 60;
    const jti = randomUUID();
    // A string payload is signed as given, so its JSON keeps the ASCII escaping and claim order.
    const payload = asciiJson({ sub: subject.username, rol: subject.rol, activo: true, exp, jti, iat });
    const token = jwt.sign(payload, this.key, { algorithm: 'HS256', header: { alg: 'HS256', typ: 'JWT' } });
    return { token, jti, exp };
  }

  /**
   * Checks signature, algorithm and expiry. A token that passed is remembered (by its exact
   * string, up to VERIFIED_TOKENS of them) with its claims, so the next request with it costs a
   * map lookup and a clock comparison instead of an HMAC and two JSON parses; its expiry (and
   * not-before, if it has one) is still checked against the clock on every use.
   */
  verify(token: string): TokenCheck {
    const now = Math.floor(this.clock.now().toSeconds());
    const known = this.verified.get(token);
    if (known && now < known.claims.exp && (known.nbf === null || now >= known.nbf)) return { ok: true, claims: known.claims };
    let payload: unknown;
    try {
      payload = jwt.verify(token, this.key, { algorithms: ['HS256'], clockTimestamp: now });
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (typeof payload !== 'object' || payload === null) return { ok: false, reason: 'invalid' };
    const p = payload as Record<string, unknown>;
    if (typeof p.exp !== 'number') return { ok: false, reason: 'invalid' };
    if (typeof p.sub !== 'string' || p.sub === '' || typeof p.rol !== 'string' || p.rol === '') return { ok: false, reason: 'claims' };
    const claims = { sub: p.sub, rol: p.rol, jti: typeof p.jti === 'string' ? p.jti : '', exp: p.exp };
    if (this.verified.size >= VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { claims, nbf: typeof p.nbf === 'number' ? p.nbf : null });
    return { ok: true, claims };
  }
}

/** Verified tokens remembered (a signed-in till uses one for up to its lifetime). */
const VERIFIED_TOKENS = 10_000;

/** A bcrypt hash of an unknown random string: what a sign-in for a missing user is checked against. */
export const DECOY_BCRYPT_HASH = '$2b$12$A6cYMfzaB3x11QqJ8fXiT.Vu7Exb46WpZu1UxZzVN7CyNOYodUs0O';
