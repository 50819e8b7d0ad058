import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export interface CipherKey {
  id: string;
  key: Buffer;
}

/**
 * Application-level encryption of single fields (CPR numbers) with AES-256-GCM. The stored form names
 * its key (`v1:<keyId>:<base64 iv|tag|ciphertext>`) so keys can be rotated: the first key encrypts,
 * every listed key decrypts. The key id is also bound as associated data, so a ciphertext cannot be
 * replayed under another key's name.
 */
export class FieldCipher {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: CipherKey[]) {
    if (keys.length === 0) throw new Error('FieldCipher needs at least one key');
    for (const k of keys) if (k.key.length !== 32) throw new Error(`Key ${k.id} must be 32 bytes`);
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  get activeKeyId(): string {
    return this.keys[0]!.id;
  }

  encrypt(plaintext: string): string {
    const { id, key } = this.keys[0]!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(id));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v1:${id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(stored: string): string {
    const [version, id, payload] = stored.split(':');
    if (version !== 'v1' || !id || !payload) throw new Error('Unknown ciphertext format');
    const key = this.byId.get(id);
    if (!key) throw new Error(`No key with id ${id}`);
    const raw = Buffer.from(payload, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(id));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  keyIdOf(stored: string): string | null {
    return stored.split(':')[1] ?? null;
  }
}

/** Keyed hash for exact-match lookup of an encrypted value without decrypting every row. */
export class BlindIndex {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('Blind index key must be at least 32 bytes');
  }

  of(value: string): string {
    return createHmac('sha256', this.key).update(value, 'utf8').digest('base64url');
  }
}
