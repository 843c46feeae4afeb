import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function describe(errors: ValidationError[], raw: Record<string, string>): string[] {
  return errors.map((e) => {
    const given = e.property in raw ? `set to ${JSON.stringify(raw[e.property])}` : 'not set';
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
