// The public API a stack author reaches for, the way AWS CDK's Cognito offers it: the scopes of a
// host, the OpenID Connect scopes ready-made, `host.addClient(id, options)`, and credentials typed
// per API (a misspelt key does not compile: `npm test` type-checks this file first, and each
// `@ts-expect-error` fails the build when its line compiles). Internals stay out of the index.
import { TerraformStack, Testing } from 'cdktf';
import * as api from '../../lib';
import { Host, OAuthClient, type HostCredentialsByFlavour, type ProviderFlavour } from '../../lib';
import { PROVIDER_CAPABILITIES } from '../../lib/model';
import { synthError, synthJson } from '../support/synth';

const newStack = () => new TerraformStack(Testing.app(), 'team');

describe('the package index', () => {
  test('exports the constructs and their vocabulary, not the schemas, the backend or underscore members', () => {
    const names = Object.keys(api).sort();

    expect(names).toEqual(['Host', 'HostDefaults', 'OAuthClient', 'Reconciler', 'RedirectUrl', 'RemovalPolicy', 'Scope', 'SecretStore', 'projectLocalBackend']);
    expect(names.filter((n) => /Schema$|^_/.test(n))).toEqual([]);
  });
});

describe('typed credentials', () => {
  test('given each API, then the credential names its props require are the ones its adapter reads', () => {
    // Compiles only if every name is a key of that flavour's credentials type.
    const typed: { readonly [F in ProviderFlavour]: readonly (keyof HostCredentialsByFlavour[F])[] } = {
      rfc7591: ['initialAccessToken'],
      'light-portal': ['bearerToken'],
      hydra: [],
      keycloak: ['clientId', 'clientSecret'],
    };

    for (const flavour of Object.keys(PROVIDER_CAPABILITIES) as ProviderFlavour[]) expect([...typed[flavour]].sort()).toEqual([...PROVIDER_CAPABILITIES[flavour].credentials].sort());
  });
});

describe('host.scope and host.scopes', () => {
  test('given declared scopes, then scope(name) returns the one declared and scopes lists them all', () => {
    const host = Host.localDevelopment(newStack(), 'dev');
    const read = host.addScope('reports.read', { description: 'Read reports' });
    host.addScope('reports.write', { description: 'Change reports' });

    expect(host.scope('reports.read')).toBe(read);
    expect(host.scopes.map((s) => s.name)).toEqual(['reports.read', 'reports.write']);
  });

  test('given a scope the host does not declare, then scope(name) throws naming the host and what it declares', () => {
    const host = Host.localDevelopment(newStack(), 'dev', { scopes: { 'reports.read': { description: 'Read reports' } } });

    expect(() => host.scope('reports.wirte')).toThrow("host dev declares no scope 'reports.wirte' (its scopes: reports.read)");
  });
});

describe('host.oidcScopes', () => {
  test('given a client asking openid, profile and email, then they are the standard scope values, declared once on the host', () => {
    const stack = newStack();
    const host = Host.localDevelopment(stack, 'dev');
    const { openid, profile, email } = host.oidcScopes;
    const web = new OAuthClient(stack, 'web', { host, publicClient: true, scopes: [openid, profile, email], redirectUrls: ['http://127.0.0.1:3000/cb'] });

    expect(host.oidcScopes.openid).toBe(openid);
    expect([openid, profile, email].map(String)).toEqual(['openid', 'profile', 'email']);
    expect(openid.description).toMatch(/OpenID Connect Core/);
    synthJson(stack);
    expect([...web.spec.scopes].sort()).toEqual(['email', 'openid', 'profile']);
  });

  test("given a host whose API offers no OpenID Connect scope, then synth refuses the scope with a code", () => {
    const stack = newStack();
    const host = new Host(stack, 'portal', { issuer: 'https://portal.example.com', flavour: 'light-portal', credentials: { bearerToken: 'PORTAL_TOKEN' } });
    new OAuthClient(stack, 'svc', { host, flows: { clientCredentials: true }, scopes: [host.oidcScopes.openid] });

    expect(synthError(stack)).toContain("[team/portal/openid] name: the light-portal API offers no OpenID Connect scope 'openid' [OAC_SCOPE_OIDC]");
  });
});

describe('host.addClient', () => {
  test("given addClient(id, options), then the client is in the host's stack with the key <stack>/<id>", () => {
    const stack = newStack();
    const host = Host.localDevelopment(stack, 'dev', { scopes: { 'reports.read': { description: 'Read reports' } } });
    const client = host.addClient('reporting', { flows: { clientCredentials: true }, scopes: [host.scope('reports.read')] });

    expect(client.node.scope).toBe(stack);
    expect(client.key).toBe('team/reporting');
    expect(client.host).toBe(host);
  });

  test('given the deprecated addClient(scope, id, options), then it still declares the client in that scope', () => {
    const stack = newStack();
    const other = new TerraformStack(stack.node.scope!, 'other');
    const host = Host.localDevelopment(stack, 'dev', { scopes: { 'reports.read': { description: 'Read reports' } } });
    const client = host.addClient(other, 'reporting', { flows: { clientCredentials: true }, scopes: [host.scope('reports.read')] });

    expect(client.key).toBe('other/reporting');
  });

  test('given a host at the app root, then addClient(id) says where to declare the client instead', () => {
    const app = Testing.app();
    const host = new Host(app, 'shared', { issuer: 'https://auth.example.com', credentials: { initialAccessToken: 'IAT' } });

    expect(() => host.addClient('web')).toThrow("host shared is not inside a stack, so addClient('web') has nowhere to put the client: use new OAuthClient(stack, 'web', { host, ... })");
  });
});

/** Never called: it only has to type-check (or fail to, where marked). */
export function typedCredentials(stack: TerraformStack): void {
  new Host(stack, 'a', { issuer: 'https://a.example.com', credentials: { initialAccessToken: 'A_IAT' } });
  new Host(stack, 'k', { issuer: 'https://k.example.com', flavour: 'keycloak', credentials: { clientId: 'K_ID', clientSecret: 'K_SECRET' } });
  new Host(stack, 'h', { issuer: 'https://h.example.com', flavour: 'hydra' });
  // @ts-expect-error a misspelt credential name does not compile
  new Host(stack, 'b', { issuer: 'https://b.example.com', credentials: { initialAcessToken: 'B_IAT' } });
  // @ts-expect-error another API's credential does not compile either
  new Host(stack, 'c', { issuer: 'https://c.example.com', flavour: 'keycloak', credentials: { initialAccessToken: 'C_IAT' } });
  // @ts-expect-error an rfc7591 host needs its initial access token
  new Host(stack, 'd', { issuer: 'https://d.example.com' });
}
