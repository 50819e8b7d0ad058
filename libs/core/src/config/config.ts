
import { configSchema, DEV_BLIND_INDEX_KEY, DEV_CPR_KEYS, RawConfig } from './config.schema.js';

export interface AppConfig extends RawConfig {
  /** The address users open: PUBLIC_URL, or http://localhost:PORT outside production. */
  PUBLIC_URL: string;
  /** True when no DATABASE_URL is configured and `npm start` runs PostgreSQL embedded in DATA_DIR. */
  embeddedDatabase: boolean;
  /** 'redis' when REDIS_URL is set, else BullMQ runs on its PostgreSQL backend. */
  queueBackend: 'redis' | 'postgres';
  cookieSecure: boolean;
  cprKeys: { id: string; key: Buffer }[];
  blindIndexKey: Buffer;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function decodeKey(name: string, b64: string, problems: string[]): Buffer {
  const key = Buffer.from(b64, 'base64');
  if (key.length < 32) problems.push(`${name}: key must be base64 of at least 32 bytes`);
  return key.subarray(0, 32);
}

/** Validates the environment into a typed config, or throws ConfigError listing every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const raw = parsed.data;
  const problems: string[] = [];
  const cprKeys = raw.CPR_ENCRYPTION_KEYS.split(',').map((entry) => {
    const [id, b64] = entry.split(':');
    if (!id || !b64 || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
      problems.push('CPR_ENCRYPTION_KEYS: each entry must be keyId:base64key');
      return { id: id ?? '', key: Buffer.alloc(32) };
    }
    return { id, key: decodeKey('CPR_ENCRYPTION_KEYS', b64, problems) };
  });
  const blindIndexKey = decodeKey('BLIND_INDEX_KEY', raw.BLIND_INDEX_KEY, problems);
  if (raw.NODE_ENV === 'production') {
    if (!raw.DATABASE_URL) problems.push('DATABASE_URL: required in production (embedded PostgreSQL is for development only)');
    if (!raw.PUBLIC_URL) problems.push('PUBLIC_URL: required in production (the address users open; the base of links in e-mails)');
    if (!raw.REDIS_URL) problems.push('REDIS_URL: required in production (the PostgreSQL queue backend is for development only)');
    if (raw.CPR_ENCRYPTION_KEYS === DEV_CPR_KEYS) problems.push('CPR_ENCRYPTION_KEYS: the development default may not be used in production');
    if (raw.BLIND_INDEX_KEY === DEV_BLIND_INDEX_KEY) problems.push('BLIND_INDEX_KEY: the development default may not be used in production');
  }
  if (problems.length) throw new ConfigError(problems);
  const publicUrl = raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`;
  return {
    ...raw,
    PUBLIC_URL: publicUrl,
    embeddedDatabase: !raw.DATABASE_URL,
    queueBackend: raw.REDIS_URL ? 'redis' : 'postgres',
    cookieSecure: raw.COOKIE_SECURE ?? publicUrl.startsWith('https:'),
    cprKeys,
    blindIndexKey,
  };
}

