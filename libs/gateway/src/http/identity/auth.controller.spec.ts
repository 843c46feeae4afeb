import { DomainError } from '@gz/platform';
import { basicCredentials } from './auth.controller';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('HTTP Basic client credentials of oauth/token', () => {
  it('reads client_id and client_secret, %-decoded, keeping colons in the secret', () => {
    expect(basicCredentials(b64('partner%20one:s3cr:et%21'))).toEqual({
      client_id: 'partner one',
      client_secret: 's3cr:et!',
    });
  });

  it.each([['no-colon'], [':secret-without-id'], ['id:%zz'], ['%E0%A4%A:secret']])(
    'refuses %s as 400 invalid, not 500',
    (plain) => {
      let error: unknown;
      try {
        basicCredentials(b64(plain));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'invalid' });
    },
  );
});
