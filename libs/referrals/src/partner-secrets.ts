import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, FieldCipher } from '@forebyg/core';

/** The secret columns of a partner row, as `SELECT * FROM partner` returns them (camelCase aliases work too). */
export type PartnerSecretColumns =
  | { secret_encrypted: string; previous_secret_encrypted?: string | null; previous_secret_until?: Date | string | null }
  | { secretEncrypted: string; previousSecretEncrypted?: string | null; previousSecretUntil?: Date | string | null };

/** How long the previous secret stays valid after a rotation. */
export const PREVIOUS_SECRET_HOURS = 24;

/**
 * The only place partners' signing secrets are encrypted and decrypted (AES-256-GCM with the application's field
 * keys, like CPR numbers). Delivery signs with every secret {@link secretsOf} returns; a partner's signed answer
 * is accepted under any of them.
 */
@Injectable()
export class PartnerSecrets {
  private readonly cipher: FieldCipher;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'cprKeys'>) {
    this.cipher = new FieldCipher(config.cprKeys);
  }

  encrypt(secret: string): string {
    return this.cipher.encrypt(secret);
  }

  decrypt(stored: string): string {
    return this.cipher.decrypt(stored);
  }

  /** The secrets valid at `now`: the current one first, then the previous one while its overlap lasts. */
  secretsOf(partner: PartnerSecretColumns, now: Date): string[] {
    const [current, previous, until] =
      'secret_encrypted' in partner
        ? [partner.secret_encrypted, partner.previous_secret_encrypted, partner.previous_secret_until]
        : [partner.secretEncrypted, partner.previousSecretEncrypted, partner.previousSecretUntil];
    const secrets = [this.decrypt(current)];
    if (previous && until && new Date(until).getTime() > now.getTime()) secrets.push(this.decrypt(previous));
    return secrets;
  }
}
