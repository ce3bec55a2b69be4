// Every default of the local development authorization server, each with the reason it is the
// default. The `@default` docs of DevServerOptions and the README's reference table come from here.

export const DEV_SERVER_DEFAULTS = {
  /** A fixed port keeps the issuer, and so every registered client's URLs, stable across restarts. */
  port: 9400,
  /** Beside the project and its file secret store (`.oauth-clients/store`), ignored by git. */
  dataDir: '.oauth-clients/devserver',
  /** The example API's scopes from the project's seed (azuma doa's `tstapp_data.read`). */
  scopes: ['tstapp_data.read', 'tstapp_data.write'],
  /** RFC 7592 §2.2 lets a server rotate on update; rotating keeps callers honest about storing it. */
  rotateRegistrationAccessToken: true,
  /** A developer whose registration access token was lost needs a way out that RFC 7592 lacks. */
  adminRoutes: true,
  /** Ten minutes: short enough to notice expiry while developing, long enough for a debug session. */
  accessTokenTtlSeconds: 600,
  /** A URN names the development API without pretending a host exists; it becomes the JWT `aud`. */
  resource: 'urn:oauth-clients:dev-api',
  /** A login page that accepts any user name: the point of a development server is no accounts. */
  devInteractions: true,
} as const;

/** Offered whatever the configured scopes are: OpenID Connect sign-in and refresh tokens. */
export const ALWAYS_OFFERED_SCOPES = ['openid', 'offline_access'] as const;

/** The address the server binds; a development server is never reachable from the network. */
export const LOOPBACK_ADDRESS = '127.0.0.1';

/** The name of the registration policy the initial access token (and so every client) carries. */
export const HTTPS_REDIRECTS_POLICY = 'https-redirects';
