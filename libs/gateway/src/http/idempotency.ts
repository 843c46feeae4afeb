import { IDEMPOTENCY_KEY } from '@gz/contracts';
import { invalid } from '@gz/platform';

/** The Idempotency-Key header as a command's field (none when not sent); a malformed one is 400. */
export function idempotencyKey(key: string | undefined): { idempotencyKey?: string } {
  if (key === undefined) return {};
  if (!IDEMPOTENCY_KEY.test(key))
    throw invalid('Idempotency-Key must be 8 to 100 letters, digits or ._:-', {
      fields: { 'Idempotency-Key': ['invalid'] },
    });
  return { idempotencyKey: key };
}
