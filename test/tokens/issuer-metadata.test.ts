// Where the metadata of an issuer is looked for: OpenID Connect Discovery appends to the issuer,
// RFC 8414 inserts between host and path; an issuer with a path (a tenant) is where they differ.
import { metadataUrls } from '../../lib/tokens/issuer-metadata';

test.each([
  ['http://127.0.0.1:9400', ['http://127.0.0.1:9400/.well-known/openid-configuration', 'http://127.0.0.1:9400/.well-known/oauth-authorization-server']],
  [
    'https://sso.example.com/realms/team-a',
    ['https://sso.example.com/realms/team-a/.well-known/openid-configuration', 'https://sso.example.com/.well-known/oauth-authorization-server/realms/team-a'],
  ],
  ['https://auth.example.com/', ['https://auth.example.com/.well-known/openid-configuration', 'https://auth.example.com/.well-known/oauth-authorization-server']],
])('the metadata of %s is looked for at OpenID Connect Discovery §4 then RFC 8414 §3.1', (issuer, urls) => {
  expect(metadataUrls(issuer)).toEqual(urls);
});
