import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './config.js';
import { DEV_BLIND_INDEX_KEY, DEV_CPR_KEYS } from './config.schema.js';

const key = () => randomBytes(32).toString('base64');

describe('loadConfig', () => {
  it('gives a working development config with no environment at all (embedded defaults)', () => {
    const c = loadConfig({});
    expect(c.NODE_ENV).toBe('development');
    expect(c.embeddedDatabase).toBe(true);
    expect(c.queueBackend).toBe('postgres');
    expect(c.PORT).toBe(3000);
    expect(c.cprKeys[0]!.id).toBe('dev1');
    expect(c.cprKeys[0]!.key).toHaveLength(32);
    expect(c.cookieSecure).toBe(false);
    expect(c.PUBLIC_URL).toBe('http://localhost:3000');
  });

  it('takes the public address from PORT when PUBLIC_URL is unset, and keeps a given one', () => {
    expect(loadConfig({ PORT: '3900' }).PUBLIC_URL).toBe('http://localhost:3900');
    expect(loadConfig({ PORT: '3900', PUBLIC_URL: 'https://forebyg.example.dk' }).PUBLIC_URL).toBe('https://forebyg.example.dk');
  });

  it('switches to real servers when DATABASE_URL and REDIS_URL are set', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/forebyg', REDIS_URL: 'redis://cache:6379' });
    expect(c.embeddedDatabase).toBe(false);
    expect(c.queueBackend).toBe('redis');
  });

  it('coerces numbers and booleans and treats empty strings as unset', () => {
    const c = loadConfig({ PORT: '8080', TRUST_PROXY: 'true', DEMO_DATA: '0', DATABASE_URL: '', CORS_ORIGINS: 'https://a.dk, https://b.dk' });
    expect(c.PORT).toBe(8080);
    expect(c.TRUST_PROXY).toBe(true);
    expect(c.DEMO_DATA).toBe(false);
    expect(c.embeddedDatabase).toBe(true);
    expect(c.CORS_ORIGINS).toEqual(['https://a.dk', 'https://b.dk']);
  });

  it('keeps arrears uploads 365 days unless told otherwise, between 1 and 3650', () => {
    expect(loadConfig({}).ARREARS_UPLOAD_RETENTION_DAYS).toBe(365);
    expect(loadConfig({ ARREARS_UPLOAD_RETENTION_DAYS: '30' }).ARREARS_UPLOAD_RETENTION_DAYS).toBe(30);
    for (const bad of ['0', '3651', '1.5', 'a year']) {
      expect(() => loadConfig({ ARREARS_UPLOAD_RETENTION_DAYS: bad })).toThrow(ConfigError);
    }
  });

  it('reports every invalid variable at once, by name', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/DATABASE_URL/);
      expect(problems).toMatch(/LOG_LEVEL/);
    }
  });

  it('refuses embedded mode and development secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL: required in production/);
    try {
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x', REDIS_URL: 'redis://r' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toMatch(/CPR_ENCRYPTION_KEYS/);
      expect(problems).toMatch(/BLIND_INDEX_KEY/);
      expect(problems).toMatch(/PUBLIC_URL: required in production/);
    }
    const ok = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/x',
      REDIS_URL: 'redis://r',
      CPR_ENCRYPTION_KEYS: `k2026:${key()},k2025:${key()}`,
      BLIND_INDEX_KEY: key(),
      PUBLIC_URL: 'https://forebyg.example.dk',
    });
    expect(ok.cprKeys.map((k) => k.id)).toEqual(['k2026', 'k2025']);
    expect(ok.cookieSecure).toBe(true);
    expect(ok.CPR_ENCRYPTION_KEYS).not.toBe(DEV_CPR_KEYS);
    expect(ok.BLIND_INDEX_KEY).not.toBe(DEV_BLIND_INDEX_KEY);
  });

  it('rejects keys that are too short or malformed', () => {
    expect(() => loadConfig({ BLIND_INDEX_KEY: Buffer.from('short').toString('base64') })).toThrow(/BLIND_INDEX_KEY/);
    expect(() => loadConfig({ CPR_ENCRYPTION_KEYS: 'nocolon' })).toThrow(/CPR_ENCRYPTION_KEYS/);
    expect(() => loadConfig({ CPR_ENCRYPTION_KEYS: `bad id!:${key()}` })).toThrow(/CPR_ENCRYPTION_KEYS/);
  });
});
