import { ConfigError, loadConfig } from '@gz/platform';
import { StandaloneConfig } from './standalone-config';

describe('standalone configuration', () => {
  it('defaults to .data and port 54329', () => {
    expect(loadConfig(StandaloneConfig, {})).toMatchObject({ GZ_DATA_DIR: '.data', EMBEDDED_PG_PORT: 54329 });
    expect(loadConfig(StandaloneConfig, { EMBEDDED_PG_PORT: '6543' }).EMBEDDED_PG_PORT).toBe(6543);
  });

  it.each([['abc'], ['0'], ['70000'], ['54.5']])('refuses EMBEDDED_PG_PORT=%s, naming the variable', (port) => {
    expect(() => loadConfig(StandaloneConfig, { EMBEDDED_PG_PORT: port })).toThrow(ConfigError);
    expect(() => loadConfig(StandaloneConfig, { EMBEDDED_PG_PORT: port })).toThrow(/EMBEDDED_PG_PORT/);
  });
});
