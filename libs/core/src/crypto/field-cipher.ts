import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export interface CipherKey {
  id: string;
  key: Buffer;
}

/** Bytes sealed by {@link FieldCipher.encryptBytes}: `iv | tag | ciphertext`, and the id of the key that sealed them. */
export interface SealedBytes {
  keyId: string;
  data: Buffer;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEAD_BYTES = IV_BYTES + TAG_BYTES;

/**
 * Application-level encryption with AES-256-GCM, under keys that can be rotated: the first key encrypts, every
 * listed key decrypts. Single fields (CPR numbers) are stored as `v1:<keyId>:<base64 iv|tag|ciphertext>`, with the
 * key id bound as associated data, so a ciphertext cannot be replayed under another key's name. Larger byte strings
 * (the pieces of an uploaded file) are stored as raw `iv|tag|ciphertext` with the key id beside them, and bound to
 * their place as well as to the key ({@link encryptBytes}).
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
    const { id, data } = this.seal(Buffer.from(plaintext, 'utf8'), '');
    return `v1:${id}:${data.toString('base64')}`;
  }

  decrypt(stored: string): string {
    const [version, id, payload] = stored.split(':');
    if (version !== 'v1' || !id || !payload) throw new Error('Unknown ciphertext format');
    return this.open(Buffer.from(payload, 'base64'), id, '').toString('utf8');
  }

  /** Whether a key with this id is listed (so values it encrypted can be decrypted). */
  hasKey(id: string): boolean {
    return this.byId.has(id);
  }

  keyIdOf(stored: string): string | null {
    return stored.split(':')[1] ?? null;
  }

  /**
   * Encrypts bytes with the active key and a fresh IV. `context` names where the bytes belong (an upload chunk:
   * `<importId>:<seq>`); `<context>:<keyId>` is the associated data, so the result decrypts only at that place and
   * under that key id: a piece moved to another place (another import, another position) or relabelled fails.
   */
  encryptBytes(plaintext: Buffer, context: string): SealedBytes {
    const { id, data } = this.seal(plaintext, `${context}:`);
    return { keyId: id, data };
  }

  /**
   * The plaintext of {@link encryptBytes}'s `data`, given the key id stored with it and the same `context`. The tag
   * is verified before anything is returned: altered bytes, a wrong place, an unknown key or a wrong key id throw.
   */
  decryptBytes(data: Buffer, keyId: string, context: string): Buffer {
    return this.open(data, keyId, `${context}:`);
  }

  /** `iv | tag | ciphertext` under the active key, with `<aadPrefix><keyId>` as associated data. */
  private seal(plaintext: Buffer, aadPrefix: string): { id: string; data: Buffer } {
    const { id, key } = this.keys[0]!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aadPrefix + id, 'utf8'));
    const body = cipher.update(plaintext);
    const last = cipher.final();
    return { id, data: Buffer.concat([iv, cipher.getAuthTag(), body, last], HEAD_BYTES + body.length + last.length) };
  }

  private open(raw: Buffer, id: string, aadPrefix: string): Buffer {
    const key = this.byId.get(id);
    if (!key) throw new Error(`No key with id ${id}`);
    if (raw.length < HEAD_BYTES) throw new Error('Ciphertext too short');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(aadPrefix + id, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, HEAD_BYTES));
    const body = decipher.update(raw.subarray(HEAD_BYTES));
    const last = decipher.final();
    return last.length ? Buffer.concat([body, last]) : body;
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
