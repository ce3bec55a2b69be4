// Which differences the provider can see. Only the fields a provider holds (OBSERVABLE_FIELDS,
// less the features this API lacks) are sent; key, stack, host, removalPolicy and secretExport are
// the backend's own, so a change to them must not cost an update (which rotates the management
// token at RFC 7592 servers that rotate).
import { canonicalJson, type ClientSpec, type ProviderCapabilities } from '../model';
import { OBSERVABLE_FIELDS, type ObservableField, type ObservedClient } from '../providers';

/** Which capability lets the provider store a field (absent: every API stores it). */
const STORED_IF: Partial<Record<ObservableField, (c: ProviderCapabilities) => boolean>> = {
  customClaims: (c) => c.customClaims,
  accessTokenLifetimeSeconds: (c) => c.accessTokenLifetime,
  postLogoutRedirectUrls: (c) => c.postLogoutRedirectUrls,
  contacts: (c) => c.contacts,
  policyUrl: (c) => c.consentUrls,
  termsOfServiceUrl: (c) => c.consentUrls,
  logoUrl: (c) => c.consentUrls,
};

export function heldFields(capabilities: ProviderCapabilities): ObservableField[] {
  return OBSERVABLE_FIELDS.filter((field) => STORED_IF[field]?.(capabilities) ?? true);
}

/** The provider-held fields that differ between two declarations (e.g. the ledger's and the code's). */
export function providerChanges(before: ClientSpec, after: ClientSpec, capabilities: ProviderCapabilities): ObservableField[] {
  return heldFields(capabilities).filter((field) => canonicalJson(before[field]) !== canonicalJson(after[field]));
}

/** The fields the provider reported with a value other than the declared one (absent = cannot tell). */
export function observedDifferences(declared: ClientSpec, observed: ObservedClient): ObservableField[] {
  return (Object.keys(observed.fields) as ObservableField[]).filter((field) => canonicalJson(declared[field]) !== canonicalJson(observed.fields[field]));
}
