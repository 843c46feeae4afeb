import type { CouncilsConfig } from '../councils.config';
import { FieldSealer, normalisePhone, type SealedValue } from '@gz/platform';

/** The development key (32 bytes of base64), used when COUNCILS_PII_KEY is unset outside production. */
export const DEV_COUNCILS_PII_KEY = 'Z29uZ3poaS1jb3VuY2lscy1kZXZlbG9wbWVudC1rZXk=';

/** A phone as stored: `<key id>:<base64 of iv ‖ GCM tag ‖ ciphertext>`. */
export type SealedPhone = SealedValue;

/**
 * Owners' phones at rest, sealed by the platform's FieldSealer with the owner's id bound in (a
 * value copied to another owner does not open). Matching an owner by phone (the import) goes
 * through the sealer's blind index of the phone's digits.
 */
export class PhoneCipher {
  constructor(private readonly sealer: FieldSealer) {}

  /** From the service's settings: the configured keys, or the development key outside production. */
  static fromConfig(config: CouncilsConfig): PhoneCipher {
    return new PhoneCipher(
      FieldSealer.fromSettings({
        name: 'COUNCILS_PII_KEY',
        key: config.COUNCILS_PII_KEY,
        keyId: config.COUNCILS_PII_KEY_ID,
        previous: config.COUNCILS_PII_KEY_PREVIOUS,
        developmentKey: DEV_COUNCILS_PII_KEY,
        indexLabel: 'gongzhi councils phone index',
        nodeEnv: config.NODE_ENV,
      }),
    );
  }

  seal(phone: string, ownerId: string): SealedPhone {
    return this.sealer.seal(phone, `phone:${ownerId}`);
  }

  open(sealed: SealedPhone, ownerId: string): string {
    return this.sealer.open(sealed, `phone:${ownerId}`);
  }

  /** The blind index of a phone (digits only). */
  index(phone: string): string {
    return this.sealer.index(normalisePhone(phone));
  }
}
