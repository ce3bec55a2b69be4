// oauth-clients-as-code: declare OAuth clients in CDK for Terraform stacks.
//
// The public API, exported by name: what a stack author uses. Everything else (the zod schemas,
// the backend, the adapters, the stores, the CLI) is internal and may change in any release.
// api/oauth-clients-as-code.api.md records this surface; `npm run api` updates it and a test
// fails while it is stale, so a change to the public API shows in review.
export {
  Host,
  type DevelopmentHostProps,
  type HostCommonProps,
  type HostCredentialsByFlavour,
  type HostFlavourProps,
  type HostProps,
  type OidcScopes,
} from './constructs/host';
export { Scope, type ScopeOptions, type ScopeProps } from './constructs/scope';
export { RedirectUrl, type RedirectUrlLike } from './constructs/redirect-url';
export { type OAuthFlows } from './constructs/flows';
export { RemovalPolicy } from './constructs/removal-policy';
export { type SecretReference } from './constructs/secret-reference';
export {
  HostDefaults,
  SecretStore,
  type AwsSecretsManagerStoreOptions,
  type FileStoreOptions,
  type HostDefaultsProps,
  type PassStoreOptions,
  type PostgresStoreOptions,
  type SecretStoreLike,
  type VaultStoreOptions,
} from './constructs/secret-store';
export { OAuthClient, type ClaimValue, type OAuthClientOptions, type OAuthClientProps } from './constructs/oauth-client';
export { type ResourceType } from './constructs/client-resource';
export { Reconciler } from './constructs/reconciler';
export { projectLocalBackend } from './constructs/local-state';
// Types the constructs' public members carry (Host.spec, OAuthClient.spec, HostProps.store).
export type {
  ClientSpec,
  GrantType,
  HostEnvironment,
  HostSpec,
  ProviderFlavour,
  RemovalPolicyValue,
  StoreSpec,
  StoreSpecInput,
  TokenEndpointAuthMethod,
} from './model';
