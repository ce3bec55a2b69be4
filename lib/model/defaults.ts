// Every default of the canonical specs, each with the reason it is the default. The constructs'
// `@default` docs and the README's reference table are written from this module.

export const STORE_DEFAULTS = {
  /** Beside the project, ignored by git: the embedded default store for development. */
  fileDirectory: '.oauth-clients/store',
  /** The env var that may hold the store's key; without it a 0600 key file is generated. */
  fileKeyEnv: 'OAUTH_CLIENTS_STORE_KEY',
  /** One table for ledger and exports; the schema version lives beside it in `<table>_schema`. */
  postgresTable: 'oauth_clients_store',
  /** Vault's dev server and most installations mount KV v2 at `secret/`. */
  vaultMount: 'secret',
  /** Keeps our entries apart from the mount's other secrets. */
  vaultPathPrefix: 'oauth-clients',
  /** The variable the Vault CLI itself reads. */
  vaultTokenEnv: 'VAULT_TOKEN',
  /** Secret names `oauth-clients/<key>`: one IAM resource pattern covers them all. */
  awsPrefix: 'oauth-clients',
  /** Entries `oauth-clients/<key>` in the user's password store. */
  passPrefix: 'oauth-clients',
} as const;

export const CLIENT_DEFAULTS = {
  /** Authorization code is the only user-facing flow the OAuth 2.0 Security BCP (RFC 9700) keeps. */
  flows: { authorizationCode: true, clientCredentials: false, refreshToken: false },
  /** PKCE S256 for every authorization-code client, confidential ones too (RFC 9700 §2.1.1). */
  requirePkce: true,
  /** Clients are confidential unless declared public (SPAs and mobile apps declare it). */
  publicClient: false,
  /** The RFC 7591 §2 default method for confidential clients. */
  confidentialAuthMethod: 'client_secret_basic',
  /** A client removed from code is deleted at the provider, and its exported secret with it. */
  removalPolicy: 'destroy',
} as const;

/** Limits that keep specs reviewable and inside every provider's column sizes. */
export const LIMITS = {
  clientName: 100,
  description: 500,
  url: 2000,
  redirectUrls: 50,
  scopes: 50,
  hostScopes: 500,
  contacts: 20,
  customClaims: 20,
  accessTokenLifetimeSeconds: { min: 60, max: 86_400 },
} as const;
