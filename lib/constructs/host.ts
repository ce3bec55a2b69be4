// One authorization server or tenant. Declared once, it can serve clients in several stacks:
// it emits no Terraform of its own, its HostSpec travels inside each client's spec.
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  HostSpecSchema,
  issuesFromZod,
  ledgerStoreOf,
  STORE_DEFAULTS,
  StoreSpecSchema,
  storeIdentity,
  type HostEnvironment,
  type HostSpec,
  type HostSpecInput,
  OIDC_SCOPE_SUPPORT,
  type OidcScopeName,
  type StoreSpecInput,
  type ValidationIssue,
} from '../model';
import type { OAuthClient, OAuthClientOptions } from './oauth-client';
import { resourceTypeOf, usesProvisioners } from './client-resource';
import { idIssues, usableId } from './private/construct-id';
import { issueValidation } from './private/issue-validation';
import { tokenIssues, withoutTokenFields } from './private/token-issues';
import { Scope, type ScopeOptions } from './scope';
import { HostDefaults, storeSpecOf, type SecretStoreLike } from './secret-store';

/** What every host declares, whatever API it speaks. */
export interface HostCommonProps {
  /**
   * The host's name: part of every client's store path and ledger key. Renaming a host makes
   * every client new, so it defaults to the construct id and is best set once.
   * @default - the construct id
   */
  readonly name?: string;
  /** The issuer URL (RFC 8414): https, or `http://127.0.0.1:PORT` for a development host. */
  readonly issuer: string;
  /**
   * `development` hosts accept loopback redirect URLs; `production` hosts never do.
   * @default 'production' - the stricter rules unless a host says otherwise
   */
  readonly environment?: HostEnvironment;
  /**
   * The registration endpoint, when discovery (`/.well-known/openid-configuration`) should not be used.
   * @default - discovered from the issuer
   */
  readonly registrationEndpoint?: string;
  /**
   * Origins besides the issuer's (and the registration endpoint's) where endpoints the provider
   * names may live (its token endpoint, RFC 7592 management URIs), e.g. `['https://api.example.com']`.
   * No credential is ever sent to an endpoint on another origin.
   * @default - only the issuer's and the registration endpoint's origins
   */
  readonly endpointOrigins?: readonly string[];
  /**
   * The admin API's base URL where it is not the issuer: Hydra's admin port, Keycloak's base URL
   * (the issuer is `<base>/realms/<realm>`), light-portal's portal (`/portal/command`, `/portal/query`).
   * @default - none (required for hydra, keycloak and light-portal hosts)
   */
  readonly adminUrl?: string;
  /**
   * Identifiers the host's API needs, never secrets: light-portal `hostId`, `providerId` and one of
   * `appId` / `apiVersionId` / `instanceId` (the owner of the clients); Keycloak `realm` (and
   * `adminRealm`, default the realm); Hydra `audience` (space-separated, every client's audience).
   * @default - none
   */
  readonly settings?: Readonly<Record<string, string>>;
  /**
   * Where client credentials are exported (first apply only), e.g. `SecretStore.vault({ ... })`.
   * @default - `HostDefaults` of the app, else the encrypted file store in `.oauth-clients/store` (key from `OAUTH_CLIENTS_STORE_KEY` or a generated 0600 key file)
   */
  readonly store?: SecretStoreLike;
  /**
   * Where the backend keeps its ledger (which client_id and management token belong to which key),
   * e.g. `SecretStore.postgres({ connectionStringEnv: 'TF_STATE_PG' })` beside the Terraform state.
   * It must outlive every deploy: a deploy without it refuses to touch clients Terraform knows.
   * @default - `HostDefaults` of the app, else `store`
   */
  readonly ledgerStore?: SecretStoreLike;
  /**
   * Scopes offered by the host; more can be added with `addScope`.
   * @default - none
   */
  readonly scopes?: Readonly<Record<string, ScopeOptions>>;
}

/**
 * The NAMES of the environment variables holding a host's admin credentials, never their values:
 * one shape per API, so a misspelt or missing credential does not compile. `<NAME>_FILE` may name a
 * file holding the value instead (relative to the project root). The keys are the `credentials`
 * of lib/model/provider-capabilities.ts (test/constructs/public-api.test.ts keeps them equal).
 */
export interface HostCredentialsByFlavour {
  /** RFC 7591 §3: the initial access token that authorizes registration. */
  readonly rfc7591: { readonly initialAccessToken: string };
  /** light-portal: a bearer token (JWT) of a user allowed to manage the host's clients. */
  readonly 'light-portal': { readonly bearerToken: string };
  /** Ory Hydra's admin API takes no credential (keep it unreachable from outside). */
  readonly hydra: { readonly [name: string]: never };
  /** Keycloak: a service-account client allowed to manage clients (client credentials grant). */
  readonly keycloak: { readonly clientId: string; readonly clientSecret: string };
}

/** The API a host speaks and the credentials that API needs, typed together. */
export type HostFlavourProps =
  | {
      /**
       * The API the host speaks.
       * @default 'rfc7591' (RFC 7591/7592 dynamic client registration)
       */
      readonly flavour?: 'rfc7591';
      /** e.g. `{ initialAccessToken: 'AUTH_IAT' }`: the name of the env var, never the token. */
      readonly credentials: HostCredentialsByFlavour['rfc7591'];
    }
  | { readonly flavour: 'light-portal'; readonly credentials: HostCredentialsByFlavour['light-portal'] }
  | { readonly flavour: 'hydra'; readonly credentials?: HostCredentialsByFlavour['hydra'] }
  | { readonly flavour: 'keycloak'; readonly credentials: HostCredentialsByFlavour['keycloak'] };

/** A host's props: the common ones and, typed per API, its flavour and credentials. */
export type HostProps = HostCommonProps & HostFlavourProps;

/** Settings of the local development provider (`oauth-clients provider`). */
export interface DevelopmentHostProps extends Omit<HostCommonProps, 'issuer' | 'environment'> {
  /** @default 9400 - the development provider's default port */
  readonly port?: number;
  /** @default { initialAccessToken: 'OAUTH_CLIENTS_DEV_IAT' } */
  readonly credentials?: HostCredentialsByFlavour['rfc7591'];
}

/** The OpenID Connect scopes a host can offer ready-made (OpenID Connect Core 1.0 §3.1.2.1, §5.4). */
export interface OidcScopes {
  /** `openid`: the request is an OpenID Connect sign-in; the ID token carries `sub`. */
  readonly openid: Scope;
  /** `profile`: the user's default profile claims (name, family_name, picture, ...). */
  readonly profile: Scope;
  /** `email`: the user's `email` and `email_verified` claims. */
  readonly email: Scope;
}

const OIDC_SCOPE_DESCRIPTIONS: Readonly<Record<OidcScopeName, string>> = {
  openid: 'Sign in with OpenID Connect (OpenID Connect Core 1.0 §3.1.2.1)',
  profile: "The user's default profile claims (OpenID Connect Core 1.0 §5.4)",
  email: "The user's email address (OpenID Connect Core 1.0 §5.4)",
};

export class Host extends Construct {
  static isHost(x: unknown): x is Host {
    return x instanceof Host;
  }

  /**
   * A host for the local development provider started by `npm run provider`: rfc7591 on
   * `http://127.0.0.1:9400`, initial access token from `OAUTH_CLIENTS_DEV_IAT` (or `OAUTH_CLIENTS_DEV_IAT_FILE`).
   */
  static localDevelopment(scope: Construct, id: string, props: DevelopmentHostProps = {}): Host {
    const { port, ...rest } = props;
    return new Host(scope, id, {
      credentials: { initialAccessToken: 'OAUTH_CLIENTS_DEV_IAT' },
      ...rest,
      issuer: `http://127.0.0.1:${port ?? 9400}`,
      environment: 'development',
      flavour: 'rfc7591',
    });
  }

  /** The HostSpec without its scope list (as validated at synth). */
  private readonly baseSpec: HostSpec;
  private readonly declaredInput: HostSpecInput;
  private readonly clients: OAuthClient[] = [];
  private readonly specIssues: ValidationIssue[];

  constructor(scope: Construct, id: string, props: HostProps) {
    super(scope, usableId(scope, id, 'Host'));
    this.declaredInput = {
      name: props.name ?? id,
      issuer: props.issuer,
      flavour: props.flavour ?? 'rfc7591',
      environment: props.environment ?? 'production',
      credentials: { ...((props.credentials ?? {}) as Readonly<Record<string, string>>) },
      ...(props.registrationEndpoint === undefined ? {} : { registrationEndpoint: props.registrationEndpoint }),
      ...(props.endpointOrigins === undefined ? {} : { endpointOrigins: [...props.endpointOrigins] }),
      ...(props.adminUrl === undefined ? {} : { adminUrl: props.adminUrl }),
      ...(props.settings === undefined ? {} : { settings: { ...props.settings } }),
      ...declaredStores(this, props),
    };
    const parsed = HostSpecSchema.safeParse(this.declaredInput);
    // An invalid host still yields a spec-shaped value so synth can go on and report every error.
    this.baseSpec = parsed.success ? parsed.data : (this.declaredInput as HostSpec);
    const tokens = tokenIssues({ ...props, scopes: undefined });
    this.specIssues = [...idIssues(this), ...tokens, ...withoutTokenFields(parsed.success ? [] : issuesFromZod(parsed.error), tokens)];
    issueValidation(this, () => this.specIssues);
    for (const [name, options] of Object.entries(props.scopes ?? {})) this.addScope(name, options);
    // A host in a stack of the provisioner mode keeps that stack's reconciler alive after its last
    // client is removed (our provider's resources are deleted by Terraform itself).
    const stack = this.node.scopes.find((s): s is TerraformStack => TerraformStack.isStack(s));
    if (stack && usesProvisioners(resourceTypeOf(this))) {
      const { Reconciler } = require('./reconciler') as typeof import('./reconciler');
      Reconciler.of(stack).watchStore(ledgerStoreOf(this.baseSpec));
    }
  }

  /**
   * The canonical HostSpec, embedded in every client's spec. It lists the names of the scopes
   * declared so far, so the handler can refuse a scope the host does not declare.
   */
  get spec(): HostSpec {
    return { ...this.baseSpec, scopes: [...new Set(this.scopes.map((s) => s.name))].sort() };
  }

  get name(): string {
    return this.baseSpec.name;
  }

  /** Declares a scope this host offers; clients reference the returned object. */
  addScope(name: string, options: ScopeOptions): Scope {
    return new Scope(this, name, { name, ...options });
  }

  /** The scope `name` declared on this host; throws naming the host and its scopes when there is none. */
  scope(name: string): Scope {
    const found = this.scopes.find((s) => s.name === name);
    if (found) return found;
    throw new Error(`host ${this.name} declares no scope '${name}' (its scopes: ${this.scopes.map((s) => s.name).join(', ') || 'none'})`);
  }

  /**
   * The OpenID Connect scopes `openid`, `profile` and `email`, ready-made: declared on this host
   * with their standard descriptions on first use. Synth refuses one the host's API does not offer.
   */
  get oidcScopes(): OidcScopes {
    const scope = (name: OidcScopeName) => this.scopes.find((s) => s.name === name) ?? this.oidcScope(name);
    return {
      get openid() {
        return scope('openid');
      },
      get profile() {
        return scope('profile');
      },
      get email() {
        return scope('email');
      },
    };
  }

  private oidcScope(name: OidcScopeName): Scope {
    const created = this.addScope(name, { description: OIDC_SCOPE_DESCRIPTIONS[name] });
    const flavour = this.baseSpec.flavour;
    if (!OIDC_SCOPE_SUPPORT[flavour]?.includes(name)) {
      issueValidation(created, () => [{ code: 'OAC_SCOPE_OIDC', field: 'name', message: `the ${flavour} API offers no OpenID Connect scope '${name}'` }]);
    }
    return created;
  }

  /** The scopes declared on this host. */
  get scopes(): Scope[] {
    return this.node.children.filter(Scope.isScope);
  }

  /**
   * Declares a client of this host in the host's own stack, as Cognito's `userPool.addClient(id, options)`.
   * A host declared outside every stack (to serve several) has no stack of its own: declare its clients
   * with `new OAuthClient(stack, id, { host, ... })`.
   */
  addClient(id: string, options?: OAuthClientOptions): OAuthClient;
  /**
   * Declares a client of this host in `scope` (any stack of the app).
   * @deprecated Use `host.addClient(id, options)` for a client in the host's stack, or
   * `new OAuthClient(scope, id, { host, ...options })` for a client in another stack.
   */
  addClient(scope: Construct, id: string, options?: OAuthClientOptions): OAuthClient;
  addClient(scopeOrId: Construct | string, idOrOptions?: string | OAuthClientOptions, legacyOptions?: OAuthClientOptions): OAuthClient {
    // Required lazily: oauth-client.ts imports this module.
    const { OAuthClient: ClientClass } = require('./oauth-client') as typeof import('./oauth-client');
    if (typeof scopeOrId !== 'string') return new ClientClass(scopeOrId, idOrOptions as string, { ...legacyOptions, host: this });
    const stack = this.node.scopes.find((s): s is TerraformStack => TerraformStack.isStack(s));
    if (!stack) {
      throw new Error(`host ${this.node.path} is not inside a stack, so addClient('${scopeOrId}') has nowhere to put the client: use new OAuthClient(stack, '${scopeOrId}', { host, ... })`);
    }
    return new ClientClass(stack, scopeOrId, { ...(idOrOptions as OAuthClientOptions | undefined), host: this });
  }

  /** @internal Called by OAuthClient; used for the app-wide key uniqueness check. */
  _registerClient(client: OAuthClient): void {
    this.clients.push(client);
  }

  /**
   * @internal cdktf validates only constructs inside a stack. A host declared at the app's root
   * (to serve several stacks) has its issues, and its scopes', reported by its clients instead.
   */
  _issuesOutsideStacks(): ValidationIssue[] {
    if (this.node.scopes.some((s) => TerraformStack.isStack(s))) return [];
    return [
      ...this.specIssues.map((i) => ({ ...i, field: `host ${this.node.path}: ${i.field}` })),
      ...this.scopes.flatMap((scope) => scope._issues().map((i) => ({ ...i, field: `scope ${scope.node.path}: ${i.field}` }))),
    ];
  }

  /** @internal The clients of this host, in every stack. */
  get _clients(): readonly OAuthClient[] {
    return this.clients;
  }
}

/** The host's stores: its own, else the app's defaults, else the file store; the ledger store only when it differs. */
function declaredStores(scope: Construct, props: HostProps): Pick<HostSpecInput, 'store' | 'ledgerStore'> {
  const defaults = HostDefaults.of(scope);
  // Defaults spelt out here too: an invalid host keeps its declared input, which must stay usable.
  const spelt = (input: StoreSpecInput): StoreSpecInput =>
    input.kind === 'file' ? { ...input, directory: input.directory ?? STORE_DEFAULTS.fileDirectory, keyEnv: input.keyEnv ?? STORE_DEFAULTS.fileKeyEnv } : input;
  const store = spelt(storeSpecOf(props.store ?? defaults.store ?? { kind: 'file' }));
  const ledgerInput = props.ledgerStore ?? defaults.ledgerStore;
  if (ledgerInput === undefined) return { store };
  const ledgerStore = spelt(storeSpecOf(ledgerInput));
  // One spelling per spec: a ledger store equal to `store` is left out, so the spec (and its hash) is unchanged.
  const [a, b] = [StoreSpecSchema.safeParse(store), StoreSpecSchema.safeParse(ledgerStore)];
  if (a.success && b.success && storeIdentity(a.data) === storeIdentity(b.data)) return { store };
  return { store, ledgerStore };
}
