import { databaseUrlProblem, redisUrlProblem } from './database-url';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { parse as parseDotenv } from 'dotenv';
import { IANAZone } from 'luxon';
import { passwordProblem } from '../../domain/users/password-policy';

export type Environment = 'development' | 'test' | 'production';

/** Where a secret came from; printed at start-up instead of the secret itself. */
export type SecretSource = 'env' | 'file' | 'persisted' | 'generated';

export interface BackupConfig {
  readonly enabled: boolean;
  readonly intervalHours: number;
  readonly retainCount: number;
  /** Hour (0–23) of the daily backup, in `timezone`. */
  readonly timeHour: number;
  /** IANA zone of the daily backup and of every user-visible time. */
  readonly timezone: string;
}

/** A request budget per client IP: `max` requests per `windowMs`. */
export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
  /** As the original prints it: "5 per 1 minute". */
  readonly label: string;
}

export interface RateLimits {
  readonly auth: RateLimit;
  readonly write: RateLimit;
  readonly read: RateLimit;
  readonly admin: RateLimit;
}

/** The whole configuration, built once at start-up and frozen. */
export interface AppConfig {
  readonly environment: Environment;
  readonly isProduction: boolean;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly dbPath: string;
  readonly backupDir: string;
  readonly uploadsDir: string;
  readonly seedDbPath: string;
  readonly seedForce: boolean;
  readonly secretKey: string | null;
  readonly secretKeySource: SecretSource | null;
  readonly adminPassword: string | null;
  readonly accessTokenExpireMinutes: number;
  readonly logLevel: string;
  readonly corsOrigins: readonly string[];
  readonly backup: BackupConfig;
  /** BACKUP_UPLOAD_MAX_MB (default 2048), in bytes: the largest backup file POST /api/admin/backups/upload accepts. */
  readonly backupUploadMaxBytes: number;
  readonly rateLimits: RateLimits;
  /** Take the client IP from X-Forwarded-For (the last hop, added by the trusted proxy). */
  readonly trustProxy: boolean;
  /** PEDIDOS_DESDE (YYYY-MM-DD): the order lists start there; null = no floor. */
  readonly ordersFrom: string | null;
  /** SENTRY_DSN: unhandled errors are reported there (scrubbed of secrets); null = no error tracking. */
  readonly sentryDsn: string | null;
  /** METRICS_TOKEN: a bearer token that may read /metrics besides an admin's; null = admins only. */
  readonly metricsToken: string | null;
  /** SLOW_REQUEST_MS (default 1000): a request slower than this is logged as a warning with its timing. */
  readonly slowRequestMs: number;
  /** API_DOCS: serve /openapi.json and /docs (default: yes outside production, as the original). */
  readonly apiDocs: boolean;
  /** DATABASE_URL (`postgres://…`): a PostgreSQL database; null = the embedded SQLite under DATA_DIR. */
  readonly databaseUrl: string | null;
  /** REDIS_URL: rate-limit counters shared by every instance; null = each instance counts alone. */
  readonly redisUrl: string | null;
}

const WINDOWS: Record<string, number> = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** "5/minute", "5 per minute", "5 per 1 minute", "100/hour" (slowapi's notations). */
export function parseRateLimit(text: string): RateLimit | null {
  const m = /^\s*(\d+)\s*(?:\/|per)\s*(?:(\d+)\s*)?(second|minute|hour|day)s?\s*$/i.exec(text);
  if (!m) return null;
  const max = Number(m[1]);
  const count = m[2] ? Number(m[2]) : 1;
  const unit = m[3]!.toLowerCase();
  if (max < 1 || count < 1) return null;
  return { max, windowMs: count * WINDOWS[unit]!, label: `${max} per ${count} ${unit}${count === 1 ? '' : 's'}` };
}

export const DEFAULT_CORS_ORIGINS = [
  'https://www.pedidosfriosur.com',
  'https://pedidosfriosur.com',
  'http://localhost',
  'http://localhost:80',
  'http://localhost:8000',
  'http://localhost:5173',
];

/** Values known to be defaults, examples or guesses; never accepted in production. */
const WEAK_SECRET_KEYS = new Set([
  'a_random_secret_key_for_development',
  'test-secret',
  'dev-key',
  'secret',
  'changeme',
  'change-me',
  'your-secure-random-string-here',
  'your-secret-key',
  'your_secret_key',
]);
const WEAK_ADMIN_PASSWORDS = new Set([
  'admin',
  'admin420',
  'password',
  '123456',
  '12345678',
  '123456789',
  'password1',
  'password123',
  'admin123',
  'qwerty',
  'usuario',
  '12341234',
  'secure-admin-password',
  'changeme',
]);
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads `<cwd>/.env` when present. Variables already in the environment win over the file, as
 * with every dotenv loader, so an operator's explicit setting is never silently replaced.
 */
export function loadEnv(processEnv: Env, cwd: string): Env {
  const file = path.join(cwd, '.env');
  if (!fs.existsSync(file)) return processEnv;
  const fromFile = parseDotenv(fs.readFileSync(file));
  return { ...fromFile, ...processEnv };
}

/**
 * Validates every variable and reports **all** violations at once, each naming its variable.
 * Reads only (SECRET_KEY_FILE); writes nothing, so a refused start touches no file.
 */
export function parseConfig(env: Env, cwd: string): { ok: true; config: AppConfig } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const value = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const firstOf = (...names: string[]): { name: string; value: string } | undefined => {
    for (const name of names) {
      const v = value(name);
      if (v !== undefined) return { name, value: v };
    }
    return undefined;
  };
  const int = (names: string[], fallback: number, check: (n: number) => boolean, rule: string): number => {
    const found = firstOf(...names);
    if (!found) return fallback;
    const n = /^[+-]?\d+$/.test(found.value) ? Number(found.value) : NaN;
    if (!Number.isSafeInteger(n) || !check(n)) {
      errors.push(`${found.name}=${JSON.stringify(found.value)} is invalid: must be ${rule}`);
      return fallback;
    }
    return n;
  };
  const number = (names: string[], fallback: number, check: (n: number) => boolean, rule: string): number => {
    const found = firstOf(...names);
    if (!found) return fallback;
    const n = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(found.value) ? Number(found.value) : NaN;
    if (!Number.isFinite(n) || !check(n)) {
      errors.push(`${found.name}=${JSON.stringify(found.value)} is invalid: must be ${rule}`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const v = value(name);
    if (v === undefined) return fallback;
    const lower = v.toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
    errors.push(`${name}=${JSON.stringify(v)} is invalid: must be true, false, 1 or 0`);
    return fallback;
  };

  const envName = (value('ENVIRONMENT') ?? 'development').toLowerCase();
  let environment: Environment = 'development';
  if (envName === 'development' || envName === 'test' || envName === 'production') environment = envName;
  else errors.push(`ENVIRONMENT=${JSON.stringify(envName)} is invalid: must be development, test or production`);
  const isProduction = environment === 'production';

  const port = int(['PORT'], 8000, (n) => n >= 0 && n <= 65535, 'a port number from 0 to 65535');
  const host = value('HOST') ?? '0.0.0.0';

  const dataDir = path.resolve(cwd, value('DATA_DIR') ?? (isProduction ? '/data' : './data'));
  const dbPath = path.resolve(cwd, value('DB_PATH') ?? path.join(dataDir, 'ventas.db'));
  const backupDir = path.resolve(cwd, value('BACKUP_DIR') ?? path.join(dataDir, 'backups'));
  const uploadsDir = path.resolve(cwd, value('UPLOADS_DIR') ?? path.join(dataDir, 'uploads'));
  const seedDbPath = path.resolve(cwd, value('SEED_DB_PATH') ?? '/etc/secrets/ventas.db.gz.b64');
  const seedForce = bool('SEED_FORCE', false);

  // SECRET_KEY: the variable, else the file SECRET_KEY_FILE names (Docker/Render secret files).
  let secretKey: string | null = null;
  let secretKeySource: SecretSource | null = null;
  const secretEnv = value('SECRET_KEY');
  const secretFile = value('SECRET_KEY_FILE');
  if (secretEnv !== undefined) {
    secretKey = secretEnv;
    secretKeySource = 'env';
  } else if (secretFile !== undefined) {
    try {
      secretKey = fs.readFileSync(path.resolve(cwd, secretFile), 'utf8').trim();
      secretKeySource = 'file';
    } catch (e) {
      errors.push(`SECRET_KEY_FILE=${JSON.stringify(secretFile)} cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  const adminPassword = value('ADMIN_PASSWORD') ?? null;
  const corsRaw = env['CORS_ORIGINS'];
  const corsOrigins =
    corsRaw === undefined
      ? isProduction
        ? []
        : DEFAULT_CORS_ORIGINS
      : corsRaw
          .split(',')
          .map((o) => o.trim())
          .filter((o) => o.length > 0);

  if (isProduction) {
    // Secrets are named, never echoed.
    if (secretKey === null) errors.push('SECRET_KEY is required in production (at least 32 characters; or SECRET_KEY_FILE)');
    else if (secretKey.length < 32)
      errors.push(`SECRET_KEY is too short: ${secretKey.length} characters, at least 32 are required in production`);
    else if (WEAK_SECRET_KEYS.has(secretKey.toLowerCase()))
      errors.push('SECRET_KEY is a known default or example value; generate a random one (e.g. `openssl rand -hex 32`)');
    if (adminPassword === null) errors.push('ADMIN_PASSWORD is required in production (at least 8 characters)');
    else if (adminPassword.length < 8)
      errors.push(`ADMIN_PASSWORD is too short: ${adminPassword.length} characters, at least 8 are required in production`);
    else if (WEAK_ADMIN_PASSWORDS.has(adminPassword.toLowerCase()))
      errors.push('ADMIN_PASSWORD is a common or example password; choose another');
    else if (passwordProblem(adminPassword))
      errors.push(`ADMIN_PASSWORD does not meet the password rules: ${passwordProblem(adminPassword)}`);
    if (corsOrigins.length === 0) errors.push('CORS_ORIGINS must list at least one origin in production (comma-separated)');
  }
  for (const origin of corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      errors.push(`CORS_ORIGINS contains ${JSON.stringify(origin)}: each origin must look like https://host[:port], without a path`);
    }
  }

  const accessTokenExpireMinutes = int(
    ['ACCESS_TOKEN_EXPIRE_MINUTES'],
    30,
    (n) => n >= 1 && n <= 7 * 24 * 60,
    'a whole number of minutes from 1 to 10080',
  );
  const logLevel = (value('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel))
    errors.push(`LOG_LEVEL=${JSON.stringify(logLevel)} is invalid: must be one of ${LOG_LEVELS.join(', ')}`);

  // Backups: the runbook's names first, the original backend's names as aliases.
  const enabled = bool('BACKUP_ENABLED', true);
  const intervalHours = number(['BACKUP_INTERVAL_HOURS'], 6, (n) => n > 0 && n <= 24 * 31, 'a number of hours greater than 0');
  const retainCount = int(['BACKUP_RETAIN_COUNT', 'BACKUP_RETENTION_COUNT'], 10, (n) => n >= 1 && n <= 10000, 'a whole number ≥ 1');
  let timezone = value('BACKUP_TIMEZONE') ?? 'America/Montevideo';
  if (!IANAZone.isValidZone(timezone)) {
    errors.push(`BACKUP_TIMEZONE=${JSON.stringify(timezone)} is invalid: must be an IANA time zone such as America/Montevideo`);
    timezone = 'America/Montevideo';
  }
  let timeHour = int(['BACKUP_TIME_HOUR'], 22, (n) => n >= 0 && n <= 23, 'a whole hour from 0 to 23');
  if (value('BACKUP_TIME_HOUR') === undefined && value('BACKUP_ALIGNED_HOUR_UTC') !== undefined) {
    // The original's aligned hour is a UTC hour: keep its meaning exactly.
    timeHour = int(['BACKUP_ALIGNED_HOUR_UTC'], 1, (n) => n >= 0 && n <= 23, 'a whole hour from 0 to 23');
    if (value('BACKUP_TIMEZONE') === undefined) timezone = 'UTC';
  }

  const backupUploadMaxMb = int(['BACKUP_UPLOAD_MAX_MB'], 2048, (n) => n >= 1 && n <= 1024 * 1024, 'a whole number of megabytes ≥ 1');

  const rateLimit = (name: string, fallback: string): RateLimit => {
    const v = value(name) ?? fallback;
    const parsed = parseRateLimit(v);
    if (parsed) return parsed;
    errors.push(`${name}=${JSON.stringify(v)} is invalid: must look like 5/minute, 100/hour or "30 per 1 minute"`);
    return parseRateLimit(fallback)!;
  };
  const rateLimits = Object.freeze({
    auth: rateLimit('RATE_LIMIT_AUTH', '5/minute'),
    write: rateLimit('RATE_LIMIT_WRITE', '30/minute'),
    read: rateLimit('RATE_LIMIT_READ', '100/minute'),
    admin: rateLimit('RATE_LIMIT_ADMIN', '20/minute'),
  });
  const trustProxy = bool('TRUST_PROXY', false);
  // Read by main.ts before the configuration (it chooses what to load); checked here so that a
  // misspelt value is refused with the rest instead of silently meaning "on".
  bool('SERVER_BUNDLE', true);
  const ordersFrom = value('PEDIDOS_DESDE') ?? null;
  if (ordersFrom !== null && !/^\d{4}-\d{2}-\d{2}$/.test(ordersFrom))
    errors.push(`PEDIDOS_DESDE=${JSON.stringify(ordersFrom)} is invalid: must be a date YYYY-MM-DD`);

  const sentryDsn = value('SENTRY_DSN') ?? null;
  if (sentryDsn !== null && !/^https?:\/\/[^@/\s]+@[^/\s]+\/.*\d+$/.test(sentryDsn))
    errors.push('SENTRY_DSN is invalid: it must look like https://<key>@<host>/<project id> (Sentry shows it under Client Keys)');
  const metricsToken = value('METRICS_TOKEN') ?? null;
  if (metricsToken !== null && metricsToken.length < 16)
    errors.push('METRICS_TOKEN is too short: use at least 16 random characters (e.g. `openssl rand -hex 24`)');
  const slowRequestMs = int(['SLOW_REQUEST_MS'], 1000, (n) => n >= 1 && n <= 600_000, 'a whole number of milliseconds from 1 to 600000');

  const apiDocs = bool('API_DOCS', !isProduction);
  const redisUrl = value('REDIS_URL') ?? null;
  if (redisUrl !== null) {
    const problem = redisUrlProblem(redisUrl);
    if (problem) errors.push(`REDIS_URL ${problem}`);
  }
  const databaseUrl = value('DATABASE_URL') ?? null;
  if (databaseUrl !== null) {
    const problem = databaseUrlProblem(databaseUrl);
    if (problem) errors.push(`DATABASE_URL ${problem}`);
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: Object.freeze({
      environment,
      isProduction,
      host,
      port,
      dataDir,
      dbPath,
      backupDir,
      uploadsDir,
      seedDbPath,
      seedForce,
      secretKey,
      secretKeySource,
      adminPassword,
      accessTokenExpireMinutes,
      logLevel,
      corsOrigins: Object.freeze([...corsOrigins]),
      backup: Object.freeze({ enabled, intervalHours, retainCount, timeHour, timezone }),
      backupUploadMaxBytes: backupUploadMaxMb * 1024 * 1024,
      rateLimits,
      trustProxy,
      ordersFrom,
      sentryDsn,
      metricsToken,
      slowRequestMs,
      apiDocs,
      databaseUrl,
      redisUrl,
    }),
  };
}

/** The message a refused start prints: every violation, one per line. */
export function formatConfigErrors(errors: readonly string[]): string {
  return `Invalid configuration (${errors.length} problem${errors.length === 1 ? '' : 's'}):\n${errors.map((e) => `  - ${e}`).join('\n')}`;
}

export interface ResolvedSecrets {
  readonly secretKey: string;
  readonly secretKeySource: SecretSource;
  /** The password to give `admin` if it must be created. */
  readonly adminPassword: string;
  readonly adminPasswordSource: 'env' | 'generated';
}

/**
 * Development defaults for missing secrets. A generated SECRET_KEY is persisted in
 * `DATA_DIR/.secret_key` (mode 0600) so restarts keep everybody signed in. A generated admin
 * password is only ever used to create `admin` on a fresh database, where it is printed once.
 * Production never gets here without both (parseConfig refuses).
 */
export function resolveSecrets(config: AppConfig): ResolvedSecrets {
  let secretKey = config.secretKey;
  let secretKeySource = config.secretKeySource;
  if (secretKey === null) {
    const file = path.join(config.dataDir, '.secret_key');
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').trim().length >= 32) {
      secretKey = fs.readFileSync(file, 'utf8').trim();
      secretKeySource = 'persisted';
    } else {
      secretKey = randomBytes(32).toString('hex');
      fs.mkdirSync(config.dataDir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, secretKey + '\n', { mode: 0o600 });
      fs.renameSync(tmp, file);
      secretKeySource = 'generated';
    }
  }
  const adminPassword = config.adminPassword ?? generatePassword();
  return {
    secretKey,
    secretKeySource: secretKeySource!,
    adminPassword,
    adminPasswordSource: config.adminPassword === null ? 'generated' : 'env',
  };
}

/** 16 random characters that also satisfy the password rules (a letter and a digit). */
function generatePassword(): string {
  for (;;) {
    const candidate = randomBytes(12).toString('base64url').slice(0, 16);
    if (/[A-Za-z]/.test(candidate) && /\d/.test(candidate)) return candidate;
  }
}
