// Declarations synth must refuse, one rule per row: each names the construct path as cdktf prints
// it (`[stack/web]`), the field as the author spelt it (`redirectUrls[1]:`) and the stable code.
import { Fn, TerraformStack, TerraformVariable, Token, type App } from 'cdktf';
import { Construct } from 'constructs';
import { Host, OAuthClient, RedirectUrl, type HostProps, type OAuthClientOptions, Scope } from '../../lib';
import type { LooseHostProps } from '../support/handler';
import { issueLines, offlineTerraformEnv, scratchApp, synthError } from '../support/synth';

let restoreEnv: () => void;
const disposers: (() => void)[] = [];
beforeAll(() => {
  restoreEnv = offlineTerraformEnv();
});
afterAll(() => {
  restoreEnv();
  disposers.forEach((dispose) => dispose());
});

/** An app writing into a scratch directory: every stack here is meant to fail before it is written. */
function givenApp(): App {
  const { app, dispose } = scratchApp();
  disposers.push(dispose);
  return app;
}

const prod = (scope: Construct, props: LooseHostProps = {}) =>
  new Host(scope, 'prod', {
    issuer: 'https://auth.example.com',
    credentials: { initialAccessToken: 'PROD_IAT' },
    scopes: { 'orders.read': { description: 'Read orders' } },
    ...props,
  } as HostProps);

const dev = (scope: Construct) => Host.localDevelopment(scope, 'dev', { scopes: { 'orders.read': { description: 'Read orders' } } });

/** A light-portal host: admin URL, portal host and provider ids, the owning app, the admin token's env var. */
const portal = (scope: Construct, settings: Record<string, string> = { hostId: '01964b05-552a-7c4b-9184-6857e7f3dc5f', providerId: 'AZZRJE52eXu3t1hseacnGQ', appId: 'orders' }) =>
  prod(scope, { flavour: 'light-portal', adminUrl: 'https://portal.example.com', settings, credentials: { bearerToken: 'PORTAL_TOKEN' } });
const keycloak = (scope: Construct) =>
  prod(scope, { flavour: 'keycloak', adminUrl: 'https://kc.example.com', settings: { realm: 'shop' }, credentials: { clientId: 'KC_ID', clientSecret: 'KC_SECRET' } });

/**
 * A client `id` of `host` with one valid https redirect URL and the host's first scope (an rfc7591
 * client must ask for one) unless `options` say otherwise. A host without scopes gives a client without.
 */
const client = (scope: Construct, host: Host, options: OAuthClientOptions = {}, id = 'web') =>
  new OAuthClient(scope, id, { host, redirectUrls: ['https://app.example.com/auth'], scopes: host.scopes.slice(0, 1), ...options });

interface InvalidDeclaration {
  /** The rule, as a reviewer would say it. */
  readonly rule: string;
  /** Declares the offending construct(s) in `stack` (or at the app root / in other stacks of `app`). */
  readonly declare: (stack: TerraformStack, app: App) => void;
  /** The construct path cdktf prints between brackets. */
  readonly path: string;
  /** The field as the author spelt it. */
  readonly field: string;
  /** The stable code; absent only for rules the library does not have yet. */
  readonly code?: string;
  /** A piece of the rule's wording or of the value received. */
  readonly says?: string;
  /**
   * Other issues, as `[path] field [CODE]`, the same declaration rightly reports (a second one on the
   * same field included); nothing else may be reported, and nothing twice.
   */
  readonly alsoReports?: readonly string[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The line `[path] field: ... [CODE]`, exactly that path and field. */
const issueLine = ({ path, field, code, says }: Pick<InvalidDeclaration, 'path' | 'field' | 'code' | 'says'>) =>
  expect.stringMatching(new RegExp(`^\\[${escape(path)}\\] ${escape(field)}: .*${says ? `${escape(says)}.*` : ''}\\[${code ?? 'OAC_[A-Z_]+'}\\]$`));

const manyUrls = (n: number) => Array.from({ length: n }, (_, i) => `https://app.example.com/cb/${i}`);

const invalid: InvalidDeclaration[] = [
  // Redirect URLs: https only, loopback only on development hosts (RFC 8252 §7.3, RFC 9700 §4.1).
  { rule: 'plain http redirect on a production host', declare: (s) => client(s, prod(s), { redirectUrls: ['https://app.example.com/auth', 'http://app.example.com/auth'] }), path: 'stack/web', field: 'redirectUrls[1]', code: 'OAC_REDIRECT_URL', says: "must use https (plain http is only for loopback URLs on development hosts), got 'http://app.example.com/auth'" },
  { rule: 'plain http non-loopback redirect even on a development host', declare: (s) => client(s, dev(s), { redirectUrls: ['http://app.example.com/auth'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'must use https' },
  { rule: 'loopback redirect on a production host', declare: (s) => client(s, prod(s), { redirectUrls: ['http://127.0.0.1:3000/cb'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'only accepted by development hosts' },
  { rule: 'RedirectUrl.loopback on a production host', declare: (s) => client(s, prod(s), { publicClient: true, redirectUrls: [RedirectUrl.loopback(3000)] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'only accepted by development hosts' },
  { rule: 'https loopback redirect on a production host', declare: (s) => client(s, prod(s), { redirectUrls: ['https://localhost:8443/cb'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'only accepted by development hosts' },
  { rule: 'wildcard redirect', declare: (s) => client(s, prod(s), { redirectUrls: ['https://*.example.com/cb'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'wildcards are not allowed' },
  { rule: 'redirect with a fragment', declare: (s) => client(s, prod(s), { redirectUrls: ['https://app.example.com/cb#top'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: "fragments are not allowed (RFC 6749 §3.1.2), got 'https://app.example.com/cb#top'" },
  { rule: 'redirect with an empty fragment', declare: (s) => client(s, prod(s), { redirectUrls: ['https://app.example.com/cb#'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'fragments are not allowed' },
  { rule: 'redirect with user-info', declare: (s) => client(s, prod(s), { redirectUrls: ['https://user:pw@app.example.com/cb'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'user-info is not allowed' },
  { rule: 'javascript: redirect', declare: (s) => client(s, prod(s), { redirectUrls: ['javascript:alert(1)'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'the javascript: scheme is not allowed' },
  { rule: 'data: redirect', declare: (s) => client(s, prod(s), { redirectUrls: ['data:text/html,hello'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'the data: scheme is not allowed' },
  { rule: 'file: redirect', declare: (s) => client(s, prod(s), { redirectUrls: ['file:///etc/hosts'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'the file: scheme is not allowed' },
  { rule: 'relative redirect', declare: (s) => client(s, prod(s), { redirectUrls: ['/auth/callback'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'is not an absolute URL' },
  { rule: 'redirect longer than 2000 characters', declare: (s) => client(s, prod(s), { redirectUrls: [`https://app.example.com/${'a'.repeat(2000)}`] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'must be at most 2000 characters' },
  { rule: 'more than 50 redirect URLs (reported once)', declare: (s) => client(s, prod(s), { redirectUrls: manyUrls(51) }), path: 'stack/web', field: 'redirectUrls', code: 'OAC_REDIRECT_COUNT', says: 'at most 50 URLs, got 51' },
  // Providers compare the registered string exactly: a spelling the URL parser would repair never matches.
  { rule: 'https redirect with a single slash', declare: (s) => client(s, prod(s), { redirectUrls: ['https:/app.example.com/auth'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: "an http(s) URL starts with 'scheme://host', got 'https:/app.example.com/auth'" },
  { rule: 'redirect with a backslash', declare: (s) => client(s, prod(s), { redirectUrls: ['https://app.example.com\\auth'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'must not contain backslashes' },
  { rule: 'redirect with a control character', declare: (s) => client(s, prod(s), { redirectUrls: ['https://app.example.com/auth\u0007'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'must not contain whitespace or control characters' },
  { rule: "fully-qualified 'localhost.' redirect on a production host", declare: (s) => client(s, prod(s), { redirectUrls: ['https://localhost./auth'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'only accepted by development hosts' },
  { rule: 'post-logout redirect with a fragment', declare: (s) => client(s, prod(s), { postLogoutRedirectUrls: ['https://app.example.com/', 'https://app.example.com/bye#x'] }), path: 'stack/web', field: 'postLogoutRedirectUrls[1]', code: 'OAC_REDIRECT_URL', says: 'fragments are not allowed' },

  // Native apps (RFC 8252 §7.1) and the intent a RedirectUrl factory states.
  { rule: 'private-use scheme redirect with applicationType web', declare: (s) => client(s, prod(s), { publicClient: true, applicationType: 'web', redirectUrls: [RedirectUrl.privateUse('com.example.app:/cb')] }), path: 'stack/web', field: 'applicationType', code: 'OAC_APPLICATION_TYPE', says: "need applicationType 'native'" },
  { rule: 'private-use scheme redirect with a double slash', declare: (s) => client(s, prod(s), { publicClient: true, redirectUrls: ['com.example.app://cb'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'single slash' },
  { rule: 'private-use scheme that is not a reverse domain', declare: (s) => client(s, prod(s), { publicClient: true, redirectUrls: ['myapp:/cb'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: "the scheme 'myapp' is neither https nor a reverse-domain private-use scheme" },
  { rule: 'RedirectUrl.https given a plain http URL', declare: (s) => client(s, prod(s), { redirectUrls: [RedirectUrl.https('http://app.example.com/auth')] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'must use https' },
  { rule: 'RedirectUrl.https given a loopback http URL', declare: (s) => client(s, dev(s), { redirectUrls: [RedirectUrl.https('http://127.0.0.1:3000/cb')] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_KIND', says: 'declared as a https URL but is a loopback URL' },
  { rule: 'RedirectUrl.privateUse given an https URL', declare: (s) => client(s, prod(s), { redirectUrls: [RedirectUrl.privateUse('https://app.example.com/cb')] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_KIND', says: 'declared as a private-use URL but is a https URL' },

  // Scopes come from the client's own host.
  {
    rule: "scope declared on another host than the client's",
    declare: (s) => {
      const other = prod(s, { scopes: {} });
      const partner = new Host(s, 'partner', { issuer: 'https://partner.example.com', credentials: { initialAccessToken: 'PARTNER_IAT' } });
      client(s, other, { scopes: [partner.addScope('orders.read', { description: 'Read orders' })] });
    },
    path: 'stack/web',
    field: 'scopes[0]',
    code: 'OAC_SCOPE_HOST',
    says: "is declared on host 'partner'",
  },
  // node-oidc-provider lets a client registered without scopes ask for every scope (provider-apis G4).
  { rule: 'rfc7591 client declaring no scope', declare: (s) => client(s, prod(s), { scopes: [] }), path: 'stack/web', field: 'scopes', code: 'OAC_SCOPES_REQUIRED', says: 'the rfc7591 API lets a client registered without scopes ask for every scope' },
  { rule: 'rfc7591 client of a host that offers no scope', declare: (s) => client(s, prod(s, { scopes: {} })), path: 'stack/web', field: 'scopes', code: 'OAC_SCOPES_REQUIRED' },
  { rule: 'client-credentials client without a scope on a development host', declare: (s) => client(s, dev(s), { flows: { clientCredentials: true }, redirectUrls: [], scopes: [] }), path: 'stack/web', field: 'scopes', code: 'OAC_SCOPES_REQUIRED' },

  // Flows and client authentication (RFC 9700 §2.1.1, RFC 6749 §4.4).
  { rule: 'public client without PKCE', declare: (s) => client(s, prod(s), { publicClient: true, requirePkce: false }), path: 'stack/web', field: 'requirePkce', code: 'OAC_PUBLIC_PKCE' },
  { rule: 'public client with client credentials', declare: (s) => client(s, prod(s), { publicClient: true, flows: { authorizationCode: true, clientCredentials: true } }), path: 'stack/web', field: 'grantTypes', code: 'OAC_PUBLIC_CLIENT_CREDENTIALS' },
  { rule: 'public client with client_secret_basic', declare: (s) => client(s, prod(s), { publicClient: true, tokenEndpointAuthMethod: 'client_secret_basic' }), path: 'stack/web', field: 'tokenEndpointAuthMethod', code: 'OAC_PUBLIC_AUTH_METHOD', says: "got 'client_secret_basic'" },
  { rule: "confidential client with 'none'", declare: (s) => client(s, prod(s), { tokenEndpointAuthMethod: 'none' }), path: 'stack/web', field: 'tokenEndpointAuthMethod', code: 'OAC_CONFIDENTIAL_AUTH_METHOD' },
  { rule: 'client-credentials-only client with redirect URLs', declare: (s) => client(s, prod(s), { flows: { clientCredentials: true } }), path: 'stack/web', field: 'redirectUrls', code: 'OAC_REDIRECT_UNUSED' },
  { rule: 'client-credentials-only client with post-logout URLs', declare: (s) => client(s, prod(s), { flows: { clientCredentials: true }, redirectUrls: [], postLogoutRedirectUrls: ['https://app.example.com/'] }), path: 'stack/web', field: 'postLogoutRedirectUrls', code: 'OAC_REDIRECT_UNUSED' },
  { rule: 'no flow at all', declare: (s) => client(s, prod(s), { flows: { authorizationCode: false }, redirectUrls: [] }), path: 'stack/web', field: 'grantTypes', code: 'OAC_FLOWS_EMPTY' },
  { rule: 'authorization code without a redirect URL', declare: (s) => client(s, prod(s), { redirectUrls: [] }), path: 'stack/web', field: 'redirectUrls', code: 'OAC_REDIRECT_REQUIRED' },
  { rule: 'refresh token without authorization code', declare: (s) => client(s, prod(s), { flows: { clientCredentials: true, refreshToken: true }, redirectUrls: [] }), path: 'stack/web', field: 'grantTypes', code: 'OAC_FLOWS_REFRESH' },

  // One key per host across the whole app.
  {
    rule: 'the same explicit key twice on one host in one stack',
    declare: (s) => {
      const host = prod(s);
      client(s, host, { key: 'orders/web' }, 'one');
      client(s, host, { key: 'orders/web' }, 'two');
    },
    path: 'stack/one',
    field: 'key',
    code: 'OAC_KEY_DUPLICATE',
    says: "key 'orders/web' is also used on host 'prod' by stack/two",
    // The same key gives the same default export path (`prod/orders/web`).
    alsoReports: ['[stack/two] key [OAC_KEY_DUPLICATE]', '[stack/one] secretExport.path [OAC_EXPORT_DUPLICATE]', '[stack/two] secretExport.path [OAC_EXPORT_DUPLICATE]'],
  },
  {
    rule: "an explicit key equal to another client's construct path",
    declare: (s) => {
      const host = prod(s);
      client(s, host, {}, 'web');
      client(s, host, { key: 'stack/web' }, 'copy');
    },
    path: 'stack/web',
    field: 'key',
    code: 'OAC_KEY_DUPLICATE',
    says: 'by stack/copy',
    alsoReports: ['[stack/copy] key [OAC_KEY_DUPLICATE]', '[stack/web] secretExport.path [OAC_EXPORT_DUPLICATE]', '[stack/copy] secretExport.path [OAC_EXPORT_DUPLICATE]'],
  },
  {
    rule: 'the same key in two stacks on one app-root host',
    declare: (_s, app) => {
      const host = prod(app);
      client(new TerraformStack(app, 'team-a'), host, { key: 'orders/web' });
      client(new TerraformStack(app, 'team-b'), host, { key: 'orders/web' });
    },
    path: 'team-a/web',
    field: 'key',
    code: 'OAC_KEY_DUPLICATE',
    says: 'by team-b/web',
    // The same key gives the same default export path. team-b is not validated by this synth:
    // cdktf stops at the first failing stack (see 'several errors are reported together').
    alsoReports: ['[team-a/web] secretExport.path [OAC_EXPORT_DUPLICATE]'],
  },

  // Consent-screen URLs are https.
  { rule: 'policy URL over plain http', declare: (s) => client(s, prod(s), { policyUrl: 'http://app.example.com/privacy' }), path: 'stack/web', field: 'policyUrl', code: 'OAC_WEB_URL', says: "must use https, got 'http://app.example.com/privacy'" },
  { rule: 'terms-of-service URL with a javascript: scheme', declare: (s) => client(s, prod(s), { termsOfServiceUrl: 'javascript:alert(1)' }), path: 'stack/web', field: 'termsOfServiceUrl', code: 'OAC_WEB_URL', says: 'must use https' },
  { rule: 'logo URL as a data: URL', declare: (s) => client(s, prod(s), { logoUrl: 'data:image/png;base64,iVBORw0KGgo=' }), path: 'stack/web', field: 'logoUrl', code: 'OAC_WEB_URL', says: 'must use https' },

  // Lengths and formats of the other fields.
  { rule: 'client name over 100 characters', declare: (s) => client(s, prod(s), { clientName: 'n'.repeat(101) }), path: 'stack/web', field: 'clientName', code: 'OAC_SCHEMA_TOO_BIG', says: 'at most 100 characters' },
  { rule: 'client name with a control character', declare: (s) => client(s, prod(s), { clientName: 'Orders\nAdmin' }), path: 'stack/web', field: 'clientName', says: 'control characters' },
  { rule: 'description over 500 characters', declare: (s) => client(s, prod(s), { description: 'd'.repeat(501) }), path: 'stack/web', field: 'description', code: 'OAC_SCHEMA_TOO_BIG', says: 'at most 500 characters' },
  { rule: 'contact that is not an e-mail address', declare: (s) => client(s, prod(s), { contacts: ['ops@example.com', 'the platform team'] }), path: 'stack/web', field: 'contacts[1]', code: 'OAC_SCHEMA_INVALID_FORMAT', says: 'must be an e-mail address' },
  { rule: 'more than 20 contacts', declare: (s) => client(s, prod(s), { contacts: Array.from({ length: 21 }, (_, i) => `ops${i}@example.com`) }), path: 'stack/web', field: 'contacts', code: 'OAC_SCHEMA_TOO_BIG', says: 'at most 20 contacts' },

  // Token lifetimes: 60..86400 whole seconds by the schema, and only where the host's API can set them.
  { rule: 'access-token lifetime on an rfc7591 host', declare: (s) => client(s, prod(s), { accessTokenLifetimeSeconds: 900 }), path: 'stack/web', field: 'accessTokenLifetimeSeconds', code: 'OAC_LIFETIME_UNSUPPORTED', says: 'the rfc7591 API cannot set a per-client token lifetime' },
  { rule: 'access-token lifetime under a minute', declare: (s) => client(s, prod(s), { accessTokenLifetimeSeconds: 59 }), path: 'stack/web', field: 'accessTokenLifetimeSeconds', code: 'OAC_SCHEMA_TOO_SMALL', says: 'at least 60 seconds', alsoReports: ['[stack/web] accessTokenLifetimeSeconds [OAC_LIFETIME_UNSUPPORTED]'] },
  { rule: 'access-token lifetime over a day', declare: (s) => client(s, prod(s), { accessTokenLifetimeSeconds: 86_401 }), path: 'stack/web', field: 'accessTokenLifetimeSeconds', code: 'OAC_SCHEMA_TOO_BIG', says: 'at most 86400 seconds', alsoReports: ['[stack/web] accessTokenLifetimeSeconds [OAC_LIFETIME_UNSUPPORTED]'] },
  // Not also OAC_LIFETIME_UNSUPPORTED: a failed .int() stops zod before the client rules (see the report).
  { rule: 'access-token lifetime in fractional seconds', declare: (s) => client(s, prod(s), { accessTokenLifetimeSeconds: 90.5 }), path: 'stack/web', field: 'accessTokenLifetimeSeconds', says: 'must be whole seconds', alsoReports: ['[stack/web] accessTokenLifetimeSeconds [OAC_LIFETIME_UNSUPPORTED]'] },

  // Custom claims (RFC 9068 §2.2): only where the API takes them, never a registered claim.
  { rule: 'custom claims on an rfc7591 host', declare: (s) => client(s, prod(s), { customClaims: { tenant: 'eu' } }), path: 'stack/web', field: 'customClaims', code: 'OAC_CLAIMS_UNSUPPORTED', says: 'the rfc7591 API cannot add custom claims' },
  { rule: 'more than 20 custom claims', declare: (s) => client(s, prod(s), { customClaims: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`claim${i}`, i])) }), path: 'stack/web', field: 'customClaims', code: 'OAC_CLAIMS_COUNT', says: 'at most 20 custom claims, got 21', alsoReports: ['[stack/web] customClaims [OAC_CLAIMS_UNSUPPORTED]'] },
  { rule: 'custom claim shadowing a registered claim', declare: (s) => client(s, prod(s), { customClaims: { sub: 'admin' } }), path: 'stack/web', field: 'customClaims.sub', code: 'OAC_CLAIM_RESERVED', alsoReports: ['[stack/web] customClaims [OAC_CLAIMS_UNSUPPORTED]'] },

  // Keys and export paths.
  { rule: "export path under the backend's reserved prefix", declare: (s) => client(s, prod(s), { secretExport: { path: '_oauth-clients/ledger' } }), path: 'stack/web', field: 'secretExport.path', code: 'OAC_EXPORT_RESERVED', says: "got '_oauth-clients/ledger'" },
  { rule: 'export path climbing out of the store', declare: (s) => client(s, prod(s), { secretExport: { path: '../outside' } }), path: 'stack/web', field: 'secretExport.path', code: 'OAC_SCHEMA_INVALID_FORMAT' },
  { rule: 'explicit key with a space', declare: (s) => client(s, prod(s), { key: 'orders web' }), path: 'stack/web', field: 'key', code: 'OAC_SCHEMA_INVALID_FORMAT', says: 'set an explicit `key`', alsoReports: ['[stack/web] secretExport.path [OAC_SCHEMA_INVALID_FORMAT]'] },
  { rule: 'construct path unusable as a key', declare: (s) => client(s, prod(s), {}, 'web app'), path: 'stack/web app', field: 'key', code: 'OAC_SCHEMA_INVALID_FORMAT', alsoReports: ['[stack/web app] secretExport.path [OAC_SCHEMA_INVALID_FORMAT]'] },
  { rule: 'key over 200 characters', declare: (s) => client(s, prod(s), { key: `k${'/k'.repeat(100)}` }), path: 'stack/web', field: 'key', code: 'OAC_SCHEMA_TOO_BIG', says: 'at most 200 characters' },
  {
    rule: 'two clients exporting to the same path of one store',
    declare: (s) => {
      const host = prod(s);
      client(s, host, { secretExport: { path: 'shared/orders' } }, 'one');
      client(s, host, { secretExport: { path: 'shared/orders' } }, 'two');
    },
    path: 'stack/one',
    field: 'secretExport.path',
    code: 'OAC_EXPORT_DUPLICATE',
    says: "'shared/orders' is also the export path of stack/two in the same store",
    alsoReports: ['[stack/two] secretExport.path [OAC_EXPORT_DUPLICATE]'],
  },
  {
    rule: "an export path equal to another client's default, on two hosts sharing the default store",
    declare: (s) => {
      client(s, prod(s), {}, 'one');
      const partner = new Host(s, 'partner', { issuer: 'https://partner.example.com', credentials: { initialAccessToken: 'PARTNER_IAT' }, scopes: { 'orders.read': { description: 'Read orders' } } });
      client(s, partner, { secretExport: { path: 'prod/stack/one' } }, 'two');
    },
    path: 'stack/two',
    field: 'secretExport.path',
    code: 'OAC_EXPORT_DUPLICATE',
    says: 'stack/one',
    alsoReports: ['[stack/one] secretExport.path [OAC_EXPORT_DUPLICATE]'],
  },

  // Hosts: issuer (RFC 8414 §2), flavour, credentials named by env var, name, store.
  { rule: 'plain http issuer on a production host', declare: (s) => client(s, prod(s, { issuer: 'http://auth.example.com' })), path: 'stack/prod', field: 'issuer', code: 'OAC_HOST_ISSUER', says: "must use https (plain http only for a loopback issuer of a development host), got 'http://auth.example.com'" },
  { rule: 'loopback issuer on a production host', declare: (s) => client(s, prod(s, { issuer: 'http://127.0.0.1:9400' })), path: 'stack/prod', field: 'issuer', code: 'OAC_HOST_ISSUER', says: 'only for loopback issuers of development hosts' },
  { rule: 'issuer with a query', declare: (s) => client(s, prod(s, { issuer: 'https://auth.example.com/?tenant=eu' })), path: 'stack/prod', field: 'issuer', code: 'OAC_HOST_ISSUER', says: 'must not have a query or fragment' },
  { rule: 'issuer with an empty query', declare: (s) => client(s, prod(s, { issuer: 'https://auth.example.com?' })), path: 'stack/prod', field: 'issuer', code: 'OAC_HOST_ISSUER', says: "must not have a query or fragment (RFC 8414 §2), got 'https://auth.example.com?'" },
  { rule: 'issuer with an empty fragment', declare: (s) => client(s, prod(s, { issuer: 'https://auth.example.com#' })), path: 'stack/prod', field: 'issuer', code: 'OAC_HOST_ISSUER', says: 'must not have a query or fragment' },
  { rule: 'issuer longer than 2000 characters', declare: (s) => client(s, prod(s, { issuer: `https://auth.example.com/${'a'.repeat(2000)}` })), path: 'stack/prod', field: 'issuer', code: 'OAC_HOST_ISSUER', says: 'must be at most 2000 characters' },
  { rule: 'plain http registration endpoint on a production host', declare: (s) => client(s, prod(s, { registrationEndpoint: 'http://auth.example.com/register' })), path: 'stack/prod', field: 'registrationEndpoint', code: 'OAC_HOST_ENDPOINT' },
  // What the host's API cannot store (lib/model/provider-capabilities.ts), refused rather than dropped at apply.
  { rule: 'two redirect URLs on a light-portal host (one redirectUri)', declare: (s) => client(s, portal(s), { redirectUrls: ['https://app.example.com/a', 'https://app.example.com/b'] }), path: 'stack/web', field: 'redirectUrls', code: 'OAC_REDIRECT_COUNT', says: 'the light-portal API takes at most 1 redirect URL(s), got 2' },
  { rule: 'post-logout URL on a light-portal host', declare: (s) => client(s, portal(s), { postLogoutRedirectUrls: ['https://app.example.com/bye'] }), path: 'stack/web', field: 'postLogoutRedirectUrls', code: 'OAC_POST_LOGOUT_UNSUPPORTED', says: 'the light-portal API cannot store post-logout redirect URLs' },
  { rule: 'policy URL on a light-portal host', declare: (s) => client(s, portal(s), { policyUrl: 'https://app.example.com/privacy' }), path: 'stack/web', field: 'policyUrl', code: 'OAC_CONSENT_URL_UNSUPPORTED' },
  { rule: 'contacts on a Keycloak host', declare: (s) => client(s, keycloak(s), { contacts: ['team@example.com'] }), path: 'stack/web', field: 'contacts', code: 'OAC_CONTACTS_UNSUPPORTED', says: 'the keycloak API cannot store contacts' },
  { rule: 'custom claim named like the light-portal create marker', declare: (s) => client(s, portal(s), { customClaims: { oauth_clients_key: 'x' } }), path: 'stack/web', field: 'customClaims.oauth_clients_key', code: 'OAC_CLAIM_RESERVED' },
  { rule: 'light-portal host without the owning app, API version or instance', declare: (s) => client(s, portal(s, { hostId: 'h', providerId: 'p' })), path: 'stack/prod', field: 'settings.appId', code: 'OAC_HOST_SETTING', says: 'exactly one of settings.appId, settings.apiVersionId, settings.instanceId' },
  { rule: 'light-portal host with two owners', declare: (s) => client(s, portal(s, { hostId: 'h', providerId: 'p', appId: 'a', instanceId: 'i' })), path: 'stack/prod', field: 'settings.instanceId', code: 'OAC_HOST_SETTING' },
  { rule: 'light-portal host without its admin token env var', declare: (s) => client(s, prod(s, { flavour: 'light-portal', adminUrl: 'https://portal.example.com', settings: { hostId: 'h', providerId: 'p', appId: 'a' } })), path: 'stack/prod', field: 'credentials.bearerToken', code: 'OAC_HOST_CREDENTIAL' },
  { rule: 'Keycloak host without its realm', declare: (s) => client(s, prod(s, { flavour: 'keycloak', adminUrl: 'https://kc.example.com', credentials: { clientId: 'KC_ID', clientSecret: 'KC_SECRET' } })), path: 'stack/prod', field: 'settings.realm', code: 'OAC_HOST_SETTING' },
  { rule: 'endpoint origin with a path', declare: (s) => client(s, prod(s, { endpointOrigins: ['https://api.example.com/v1'] })), path: 'stack/prod', field: 'endpointOrigins[0]', code: 'OAC_HOST_ENDPOINT', says: "must be an origin: 'https://host[:port]'" },
  { rule: 'plain http endpoint origin on a production host', declare: (s) => client(s, prod(s, { endpointOrigins: ['http://api.example.com'] })), path: 'stack/prod', field: 'endpointOrigins[0]', code: 'OAC_HOST_ENDPOINT', says: 'must use https' },
  { rule: 'hydra host without its admin URL', declare: (s) => client(s, prod(s, { flavour: 'hydra' })), path: 'stack/prod', field: 'adminUrl', code: 'OAC_HOST_ADMIN_URL', says: 'the hydra API needs adminUrl' },
  { rule: 'hydra host with an http admin URL off loopback', declare: (s) => client(s, prod(s, { flavour: 'hydra', adminUrl: 'http://hydra-admin:4445' })), path: 'stack/prod', field: 'adminUrl', code: 'OAC_HOST_ADMIN_URL', says: 'must use https' },
  { rule: 'auth method the hydra API cannot record', declare: (s) => client(s, prod(s, { flavour: 'hydra', adminUrl: 'https://hydra-admin.example.com' }), { tokenEndpointAuthMethod: 'client_secret_jwt' }), path: 'stack/web', field: 'tokenEndpointAuthMethod', code: 'OAC_AUTH_METHOD_UNSUPPORTED', says: "got 'client_secret_jwt'" },
  { rule: 'rfc7591 host without the initial access token env var', declare: (s) => client(s, prod(s, { credentials: {} })), path: 'stack/prod', field: 'credentials.initialAccessToken', code: 'OAC_HOST_CREDENTIAL' },
  { rule: 'credential env var name that is not an env var name', declare: (s) => client(s, prod(s, { credentials: { initialAccessToken: 'prod-iat' } })), path: 'stack/prod', field: 'credentials.initialAccessToken', code: 'OAC_SCHEMA_INVALID_FORMAT', says: 'must be an environment variable name' },
  { rule: 'host name from a construct id with capitals', declare: (s) => client(s, new Host(s, 'Prod_EU', { issuer: 'https://auth.example.com', credentials: { initialAccessToken: 'PROD_IAT' }, scopes: { 'orders.read': { description: 'Read orders' } } })), path: 'stack/Prod_EU', field: 'name', code: 'OAC_SCHEMA_INVALID_FORMAT', says: 'lower-case letters, digits and dashes' },
  { rule: 'store directory given as an absolute path', declare: (s) => client(s, prod(s, { store: { kind: 'file', directory: '/var/lib/oauth' } })), path: 'stack/prod', field: 'store.directory', says: 'must be relative to the project root' },
  { rule: 'store key env var name that is not an env var name', declare: (s) => client(s, prod(s, { store: { kind: 'file', keyEnv: 'store key' } })), path: 'stack/prod', field: 'store.keyEnv', code: 'OAC_SCHEMA_INVALID_FORMAT' },

  // Scopes (RFC 6749 §3.3 scope-token).
  { rule: 'scope name with a space', declare: (s) => prod(s).addScope('orders write', { description: 'Change orders' }), path: 'stack/prod/orders write', field: 'name', code: 'OAC_SCOPE_NAME', says: "got 'orders write'" },
  { rule: 'scope description over 300 characters', declare: (s) => prod(s).addScope('orders.write', { description: 'x'.repeat(301) }), path: 'stack/prod/orders.write', field: 'description', code: 'OAC_SCOPE_DESCRIPTION' },
  { rule: 'blank scope description', declare: (s) => prod(s).addScope('orders.write', { description: '  ' }), path: 'stack/prod/orders.write', field: 'description', code: 'OAC_SCOPE_DESCRIPTION' },

  // A host at the app's root (shared by several stacks) is outside every stack, where cdktf validates
  // nothing: the first client of each stack reports its faults, naming the host or scope in the field.
  { rule: 'invalid app-root host (issuer)', declare: (s, app) => client(s, prod(app, { issuer: 'http://auth.example.com' })), path: 'stack/web', field: 'host prod: issuer', code: 'OAC_HOST_ISSUER', says: "must use https (plain http only for a loopback issuer of a development host), got 'http://auth.example.com'" },
  { rule: 'app-root host without the admin URL its flavour needs', declare: (s, app) => client(s, prod(app, { flavour: 'hydra' })), path: 'stack/web', field: 'host prod: adminUrl', code: 'OAC_HOST_ADMIN_URL', says: 'the hydra API needs adminUrl' },
  {
    rule: 'invalid scope of an app-root host',
    declare: (s, app) => {
      const host = prod(app);
      host.addScope('orders.write', { description: 'x'.repeat(301) });
      client(s, host);
    },
    path: 'stack/web',
    field: 'scope prod/orders.write: description',
    code: 'OAC_SCOPE_DESCRIPTION',
  },
  {
    rule: 'scope name with a space on an app-root host in a construct of its own',
    declare: (s, app) => {
      const host = prod(new Construct(app, 'shared'));
      host.addScope('orders write', { description: 'Change orders' });
      client(s, host);
    },
    path: 'stack/web',
    field: 'scope shared/prod/orders write: name',
    code: 'OAC_SCOPE_NAME',
    says: "got 'orders write'",
  },

  // Display text is what a reviewer reads: trimmed, no controls, bidi overrides/isolates or invisible characters (issue 12).
  { rule: 'client name with a right-to-left override', declare: (s) => client(s, prod(s), { clientName: 'Orders \u202Enimda' }), path: 'stack/web', field: 'clientName', code: 'OAC_TEXT_INVISIBLE', says: 'found U+202E' },
  { rule: 'client name with a C1 control', declare: (s) => client(s, prod(s), { clientName: 'Orders\u0085Admin' }), path: 'stack/web', field: 'clientName', code: 'OAC_TEXT_INVISIBLE', says: 'found U+0085' },
  { rule: 'client name with a first-strong isolate', declare: (s) => client(s, prod(s), { clientName: 'Orders \u2068x\u2069' }), path: 'stack/web', field: 'clientName', code: 'OAC_TEXT_INVISIBLE', says: 'found U+2068' },
  { rule: 'client name of whitespace only', declare: (s) => client(s, prod(s), { clientName: ' \t ' }), path: 'stack/web', field: 'clientName', code: 'OAC_TEXT_EMPTY', says: 'whitespace only is empty' },
  { rule: 'description with a zero-width space', declare: (s) => client(s, prod(s), { description: 'Reads\u200B orders' }), path: 'stack/web', field: 'description', code: 'OAC_TEXT_INVISIBLE', says: 'found U+200B' },
  { rule: 'description with a Hangul filler', declare: (s) => client(s, prod(s), { description: 'Reads \u3164 orders' }), path: 'stack/web', field: 'description', code: 'OAC_TEXT_INVISIBLE', says: 'found U+3164' },
  { rule: 'description of whitespace only', declare: (s) => client(s, prod(s), { description: '   ' }), path: 'stack/web', field: 'description', code: 'OAC_TEXT_EMPTY' },
  { rule: 'contact with a left-to-right isolate', declare: (s) => client(s, prod(s), { contacts: ['ops\u2066@example.com'] }), path: 'stack/web', field: 'contacts[0]', code: 'OAC_TEXT_INVISIBLE', says: 'found U+2066' },
  { rule: 'scope description with a zero-width joiner', declare: (s) => prod(s).addScope('orders.write', { description: 'Change\u200D orders' }), path: 'stack/prod/orders.write', field: 'description', code: 'OAC_TEXT_INVISIBLE', says: 'found U+200D' },

  // One spelling per redirect URL: the provider compares strings (issue 12).
  { rule: 'redirect with an upper-case scheme', declare: (s) => client(s, prod(s), { redirectUrls: ['HTTPS://app.example.com/auth'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: "must be spelt 'https://app.example.com/auth' (the scheme in lower case)" },
  { rule: 'redirect with an upper-case host', declare: (s) => client(s, prod(s), { redirectUrls: ['https://App.Example.com/auth'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'the host in lower case' },
  { rule: 'redirect with a dot-dot segment', declare: (s) => client(s, prod(s), { redirectUrls: ['https://app.example.com/cb/../admin'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: "must be spelt 'https://app.example.com/admin' (no '.' or '..' segments" },
  { rule: 'redirect with a percent-encoded dot-dot segment', declare: (s) => client(s, prod(s), { redirectUrls: ['https://app.example.com/cb/%2E%2e/admin'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'also percent-encoded' },
  { rule: 'redirect with a single-dot segment', declare: (s) => client(s, prod(s), { redirectUrls: ['https://app.example.com/./cb'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: "'https://app.example.com/cb'" },
  { rule: 'redirect with port 0', declare: (s) => client(s, prod(s), { redirectUrls: ['https://app.example.com:0/cb'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'port 0' },
  { rule: 'redirect with an empty port', declare: (s) => client(s, prod(s), { redirectUrls: ['https://app.example.com:/cb'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'empty port' },
  { rule: 'redirect with an out-of-range port', declare: (s) => client(s, prod(s), { redirectUrls: ['https://app.example.com:70000/cb'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'port 70000 is out of range (1-65535)' },
  { rule: 'loopback redirect with an out-of-range port', declare: (s) => client(s, dev(s), { publicClient: true, redirectUrls: ['http://127.0.0.1:65536/cb'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'port 65536 is out of range' },
  { rule: 'redirect with the default port spelt out', declare: (s) => client(s, prod(s), { redirectUrls: ['https://app.example.com:443/cb'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'no default port' },
  { rule: 'redirect without a path', declare: (s) => client(s, prod(s), { redirectUrls: ['https://app.example.com'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: "must be spelt 'https://app.example.com/'" },
  { rule: 'redirect with a Unicode host name', declare: (s) => client(s, prod(s), { redirectUrls: ['https://bücher.example.com/cb'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: "must be spelt 'https://xn--bcher-kva.example.com/cb' (an internationalized host name in punycode (IDNA))" },
  { rule: 'redirect host mixing Cyrillic and Latin letters', declare: (s) => client(s, prod(s), { redirectUrls: ['https://\u0430pp.example.com/cb'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'mixes Cyrillic and Latin letters' },
  { rule: 'redirect host mixing scripts, spelt in punycode', declare: (s) => client(s, prod(s), { redirectUrls: ['https://xn--pp-6kc.example.com/cb'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'a look-alike of another host' },
  { rule: 'redirect host with a zero-width space', declare: (s) => client(s, prod(s), { redirectUrls: ['https://ap\u200Bp.example.com/cb'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: "must be spelt 'https://app.example.com/cb'" },
  { rule: 'post-logout redirect with an upper-case host', declare: (s) => client(s, prod(s), { postLogoutRedirectUrls: ['https://APP.example.com/bye'] }), path: 'stack/web', field: 'postLogoutRedirectUrls[0]', code: 'OAC_REDIRECT_URL', says: 'the host in lower case' },
  { rule: 'private-use redirect with an upper-case scheme', declare: (s) => client(s, prod(s), { publicClient: true, redirectUrls: ['Com.Example.App:/cb'] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL', says: "must be spelt 'com.example.app:/cb'" },

  // The flows object knows three flows; anything else is refused, never dropped (issue 12).
  { rule: 'implicit flow from an untyped object', declare: (s) => client(s, prod(s), { flows: { authorizationCode: true, implicit: true } as OAuthClientOptions['flows'] }), path: 'stack/web', field: 'flows.implicit', code: 'OAC_FLOWS_UNKNOWN', says: 'RFC 9700 §2.1.2' },
  { rule: 'password flow from an untyped object', declare: (s) => client(s, prod(s), { flows: JSON.parse('{"password": true, "authorizationCode": true}') }), path: 'stack/web', field: 'flows.password', code: 'OAC_FLOWS_UNKNOWN', says: 'RFC 9700 §2.4' },
  { rule: 'a flow the library does not know', declare: (s) => client(s, prod(s), { flows: JSON.parse('{"deviceCode": true}') }), path: 'stack/web', field: 'flows.deviceCode', code: 'OAC_FLOWS_UNKNOWN', says: "'deviceCode' is not a flow" },
  { rule: 'a flow that is not a boolean', declare: (s) => client(s, prod(s), { flows: JSON.parse('{"authorizationCode": "yes"}') }), path: 'stack/web', field: 'flows.authorizationCode', code: 'OAC_FLOWS_TYPE', says: "got the string 'yes'" },

  // What used to crash synth with a TypeError or the constructs library's message (issue 12).
  { rule: 'a string where a Scope belongs', declare: (s) => client(s, prod(s), { scopes: ['orders.read'] as unknown as Scope[] }), path: 'stack/web', field: 'scopes[0]', code: 'OAC_SCOPE_TYPE', says: "got the string 'orders.read'" },
  { rule: 'addScope without its options object', declare: (s) => (prod(s).addScope as (name: string) => Scope)('orders.write'), path: 'stack/prod/orders.write', field: 'description', code: 'OAC_SCOPE_DESCRIPTION', says: 'needs its options' },
  { rule: 'a function as a custom-claim value', declare: (s) => client(s, prod(s), { customClaims: { tenant: (() => 'eu') as unknown as string } }), path: 'stack/web', field: 'customClaims.tenant', code: 'OAC_CLAIM_VALUE', says: 'got a function', alsoReports: ['[stack/web] customClaims [OAC_CLAIMS_UNSUPPORTED]'] },
  { rule: 'an empty construct id', declare: (s) => client(s, prod(s), {}, ''), path: 'stack/empty-id', field: 'id', code: 'OAC_CONSTRUCT_ID', says: 'must not be empty' },
  {
    rule: 'a construct id used twice',
    declare: (s) => {
      const host = prod(s);
      client(s, host);
      client(s, host);
    },
    path: 'stack/web.duplicate',
    field: 'id',
    code: 'OAC_CONSTRUCT_ID',
    says: "'web' is already the id of stack/web",
  },
  {
    rule: 'a scope declared twice',
    declare: (s) => {
      const host = prod(s);
      host.addScope('orders.read', { description: 'Read orders again' });
    },
    path: 'stack/prod/orders.read.duplicate',
    field: 'id',
    code: 'OAC_CONSTRUCT_ID',
  },

  // cdktf tokens are known only at plan time; every field must be known at synth (issue 12).
  { rule: 'a TerraformVariable as the description', declare: (s) => client(s, prod(s), { description: new TerraformVariable(s, 'text', { type: 'string' }).stringValue }), path: 'stack/web', field: 'description', code: 'OAC_TOKEN_UNRESOLVED', says: 'only knows at plan time' },
  { rule: 'Fn.join as a redirect URL', declare: (s) => client(s, prod(s), { redirectUrls: [Fn.join('/', ['https://app.example.com', 'cb'])] }), path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_TOKEN_UNRESOLVED' },
  { rule: 'a number token as the token lifetime', declare: (s) => client(s, prod(s), { accessTokenLifetimeSeconds: Token.asNumber(new TerraformVariable(s, 'ttl', { type: 'number' }).value) }), path: 'stack/web', field: 'accessTokenLifetimeSeconds', code: 'OAC_TOKEN_UNRESOLVED' },
  { rule: 'a TerraformVariable as the issuer', declare: (s) => client(s, prod(s, { issuer: new TerraformVariable(s, 'issuer', { type: 'string' }).stringValue })), path: 'stack/prod', field: 'issuer', code: 'OAC_TOKEN_UNRESOLVED' },
  { rule: 'a TerraformVariable as a scope name', declare: (s) => new Scope(prod(s), 'write', { name: new TerraformVariable(s, 'scope', { type: 'string' }).stringValue, description: 'Whatever the variable says' }), path: 'stack/prod/write', field: 'name', code: 'OAC_TOKEN_UNRESOLVED' },
];

/** Rules the library does not enforce yet (see the report): they pass once it does. */
const spelledTwoWays: InvalidDeclaration[] = [
  // './.oauth-clients/store' is the default store spelt differently: one store, one export path.
  {
    rule: 'two clients exporting to the same path of one store directory, spelt two ways',
    declare: (s) => {
      client(s, prod(s), { secretExport: { path: 'shared/orders' } }, 'one');
      const partner = new Host(s, 'partner', {
        issuer: 'https://partner.example.com',
        credentials: { initialAccessToken: 'PARTNER_IAT' },
        scopes: { 'orders.read': { description: 'Read orders' } },
        store: { kind: 'file', directory: './.oauth-clients/store' },
      });
      client(s, partner, { secretExport: { path: 'shared/orders' } }, 'two');
    },
    path: 'stack/one',
    field: 'secretExport.path',
    code: 'OAC_EXPORT_DUPLICATE',
    says: 'stack/two',
  },
];

/** Builds the case in a fresh app with a stack `stack`, and returns what synth threw. */
function synthFailure(declare: InvalidDeclaration['declare']): string {
  const app = givenApp();
  declare(new TerraformStack(app, 'stack'), app);
  return synthError(app);
}

/**
 * `[stack/web] redirectUrls[0] [OAC_REDIRECT_URL]` of every reported issue, as often as it is reported.
 * A field may be prefixed by the app-root host or scope it belongs to: `host prod: issuer`.
 */
const reportedOf = (message: string) =>
  issueLines(message)
    .map((line) => {
      const parts = /^(\[[^\]]+\] (?:(?:host|scope) [^:]+: )?[^:\s]+): .* \[([A-Z_]+)\]$/.exec(line);
      return parts ? `${parts[1]} [${parts[2]}]` : `unparsed: ${line}`;
    })
    .sort();

/** The code of the one line `expected` names (for rows whose rule has no code of its own). */
const codeOf = (message: string, expected: Parameters<typeof issueLine>[0]) => {
  const lines = issueLines(message).filter((line) => issueLine(expected).asymmetricMatch(line));
  expect(lines).toHaveLength(1);
  return /\[([A-Z_]+)\]$/.exec(lines[0])?.[1];
};

describe('the fixtures the table starts from are valid', () => {
  test('given each host and client fixture without a fault, when synthesized, then nothing is reported', () => {
    const app = givenApp();
    const stack = new TerraformStack(app, 'stack');
    const host = prod(stack);
    client(stack, host);
    client(stack, dev(stack), { publicClient: true, redirectUrls: [RedirectUrl.loopback(3000)] }, 'spa');
    client(stack, host, { flows: { clientCredentials: true }, redirectUrls: [], scopes: host.scopes }, 'job');

    expect(() => app.synth()).not.toThrow();
  });
});

describe('synth refuses an invalid declaration, naming the construct path, the field and the code', () => {
  test('the table covers at least 30 declarations', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(30);
  });

  test('the issue matcher refuses a neighbouring path, field or code (so the table can fail)', () => {
    const lines = ["[stack/web] redirectUrls[1]: fragments are not allowed (RFC 6749 §3.1.2), got 'https://app/cb#x' [OAC_REDIRECT_URL]"];

    expect(lines).toContainEqual(issueLine({ path: 'stack/web', field: 'redirectUrls[1]', code: 'OAC_REDIRECT_URL', says: 'fragments' }));
    expect(lines).not.toContainEqual(issueLine({ path: 'stack/we', field: 'redirectUrls[1]', code: 'OAC_REDIRECT_URL' }));
    expect(lines).not.toContainEqual(issueLine({ path: 'web', field: 'redirectUrls[1]', code: 'OAC_REDIRECT_URL' }));
    expect(lines).not.toContainEqual(issueLine({ path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL' }));
    expect(lines).not.toContainEqual(issueLine({ path: 'stack/web', field: 'redirectUrls', code: 'OAC_REDIRECT_URL' }));
    expect(lines).not.toContainEqual(issueLine({ path: 'stack/web', field: 'redirectUrls[1]', code: 'OAC_REDIRECT' }));
    expect(lines).not.toContainEqual(issueLine({ path: 'stack/web', field: 'redirectUrls[1]', code: 'OAC_REDIRECT_URL', says: 'wildcards' }));
  });

  test('the issue matcher and the report reader tell an app-root host\'s field from the client\'s own', () => {
    const lines = [
      "[stack/web] host prod: issuer: must use https (plain http only for a loopback issuer of a development host), got 'http://auth.example.com' [OAC_HOST_ISSUER]",
      "[stack/web] redirectUrls[0]: the javascript: scheme is not allowed, got 'javascript:alert(1)' [OAC_REDIRECT_URL]",
    ];
    const message = ['Validation failed with the following errors:', ...lines.map((line) => `  ${line}`)].join('\n');

    expect(lines).toContainEqual(issueLine({ path: 'stack/web', field: 'host prod: issuer', code: 'OAC_HOST_ISSUER' }));
    expect(lines).not.toContainEqual(issueLine({ path: 'stack/web', field: 'issuer', code: 'OAC_HOST_ISSUER' }));
    expect(reportedOf(message)).toEqual(['[stack/web] host prod: issuer [OAC_HOST_ISSUER]', '[stack/web] redirectUrls[0] [OAC_REDIRECT_URL]']);
    expect(reportedOf(`${message}\n  ${lines[1]}`)).toHaveLength(3);
  });

  test.each(invalid)('$rule → [$path] $field', ({ declare, alsoReports = [], ...expected }) => {
    const message = synthFailure(declare);

    expect(message).toContain('Validation failed with the following errors:');
    expect(issueLines(message)).toContainEqual(issueLine(expected));
    const code = expected.code ?? codeOf(message, expected);
    expect(reportedOf(message)).toEqual([`[${expected.path}] ${expected.field} [${code}]`, ...alsoReports].sort());
  });

  test('given a faulty client beside valid ones on the same host, then only the faulty one is named', () => {
    const message = synthFailure((stack) => {
      const host = prod(stack);
      client(stack, host, {}, 'before');
      client(stack, host, { redirectUrls: ['https://app.example.com/cb#x'] });
      client(stack, host, { flows: { clientCredentials: true }, redirectUrls: [] }, 'after');
    });

    expect(reportedOf(message)).toEqual(['[stack/web] redirectUrls[0] [OAC_REDIRECT_URL]']);
  });

  test.each(spelledTwoWays)('$rule → [$path] $field', ({ declare, ...expected }) => {
    const message = synthFailure(declare);

    expect(issueLines(message)).toContainEqual(issueLine(expected));
  });
});

describe('several errors are reported together', () => {
  test('given five faults in one stack, when synthesized once, then all five are listed, each with its path and field', () => {
    const message = synthFailure((stack) => {
      const host = prod(stack, { issuer: 'http://auth.example.com' });
      host.addScope('orders write', { description: 'Change orders' });
      client(stack, host, { redirectUrls: ['https://app.example.com/cb#x'], policyUrl: 'http://app.example.com/privacy' });
      client(stack, host, { publicClient: true, requirePkce: false }, 'spa');
    });

    expect(issueLines(message)).toEqual(
      expect.arrayContaining([
        issueLine({ path: 'stack/prod', field: 'issuer', code: 'OAC_HOST_ISSUER' }),
        issueLine({ path: 'stack/prod/orders write', field: 'name', code: 'OAC_SCOPE_NAME' }),
        issueLine({ path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL' }),
        issueLine({ path: 'stack/web', field: 'policyUrl', code: 'OAC_WEB_URL' }),
        issueLine({ path: 'stack/spa', field: 'requirePkce', code: 'OAC_PUBLIC_PKCE' }),
      ]),
    );
    expect(issueLines(message)).toHaveLength(5);
  });

  test("given an invalid host, then its clients' own faults are still reported, and the host's only once", () => {
    const message = synthFailure((stack) => {
      const host = prod(stack, { flavour: 'hydra' });
      client(stack, host, { redirectUrls: ['https://app.example.com/cb#x'] }, 'one');
      client(stack, host, { customClaims: { sub: 'admin' } }, 'two');
    });

    expect(issueLines(message).sort()).toEqual([
      issueLine({ path: 'stack/one', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL' }),
      issueLine({ path: 'stack/prod', field: 'adminUrl', code: 'OAC_HOST_ADMIN_URL' }),
      issueLine({ path: 'stack/two', field: 'customClaims.sub', code: 'OAC_CLAIM_RESERVED' }),
      issueLine({ path: 'stack/two', field: 'customClaims', code: 'OAC_CLAIMS_UNSUPPORTED' }),
    ]);
  });

  test('given what used to crash synth beside ordinary faults, when synthesized once, then every one is listed with its path, field and code', () => {
    const message = synthFailure((stack) => {
      const host = prod(stack);
      client(stack, host, { scopes: ['orders.read'] as unknown as Scope[], redirectUrls: ['https://app.example.com/cb#x'] });
      client(stack, host, { customClaims: { tenant: (() => 'eu') as unknown as string }, flows: JSON.parse('{"implicit": true}') });
      client(stack, host, { clientName: 'Pay\u202Ebank' }, '');
    });

    expect(reportedOf(message)).toEqual(
      [
        '[stack/web] scopes[0] [OAC_SCOPE_TYPE]',
        '[stack/web] redirectUrls[0] [OAC_REDIRECT_URL]',
        '[stack/web.duplicate] id [OAC_CONSTRUCT_ID]',
        '[stack/web.duplicate] customClaims.tenant [OAC_CLAIM_VALUE]',
        '[stack/web.duplicate] customClaims [OAC_CLAIMS_UNSUPPORTED]',
        '[stack/web.duplicate] flows.implicit [OAC_FLOWS_UNKNOWN]',
        '[stack/empty-id] id [OAC_CONSTRUCT_ID]',
        '[stack/empty-id] clientName [OAC_TEXT_INVISIBLE]',
      ].sort(),
    );
  });

  // Whole seconds are checked by a refinement, not a type check, so the cross-field rules still run
  // (habit 5: collect all errors of a synth).
  test('given a fractional token lifetime and a redirect URL with a fragment, when synthesized once, then both are reported', () => {
    const message = synthFailure((stack) => client(stack, prod(stack), { accessTokenLifetimeSeconds: 90.5, redirectUrls: ['https://app.example.com/cb#x'] }));

    expect(issueLines(message)).toEqual(
      expect.arrayContaining([
        issueLine({ path: 'stack/web', field: 'accessTokenLifetimeSeconds', says: 'must be whole seconds' }),
        issueLine({ path: 'stack/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL' }),
      ]),
    );
  });

  // Known limitation, not fixed in lib/: cdktf's App.synth stops at the first stack that fails
  // validation, so faults in two stacks take two runs (the test below shows none is lost).
  test.failing('given faults in two stacks of one app, when synthesized once, then both stacks are reported', () => {
    const message = synthFailure((_stack, app) => {
      const host = prod(app);
      client(new TerraformStack(app, 'team-a'), host, { redirectUrls: ['https://a.example.com/cb#x'] });
      client(new TerraformStack(app, 'team-b'), host, { redirectUrls: ['https://b.example.com/cb#x'] });
    });

    expect(issueLines(message)).toEqual(
      expect.arrayContaining([
        issueLine({ path: 'team-a/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL' }),
        issueLine({ path: 'team-b/web', field: 'redirectUrls[0]', code: 'OAC_REDIRECT_URL' }),
      ]),
    );
  });

  test("given faults in two stacks, when the first stack's fault is fixed and synth runs again, then the second stack's fault is reported", () => {
    const declare = (teamARedirect: string) => (_stack: TerraformStack, app: App) => {
      const host = prod(app);
      client(new TerraformStack(app, 'team-a'), host, { redirectUrls: [teamARedirect] });
      client(new TerraformStack(app, 'team-b'), host, { redirectUrls: ['https://b.example.com/cb#x'] });
    };

    const first = synthFailure(declare('https://a.example.com/cb#x'));
    const second = synthFailure(declare('https://a.example.com/cb'));

    expect(reportedOf(first)).toContain('[team-a/web] redirectUrls[0] [OAC_REDIRECT_URL]');
    expect(reportedOf(second)).toEqual(['[team-b/web] redirectUrls[0] [OAC_REDIRECT_URL]']);
  });
});

describe('a host at the app root is checked through its clients', () => {
  test('given an invalid app-root host serving two clients of one stack, then the first client reports it, once', () => {
    const message = synthFailure((stack, app) => {
      const host = prod(app, { issuer: 'http://auth.example.com' });
      client(stack, host, {}, 'one');
      client(stack, host, {}, 'two');
    });

    expect(reportedOf(message)).toEqual(['[stack/one] host prod: issuer [OAC_HOST_ISSUER]']);
  });

  test("given an invalid app-root host and a client with a fault of its own, then both are reported, each under the client's path", () => {
    const message = synthFailure((stack, app) => client(stack, prod(app, { issuer: 'http://auth.example.com' }), { scopes: [] }));

    expect(reportedOf(message)).toEqual(['[stack/web] host prod: issuer [OAC_HOST_ISSUER]', '[stack/web] scopes [OAC_SCOPES_REQUIRED]']);
  });

  test('given an invalid app-root host serving two stacks, when each stack is synthesized, then each reports it through its own client', () => {
    const app = givenApp();
    const host = prod(app, { issuer: 'http://auth.example.com' });
    const [teamA, teamB] = [new TerraformStack(app, 'team-a'), new TerraformStack(app, 'team-b')];
    client(teamA, host);
    client(teamB, host, {}, 'job');
    client(teamB, host);

    expect(reportedOf(synthError(teamA))).toEqual(['[team-a/web] host prod: issuer [OAC_HOST_ISSUER]']);
    expect(reportedOf(synthError(teamB))).toEqual(['[team-b/job] host prod: issuer [OAC_HOST_ISSUER]']);
  });

  test('given an invalid host inside the stack, then it is reported at its own path and not again by its clients', () => {
    const message = synthFailure((stack) => {
      const host = prod(stack, { issuer: 'http://auth.example.com' });
      host.addScope('orders write', { description: 'Change orders' });
      client(stack, host, {}, 'one');
      client(stack, host, {}, 'two');
    });

    expect(reportedOf(message)).toEqual(['[stack/prod/orders write] name [OAC_SCOPE_NAME]', '[stack/prod] issuer [OAC_HOST_ISSUER]']);
  });
});
