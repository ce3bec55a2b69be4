// The options of the local development authorization server and the handle it returns.

export interface DevServerOptions {
  /**
   * The loopback port to listen on; 0 picks a free one. The issuer is `http://127.0.0.1:<port>`,
   * so a client registered on one port is unknown under another issuer.
   * @default 9400
   */
  readonly port?: number;
  /**
   * Where clients, tokens, signing keys and the initial access token are kept (created 0700,
   * files 0600). Relative paths resolve against the current working directory.
   * @default '.oauth-clients/devserver'
   */
  readonly dataDir?: string;
  /**
   * The API scopes clients may register and request. `openid` and `offline_access` are always
   * offered too. A scope outside this list is refused at registration and at the token endpoint.
   * @default ['tstapp_data.read', 'tstapp_data.write']
   */
  readonly scopes?: readonly string[];
  /**
   * Issue a new registration access token on every RFC 7592 update (PUT), invalidating the old
   * one at once.
   * @default true
   * @see https://www.rfc-editor.org/rfc/rfc7592#section-2.2
   */
  readonly rotateRegistrationAccessToken?: boolean;
  /**
   * Serve the admin routes (admin-routes.ts): a client listing and a new registration access token
   * for a client whose token was lost. Off, the server behaves like a plain RFC 7591/7592 provider.
   * @default true
   */
  readonly adminRoutes?: boolean;
  /**
   * Lifetime of the JWT access tokens.
   * @default 600
   */
  readonly accessTokenTtlSeconds?: number;
  /**
   * The one resource (RFC 8707) the server issues tokens for, used when a request names none;
   * it is the `aud` of every access token.
   * @default 'urn:oauth-clients:dev-api'
   */
  readonly resource?: string;
  /**
   * Serve node-oidc-provider's development sign-in and consent pages, which accept any user
   * name, so the authorization code flow can be walked through in a browser.
   * @default true
   */
  readonly devInteractions?: boolean;
  /**
   * Where the server's own diagnostics go (unexpected warnings of oidc-provider, server errors).
   * Never given a secret.
   * @default - each line is written to stderr
   */
  readonly log?: (line: string) => void;
}

export interface DevServer {
  /** `http://127.0.0.1:<port>`; discovery is at `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  readonly port: number;
  /** Absolute path of the 0600 file holding the initial access token for registration. */
  readonly initialAccessTokenFile: string;
  /** Stops listening, drops open connections and removes `server.json`. Safe to call twice. */
  close(): Promise<void>;
}
