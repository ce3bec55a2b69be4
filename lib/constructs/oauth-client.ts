// An OAuth 2.0 client at a host: declared here, created/updated/deleted by the backend through
// one Terraform resource (docs/design.md §3, §8). The props follow AWS CDK's Cognito UserPoolClient.
import { TerraformStack, type TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import {
  CLIENT_DEFAULTS,
  SPEC_VERSION,
  safeParseClientSpec,
  type ClientSpec,
  type ParseResult,
  type TokenEndpointAuthMethod,
} from '../model';
import { emitClientResource, resourceTypeOf, usesProvisioners, type ResourceType } from './client-resource';
import { flowIssues, grantTypesOf, type OAuthFlows } from './flows';
import type { Host } from './host';
import { clientIssues } from './private/client-issues';
import { idIssues, usableId } from './private/construct-id';
import { issueValidation } from './private/issue-validation';
import { OAuthClientsClient } from './private/oauth-clients-client';
import { tokenIssues, withoutTokenFields } from './private/token-issues';
import { Reconciler } from './reconciler';
import { RedirectUrl, toRedirectUrl, type RedirectUrlLike } from './redirect-url';
import type { RemovalPolicy } from './removal-policy';
import { Scope } from './scope';
import type { SecretReference } from './secret-reference';

export type ClaimValue = string | number | boolean | readonly string[];

export interface OAuthClientOptions {
  /**
   * The name users see on the consent screen (RFC 7591 `client_name`).
   * @default - the construct id
   */
  readonly clientName?: string;
  /**
   * What the client is for, for reviewers and the provider's admin UI.
   * @default - no description
   */
  readonly description?: string;
  /**
   * The flows the client may use.
   * @default { authorizationCode: true } - authorization code with PKCE S256
   */
  readonly flows?: OAuthFlows;
  /**
   * Require PKCE with S256 on authorization requests (RFC 7636, RFC 9700 §2.1.1). Public clients must.
   * @default true
   */
  readonly requirePkce?: boolean;
  /**
   * A public client (single-page or native app) holds no secret and authenticates with `none`.
   * @default false
   */
  readonly publicClient?: boolean;
  /**
   * How the client authenticates at the token endpoint (RFC 7591 §2).
   * @default 'none' for a public client, 'client_secret_basic' otherwise
   */
  readonly tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  /**
   * The scopes the client may ask for; each must be declared on the client's host.
   * @default - no scopes
   */
  readonly scopes?: readonly Scope[];
  /**
   * Where the authorization server may send the user back (exact match, RFC 9700 §4.1.3).
   * @default - none; the authorization-code flow needs at least one, there is no placeholder
   */
  readonly redirectUrls?: readonly RedirectUrlLike[];
  /**
   * Where the user may land after logout (OpenID Connect RP-Initiated Logout `post_logout_redirect_uris`).
   * @default - no post-logout redirect
   */
  readonly postLogoutRedirectUrls?: readonly RedirectUrlLike[];
  /**
   * OpenID Connect `application_type`.
   * @default 'native' when a redirect URL uses a private-use scheme, else 'web'
   */
  readonly applicationType?: 'web' | 'native';
  /** The privacy policy shown on the consent screen (RFC 7591 `policy_uri`, https). @default - none */
  readonly policyUrl?: string;
  /** The terms of service shown on the consent screen (RFC 7591 `tos_uri`, https). @default - none */
  readonly termsOfServiceUrl?: string;
  /** The logo shown on the consent screen (RFC 7591 `logo_uri`, https). @default - none */
  readonly logoUrl?: string;
  /** People responsible for the client (RFC 7591 `contacts`, e-mail addresses). @default - none */
  readonly contacts?: readonly string[];
  /** Lifetime of the client's access tokens, in seconds (60 to 86400). @default - the provider's default */
  readonly accessTokenLifetimeSeconds?: number;
  /** Extra claims in the client's tokens, where the host's API supports them (light-portal). @default - none */
  readonly customClaims?: Readonly<Record<string, ClaimValue>>;
  /**
   * What happens when the client is removed from code or its stack is destroyed.
   * @default RemovalPolicy.DESTROY - deleted at the provider, exported secret deleted
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Where the credentials are exported in the host's store (first apply only, never overwritten).
   * @default - `<host name>/<key>`
   */
  readonly secretExport?: { readonly path?: string };
  /**
   * The client's stable identity at the host. By default the construct path, so moving the
   * construct in a refactor replaces the client (a new client_id and secret); declare a key to keep it.
   * @default - the construct path, e.g. `team-stack/spa`
   */
  readonly key?: string;
  /**
   * The Terraform resource that manages the client. `oauthclients_client` is our own provider,
   * shipped with the stack (no download): updates in place, refresh and drift, import, a
   * `clientId` attribute, and a killed deploy re-runs to the declared state. The provisioner modes
   * run `oauth-clients handle` per client: built-in `terraform_data` (Terraform >= 1.4) or
   * `null_resource` (hashicorp/null); updates plan as replacements, there is no refresh, import or
   * clientId, and a deploy killed while provisioners run can leave a declared client missing.
   * @default - the app context `oauth-clients:resourceType`, else 'oauthclients_client'
   */
  readonly resourceType?: ResourceType;
}

export interface OAuthClientProps extends OAuthClientOptions {
  /** The host that issues the client. */
  readonly host: Host;
}

export class OAuthClient extends Construct {
  static isOAuthClient(x: unknown): x is OAuthClient {
    return x instanceof OAuthClient;
  }

  readonly host: Host;
  /** The stable key: the declared one, or the construct path. */
  readonly key: string;
  /** Where the client's credentials are exported. Never the secret itself. */
  readonly secret: SecretReference;
  /** The Terraform resource that manages the client. */
  readonly resource: TerraformResource;
  private readonly props: OAuthClientProps;
  private readonly stackName: string;
  private parsed?: { readonly hostScopes: string; readonly declared: ClientSpec; readonly result: ParseResult };

  constructor(scope: Construct, id: string, props: OAuthClientProps) {
    super(scope, usableId(scope, id, 'OAuthClient'));
    this.props = props;
    this.host = props.host;
    this.key = props.key ?? this.node.path;
    const stack = TerraformStack.of(this);
    this.stackName = stack.node.id;
    this.secret = { store: this.host.spec.store, path: this.spec.secretExport.path };
    props.host._registerClient(this);

    // Computed once: props are readonly, and tokens must be seen before anything reads them as values.
    const tokens = tokenIssues(tokenView(props));
    issueValidation(this, () => {
      const schema = this.parseSpec().result;
      // The host's own and its scopes' issues are reported by the host; a scope of this client's host
      // is declared by construction, one of another host is OAC_SCOPE_HOST (client-issues.ts).
      const schemaIssues = schema.ok ? [] : schema.issues.filter((i) => !i.field.startsWith('host') && i.code !== 'OAC_SCOPE_UNDECLARED');
      return [...idIssues(this), ...tokens, ...withoutTokenFields([...flowIssues(props.flows), ...schemaIssues, ...clientIssues(this, props)], tokens)];
    });

    const resourceType = resourceTypeOf(this, props.resourceType);
    this.resource = emitClientResource(this, () => this.spec, resourceType);
    // Every client is declared to a reconciler the stack may have, so its prune never touches a
    // client managed by our provider; only the provisioner modes need one to delete removed clients.
    Reconciler.declare(stack, this);
    if (usesProvisioners(resourceType)) Reconciler.of(stack).track(this, this.resource);
  }

  /**
   * The client_id the authorization server issued: a token other resources and TerraformOutput
   * can use, known once the client exists. Not a secret. Only our provider's resource has it.
   */
  get clientId(): string {
    if (!(this.resource instanceof OAuthClientsClient)) {
      throw new Error(`${this.node.path}: clientId is an attribute of the oauthclients_client resource; the '${this.resource.terraformResourceType}' mode has none (see resourceType)`);
    }
    return this.resource.clientId;
  }

  /**
   * The canonical spec handed to the backend (as declared when invalid; synth then fails). Read at
   * synth, it carries the scope list of the host as declared by then.
   */
  get spec(): ClientSpec {
    const { declared, result } = this.parseSpec();
    return result.ok ? result.spec : declared;
  }

  private parseSpec(): { readonly declared: ClientSpec; readonly result: ParseResult } {
    const hostScopes = (this.host.spec.scopes ?? []).join(' ');
    if (this.parsed?.hostScopes !== hostScopes) {
      const declared = declaredSpec(this, this.node.id, this.props, this.stackName);
      this.parsed = { hostScopes, declared, result: safeParseClientSpec(declared) };
    }
    return this.parsed;
  }
}

/** The props as plain values, for the token check: redirect URLs as their text, scopes and host left to their own checks. */
function tokenView(props: OAuthClientProps): object {
  const { host: _host, scopes: _scopes, redirectUrls, postLogoutRedirectUrls, ...rest } = props;
  const text = (urls: unknown) => (Array.isArray(urls) ? urls.map((u) => (u instanceof RedirectUrl ? u.value : u)) : urls);
  return { ...rest, redirectUrls: text(redirectUrls), postLogoutRedirectUrls: text(postLogoutRedirectUrls) };
}

/** Props → the spec as declared (defaults applied, not yet canonical). */
function declaredSpec(client: Construct, id: string, props: OAuthClientProps, stack: string): ClientSpec {
  const key = props.key ?? client.node.path;
  const publicClient = props.publicClient ?? CLIENT_DEFAULTS.publicClient;
  const redirectUrls = asArray(props.redirectUrls).map((u) => toRedirectUrl(u));
  const optional = <K extends string, V>(name: K, value: V | undefined) => (value === undefined ? {} : ({ [name]: value } as Record<K, V>));
  return {
    specVersion: SPEC_VERSION,
    key,
    stack,
    host: props.host.spec,
    clientName: props.clientName ?? id,
    ...optional('description', props.description),
    grantTypes: grantTypesOf(props.flows),
    requirePkce: props.requirePkce ?? CLIENT_DEFAULTS.requirePkce,
    publicClient,
    tokenEndpointAuthMethod: props.tokenEndpointAuthMethod ?? (publicClient ? 'none' : CLIENT_DEFAULTS.confidentialAuthMethod),
    applicationType: props.applicationType ?? (redirectUrls.some((u) => !/^https?:/i.test(u.value)) ? 'native' : 'web'),
    // A string (or anything else) where a Scope belongs is reported by client-issues.ts.
    scopes: asArray(props.scopes).map((s) => (Scope.isScope(s) ? s.name : String(s))),
    redirectUrls: redirectUrls.map((u) => u.value),
    postLogoutRedirectUrls: asArray(props.postLogoutRedirectUrls).map((u) => toRedirectUrl(u).value),
    ...optional('policyUrl', props.policyUrl),
    ...optional('termsOfServiceUrl', props.termsOfServiceUrl),
    ...optional('logoUrl', props.logoUrl),
    contacts: [...asArray(props.contacts)],
    ...optional('accessTokenLifetimeSeconds', props.accessTokenLifetimeSeconds),
    customClaims: Object.fromEntries(Object.entries(props.customClaims ?? {}).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v])) as ClientSpec['customClaims'],
    removalPolicy: props.removalPolicy ?? CLIENT_DEFAULTS.removalPolicy,
    secretExport: { path: props.secretExport?.path ?? `${props.host.spec.name}/${key}` },
  };
}

/** A list prop from untyped code may be anything: a non-list is read as empty and reported by client-issues.ts. */
const asArray = <T>(value: readonly T[] | undefined): readonly T[] => (Array.isArray(value) ? value : []);
