import { DomainError } from '@gz/platform';
import { grantedScopes } from './client-scope';

describe('client scopes', () => {
  const grants = ['tickets:read', 'tickets:feedback'];

  it('grants everything when nothing is asked', () => {
    expect(grantedScopes(undefined, grants)).toEqual(grants);
    expect(grantedScopes('  ', grants)).toEqual(grants);
  });

  it('grants a subset that is asked for', () => {
    expect(grantedScopes('tickets:read', grants)).toEqual(['tickets:read']);
    expect(grantedScopes('tickets:read  tickets:read tickets:feedback', grants)).toEqual([
      'tickets:read',
      'tickets:feedback',
    ]);
  });

  it('refuses a scope the client does not have, naming it', () => {
    try {
      grantedScopes('tickets:read tickets:delete', grants);
      throw new Error('expected a failure');
    } catch (error) {
      expect((error as DomainError).body).toMatchObject({ code: 'invalid', details: { scope: 'tickets:delete' } });
      expect((error as DomainError).body.message).toContain('tickets:delete');
    }
  });
});
