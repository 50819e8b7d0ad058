import { randomBytes } from 'node:crypto';
import { generateWebhookSecret } from '@forebyg/domain';
import { PartnerSecrets, PREVIOUS_SECRET_HOURS } from './partner-secrets.js';

const keys = [{ id: 'k2026', key: randomBytes(32) }];
const secrets = new PartnerSecrets({ cprKeys: keys });
const HOUR = 3600_000;

describe('PartnerSecrets', () => {
  it('encrypts a secret so it is not readable, and decrypts it back', () => {
    const secret = generateWebhookSecret();
    const stored = secrets.encrypt(secret);
    expect(stored).toMatch(/^v1:k2026:/);
    expect(stored).not.toContain(secret.slice(6, 20));
    expect(secrets.decrypt(stored)).toBe(secret);
    expect(secrets.encrypt(secret)).not.toBe(stored); // a fresh IV each time
  });

  it('decrypts with an older key after the keys are rotated', () => {
    const secret = generateWebhookSecret();
    const stored = secrets.encrypt(secret);
    const rotated = new PartnerSecrets({ cprKeys: [{ id: 'k2027', key: randomBytes(32) }, ...keys] });
    expect(rotated.decrypt(stored)).toBe(secret);
  });

  it('lists the current secret, and the previous one only while its overlap lasts (a fake clock)', () => {
    const current = generateWebhookSecret();
    const previous = generateWebhookSecret();
    const rotatedAt = new Date('2026-05-04T10:00:00Z');
    const until = new Date(rotatedAt.getTime() + PREVIOUS_SECRET_HOURS * HOUR);
    const row = { secret_encrypted: secrets.encrypt(current), previous_secret_encrypted: secrets.encrypt(previous), previous_secret_until: until };

    expect(secrets.secretsOf(row, rotatedAt)).toEqual([current, previous]);
    expect(secrets.secretsOf(row, new Date(until.getTime() - 1))).toEqual([current, previous]);
    expect(secrets.secretsOf(row, until)).toEqual([current]);
    expect(secrets.secretsOf(row, new Date(until.getTime() + 7 * 24 * HOUR))).toEqual([current]);
  });

  it('takes the timestamp as PostgreSQL or JSON gives it, and camelCase rows', () => {
    const current = generateWebhookSecret();
    const previous = generateWebhookSecret();
    const camel = {
      secretEncrypted: secrets.encrypt(current),
      previousSecretEncrypted: secrets.encrypt(previous),
      previousSecretUntil: '2026-05-05T10:00:00.000Z',
    };
    expect(secrets.secretsOf(camel, new Date('2026-05-05T09:59:59Z'))).toEqual([current, previous]);
    expect(secrets.secretsOf(camel, new Date('2026-05-05T10:00:01Z'))).toEqual([current]);
  });

  it('has only the current secret before any rotation', () => {
    const current = generateWebhookSecret();
    const row = { secret_encrypted: secrets.encrypt(current), previous_secret_encrypted: null, previous_secret_until: null };
    expect(secrets.secretsOf(row, new Date())).toEqual([current]);
  });

  it('refuses a stored secret that was tampered with', () => {
    const stored = secrets.encrypt(generateWebhookSecret());
    const raw = Buffer.from(stored.split(':')[2]!, 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => secrets.decrypt(`v1:k2026:${raw.toString('base64')}`)).toThrow();
  });
});
