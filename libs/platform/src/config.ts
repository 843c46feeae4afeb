import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Variables whose value must never reach a log or an error message (keys, secrets, passwords). */
export const SECRET_SETTING = /KEY|SECRET|PASSWORD|TOKEN|CREDENTIAL/;

/** A URL's password replaced, so that `postgres://gz:secret@db/gz` is shown as `postgres://gz:***@db/gz`. */
function withoutPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@\s]*:)[^@\s]*@/i, '$1***@');
}

function describe(errors: ValidationError[], raw: Record<string, string>): string[] {
  return errors.map((e) => {
    const given = !(e.property in raw)
      ? 'not set'
      : SECRET_SETTING.test(e.property) && !/_(ID|TTL_S|FILE)$/.test(e.property)
        ? 'set (value not shown)'
        : `set to ${JSON.stringify(withoutPassword(raw[e.property]))}`;
    return `${e.property} is ${given}: ${Object.values(e.constraints ?? {}).join('; ')}`;
  });
}

/**
 * Reads a configuration class from environment variables. Every field is an env var of the same
 * name; class-validator decorators say what is valid, `@Type` converts numbers and booleans.
 * Empty strings count as unset so that `FOO= npm start` falls back to the default.
 */
export function loadConfig<T extends object>(cls: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') raw[key] = value;
  const config = plainToInstance(cls, raw, { exposeDefaultValues: true, excludeExtraneousValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) throw new ConfigError(describe(errors, raw));
  return config;
}

/** `a,b , c` → `['a','b','c']` */
export function splitList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
