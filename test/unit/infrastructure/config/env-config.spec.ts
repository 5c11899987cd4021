import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig, resolveSecrets, loadEnv, type AppConfig } from '../../../../src/infrastructure/config/env-config';
import { tempDir } from '../../../support/temp';

const cwd = '/srv/app';
const parse = (env: Record<string, string>) => parseConfig(env, cwd);
const config = (env: Record<string, string>): AppConfig => {
  const r = parse(env);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.config;
};
const errors = (env: Record<string, string>): string[] => {
  const r = parse(env);
  if (r.ok) throw new Error('expected the configuration to be refused');
  return r.errors;
};
const STRONG = {
  ENVIRONMENT: 'production',
  SECRET_KEY: 'k'.repeat(20) + 'Zq81mPp02LxXvB7n',
  ADMIN_PASSWORD: 'Carnes2026!',
  CORS_ORIGINS: 'https://www.pedidosfriosur.com',
};

describe('configuration (env-config)', () => {
  it('has safe development defaults under ./data', () => {
    const c = config({});
    expect(c.environment).to.equal('development');
    expect(c.port).to.equal(8000);
    expect(c.dataDir).to.equal('/srv/app/data');
    expect(c.dbPath).to.equal('/srv/app/data/ventas.db');
    expect(c.backupDir).to.equal('/srv/app/data/backups');
    expect(c.uploadsDir).to.equal('/srv/app/data/uploads');
    expect(c.seedDbPath).to.equal('/etc/secrets/ventas.db.gz.b64');
    expect(c.accessTokenExpireMinutes).to.equal(30);
    expect(c.backup).to.deep.equal({ enabled: true, intervalHours: 6, retainCount: 10, timeHour: 22, timezone: 'America/Montevideo' });
    expect(c.corsOrigins).to.include('http://localhost:5173');
    expect(Object.isFrozen(c)).to.equal(true);
    expect(Object.isFrozen(c.backup)).to.equal(true);
  });

  it('uses /data in production and derives the paths from DATA_DIR', () => {
    expect(config(STRONG).dbPath).to.equal('/data/ventas.db');
    const c = config({ DATA_DIR: 'var/x' });
    expect(c.dbPath).to.equal('/srv/app/var/x/ventas.db');
    expect(c.backupDir).to.equal('/srv/app/var/x/backups');
    expect(config({ DB_PATH: '/elsewhere/v.db' }).dbPath).to.equal('/elsewhere/v.db');
  });

  it("accepts the original backend's names as aliases; the runbook's names win", () => {
    expect(config({ BACKUP_RETENTION_COUNT: '4' }).backup.retainCount).to.equal(4);
    expect(config({ BACKUP_RETENTION_COUNT: '4', BACKUP_RETAIN_COUNT: '7' }).backup.retainCount).to.equal(7);
    const aligned = config({ BACKUP_ALIGNED_HOUR_UTC: '1' }).backup;
    expect(aligned).to.include({ timeHour: 1, timezone: 'UTC' });
    expect(config({ BACKUP_ALIGNED_HOUR_UTC: '1', BACKUP_TIME_HOUR: '22' }).backup).to.include({
      timeHour: 22,
      timezone: 'America/Montevideo',
    });
  });

  it('production with a weak SECRET_KEY, a short ADMIN_PASSWORD and a bad BACKUP_TIMEZONE lists all three', () => {
    const list = errors({
      ...STRONG,
      SECRET_KEY: 'a_random_secret_key_for_development',
      ADMIN_PASSWORD: 'abc',
      BACKUP_TIMEZONE: 'Mars/Olympus',
    });
    expect(list).to.have.length(3);
    expect(list.join('\n'))
      .to.match(/SECRET_KEY/)
      .and.match(/ADMIN_PASSWORD/)
      .and.match(/BACKUP_TIMEZONE/);
    // Secrets are named, never echoed.
    expect(list.join('\n')).not.to.contain('a_random_secret_key_for_development');
    expect(list.join('\n')).not.to.contain('"abc"');
  });

  it('production refuses short, weak and missing secrets and an empty CORS_ORIGINS', () => {
    expect(errors({ ...STRONG, SECRET_KEY: 'short' })[0]).to.match(/SECRET_KEY is too short/);
    expect(errors({ ...STRONG, SECRET_KEY: 'your-secure-random-string-here' }).join()).to.match(/SECRET_KEY/);
    expect(errors({ ...STRONG, ADMIN_PASSWORD: 'password123' })[0]).to.match(/ADMIN_PASSWORD is a common/);
    expect(errors({ ...STRONG, ADMIN_PASSWORD: 'Frigorifico' })[0]).to.equal(
      'ADMIN_PASSWORD does not meet the password rules: La contraseña debe contener al menos un número',
    );
    const { SECRET_KEY: _s, ADMIN_PASSWORD: _a, CORS_ORIGINS: _c, ...bare } = STRONG;
    expect(errors(bare)).to.have.length(3);
    expect(errors({ ...STRONG, CORS_ORIGINS: ' , ' })[0]).to.match(/CORS_ORIGINS/);
  });

  it('reads SECRET_KEY_FILE when SECRET_KEY is not set', () => {
    const dir = tempDir();
    const file = path.join(dir, 'key');
    fs.writeFileSync(file, 'f'.repeat(40) + '\n');
    const c = config({ ...STRONG, SECRET_KEY: '', SECRET_KEY_FILE: file });
    expect(c.secretKey).to.equal('f'.repeat(40));
    expect(c.secretKeySource).to.equal('file');
    expect(errors({ SECRET_KEY_FILE: path.join(dir, 'missing') })[0]).to.match(/SECRET_KEY_FILE.*cannot be read/);
  });

  it('checks ranges, booleans and names every offending variable at once', () => {
    const list = errors({
      BACKUP_TIME_HOUR: '24',
      BACKUP_INTERVAL_HOURS: '0',
      BACKUP_RETAIN_COUNT: '0',
      BACKUP_ENABLED: 'yes',
      PORT: 'http',
      ACCESS_TOKEN_EXPIRE_MINUTES: '-5',
      LOG_LEVEL: 'loud',
      ENVIRONMENT: 'prodution',
      SEED_FORCE: 'maybe',
    });
    for (const name of [
      'BACKUP_TIME_HOUR',
      'BACKUP_INTERVAL_HOURS',
      'BACKUP_RETAIN_COUNT',
      'BACKUP_ENABLED',
      'PORT',
      'ACCESS_TOKEN_EXPIRE_MINUTES',
      'LOG_LEVEL',
      'ENVIRONMENT',
      'SEED_FORCE',
    ]) {
      expect(
        list.some((e) => e.startsWith(name)),
        name,
      ).to.equal(true);
    }
    expect(list).to.have.length(9);
  });

  it('refuses a SERVER_BUNDLE that is not a boolean (main.ts reads it before the configuration)', () => {
    expect(errors({ SERVER_BUNDLE: 'off' })).to.deep.equal(['SERVER_BUNDLE="off" is invalid: must be true, false, 1 or 0']);
    expect(parse({ SERVER_BUNDLE: 'FALSE' }).ok).to.equal(true);
    expect(parse({ SERVER_BUNDLE: '1' }).ok).to.equal(true);
  });

  it('spells booleans true/false/1/0 (any case) and accepts fractional intervals', () => {
    expect(config({ BACKUP_ENABLED: 'FALSE' }).backup.enabled).to.equal(false);
    expect(config({ BACKUP_ENABLED: '1' }).backup.enabled).to.equal(true);
    expect(config({ BACKUP_INTERVAL_HOURS: '0.5' }).backup.intervalHours).to.equal(0.5);
    expect(config({ BACKUP_TIMEZONE: 'America/New_York' }).backup.timezone).to.equal('America/New_York');
  });

  it('reads .env, with the real environment winning', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.env'), 'PORT=9001\nLOG_LEVEL=debug\n');
    const env = loadEnv({ PORT: '9002' }, dir);
    expect(env.PORT).to.equal('9002');
    expect(env.LOG_LEVEL).to.equal('debug');
    expect(loadEnv({ A: '1' }, tempDir())).to.deep.equal({ A: '1' });
  });

  describe('development secrets', () => {
    it('generates SECRET_KEY once, keeps it in DATA_DIR (0600) and reuses it after a restart', () => {
      const dir = tempDir();
      const c = parseConfig({ DATA_DIR: dir }, '/');
      if (!c.ok) throw new Error('refused');
      const first = resolveSecrets(c.config);
      expect(first.secretKeySource).to.equal('generated');
      expect(first.secretKey).to.have.length.greaterThanOrEqual(32);
      expect(fs.statSync(path.join(dir, '.secret_key')).mode & 0o777).to.equal(0o600);
      const second = resolveSecrets(c.config);
      expect(second.secretKeySource).to.equal('persisted');
      expect(second.secretKey).to.equal(first.secretKey);
    });

    it('generates an admin password that passes the password rules when none is set', () => {
      const c = parseConfig({ DATA_DIR: tempDir() }, '/');
      if (!c.ok) throw new Error('refused');
      const s = resolveSecrets(c.config);
      expect(s.adminPasswordSource).to.equal('generated');
      expect(s.adminPassword)
        .to.match(/[A-Za-z]/)
        .and.match(/\d/);
      expect(s.adminPassword.length).to.be.greaterThanOrEqual(8);
      const given = parseConfig({ DATA_DIR: tempDir(), ADMIN_PASSWORD: 'Mine12345' }, '/');
      if (!given.ok) throw new Error('refused');
      expect(resolveSecrets(given.config)).to.include({ adminPassword: 'Mine12345', adminPasswordSource: 'env' });
    });
  });
});
