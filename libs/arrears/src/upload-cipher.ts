import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, FieldCipher, type SealedBytes } from '@forebyg/core';

/** A stored upload that cannot be read back: a chunk altered, moved, missing, or under a key no longer listed. */
export class UploadUnreadableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadUnreadableError';
  }
}

/**
 * Encryption at rest of uploaded snapshots (`arrears_upload_chunk`), with the application's field keys
 * (`CPR_ENCRYPTION_KEYS`: the first encrypts, every listed key decrypts). Each chunk is AES-256-GCM with a fresh
 * IV, stored as `iv | tag | ciphertext` with its key id in `key_id`, and bound to its place: the associated data is
 * `<importId>:<seq>:<keyId>`, so a chunk swapped with another import's, reordered, or relabelled does not decrypt.
 * A chunk with no key id was stored before encryption existed and is plaintext.
 */
@Injectable()
export class UploadCipher {
  private readonly cipher: FieldCipher;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'cprKeys'>) {
    this.cipher = new FieldCipher(config.cprKeys);
  }

  seal(importId: string, seq: number, plaintext: Buffer): SealedBytes {
    return this.cipher.encryptBytes(plaintext, `${importId}:${seq}`);
  }

  /** The plaintext of a stored chunk, verified whole before it is returned; throws {@link UploadUnreadableError}. */
  open(importId: string, seq: number, keyId: string | null, data: Buffer): Buffer {
    if (keyId === null) return data;
    if (!this.cipher.hasKey(keyId)) {
      throw new UploadUnreadableError(`chunk ${seq} is encrypted with key ${keyId}, which CPR_ENCRYPTION_KEYS no longer lists`);
    }
    try {
      return this.cipher.decryptBytes(data, keyId, `${importId}:${seq}`);
    } catch {
      throw new UploadUnreadableError(`chunk ${seq} failed its integrity check (altered, moved or damaged)`);
    }
  }
}
