import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, BlindIndex, DomainError, FieldCipher } from '@forebyg/core';
import { maskCpr, parseCpr } from '@forebyg/domain';

export interface ProtectedCpr {
  encrypted: string;
  keyId: string;
  blindIndex: string;
}

/** The only place CPR numbers are encrypted, indexed and decrypted. */
@Injectable()
export class CprVault {
  private readonly cipher: FieldCipher;
  private readonly index: BlindIndex;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.cipher = new FieldCipher(config.cprKeys);
    this.index = new BlindIndex(config.blindIndexKey);
  }

  /** Parses and protects a CPR typed by a person or sent by a ledger; throws a 422 on `field` when invalid. */
  protect(input: string, field = 'cpr'): ProtectedCpr {
    const parsed = parseCpr(input);
    if (!parsed.ok) throw DomainError.validation([{ field, reason: parsed.reason === 'date' ? 'invalid_cpr_date' : 'invalid_cpr_format' }]);
    return { encrypted: this.cipher.encrypt(parsed.cpr), keyId: this.cipher.activeKeyId, blindIndex: this.index.of(parsed.cpr) };
  }

  /** Blind index of a CPR for exact lookup, or null when the input is not a valid CPR. */
  indexOf(input: string): string | null {
    const parsed = parseCpr(input);
    return parsed.ok ? this.index.of(parsed.cpr) : null;
  }

  /** Blind index of a CPR already normalised to its 10 digits (the arrears parser's output). */
  indexOfDigits(cpr10: string): string {
    return this.index.of(cpr10);
  }

  /** Encrypts a CPR already normalised to its 10 digits. */
  encryptDigits(cpr10: string): { encrypted: string; keyId: string } {
    return { encrypted: this.cipher.encrypt(cpr10), keyId: this.cipher.activeKeyId };
  }

  reveal(encrypted: string): string {
    return this.cipher.decrypt(encrypted);
  }

  mask(encrypted: string | null): string | null {
    return encrypted ? maskCpr(this.cipher.decrypt(encrypted)) : null;
  }
}
