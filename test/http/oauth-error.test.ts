// oauthErrorOf: the RFC 6749 §5.2 / RFC 7591 §3.2.2 error members of a response body, when present.
import { oauthErrorOf } from '../../lib/http';

describe('oauthErrorOf', () => {
  it('given an OAuth error body, then error and error_description are returned', () => {
    const json = { error: 'invalid_redirect_uri', error_description: 'fragment not allowed', extra: 1 };

    expect(oauthErrorOf({ json })).toEqual({ error: 'invalid_redirect_uri', error_description: 'fragment not allowed' });
  });

  it('given only an error code, then there is no description', () => {
    expect(oauthErrorOf({ json: { error: 'invalid_token' } })).toEqual({ error: 'invalid_token' });
  });

  it.each([
    ['no body', undefined],
    ['an array', [{ error: 'x' }]],
    ['a provider-specific shape', { message: 'Not Found', statusCode: 404 }],
    ['a non-string error', { error: { code: 'E1' } }],
    ['an empty error', { error: '' }],
  ])('given %s, then there is no OAuth error', (_label, json) => {
    expect(oauthErrorOf({ json })).toBeUndefined();
  });
});
