import { FieldSealer } from '@gz/platform';
import type { IncubatorConfig } from './incubator.config';

/** The development key (32 bytes of base64), used when INCUBATOR_PII_KEY is unset outside production. */
export const DEV_INCUBATOR_PII_KEY = 'Z29uZ3poaS1pbmN1YmF0b3ItZGV2ZWxvcG1lbnQta2U=';

/**
 * The incubator's sealer of personal data (contacts' and volunteers' phones and ID numbers),
 * provided as `FieldSealer`. Seal each value with its record's id and field as context, e.g.
 * `contact-phone:<contact id>`, so a value copied to another record does not open.
 */
export function incubatorSealer(config: IncubatorConfig): FieldSealer {
  return FieldSealer.fromSettings({
    name: 'INCUBATOR_PII_KEY',
    key: config.INCUBATOR_PII_KEY,
    keyId: config.INCUBATOR_PII_KEY_ID,
    previous: config.INCUBATOR_PII_KEY_PREVIOUS,
    developmentKey: DEV_INCUBATOR_PII_KEY,
    indexLabel: 'gongzhi incubator index',
    nodeEnv: config.NODE_ENV,
  });
}
