import { maskIdNumber, maskPhone, normalisePhone } from '@gz/platform';
import type { StoredPii } from '../persistence/person.store';
import { PiiCipher } from './pii';

/** Encrypts, indexes and masks identity numbers and phones for one person row. */
export class PersonalData {
  constructor(readonly cipher: PiiCipher) {}

  idNumber(normalized: string, personId: string): StoredPii {
    const sealed = this.cipher.seal(normalized, 'idNumber', personId);
    return {
      cipher: sealed.cipher,
      keyId: sealed.keyId,
      index: this.idNumberIndex(normalized),
      masked: maskIdNumber(normalized),
    };
  }

  phone(value: string, personId: string): StoredPii {
    const sealed = this.cipher.seal(value, 'phone', personId);
    return { cipher: sealed.cipher, keyId: sealed.keyId, index: this.phoneIndex(value), masked: maskPhone(value) };
  }

  idNumberIndex(value: string): string {
    return this.cipher.blindIndex(value.trim().toUpperCase(), 'idNumber');
  }

  phoneIndex(value: string): string {
    return this.cipher.blindIndex(normalisePhone(value), 'phone');
  }

  open(field: 'idNumber' | 'phone', cipher: string | null, keyId: string | null, personId: string): string | null {
    if (!cipher || !keyId) return null;
    return this.cipher.open({ cipher, keyId }, field, personId);
  }
}
