// The model: canonical specs, their defaults and rules. No cdktf here (docs/design.md §7: the constructs
// are the only code that would follow a cdktf fork).
export * from './vocabulary';
export * from './names';
export * from './defaults';
export * from './store-spec';
export * from './host-spec';
export * from './client-spec';
export * from './parse-client-spec';
export * from './provider-capabilities';
export * from './url-rules';
export * from './validation-issue';
export * from './flat-spec';
export * from './protocol';
export * from './canonical-json';
export * from './display-text';
export * from './terraform-template';
export * from './oidc-scopes';
