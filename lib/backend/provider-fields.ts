// Which differences the provider can see. Only the fields a provider holds (OBSERVABLE_FIELDS,
// less the features this API lacks) are sent; key, stack, host, removalPolicy and secretExport are
// the backend's own, so a change to them must not cost an update (which rotates the management
// token at RFC 7592 servers that rotate).
import { canonicalJson, type ClientSpec, type ProviderCapabilities } from '../model';
import { OBSERVABLE_FIELDS, type ObservableField, type ObservedClient } from '../providers';

export function heldFields(capabilities: ProviderCapabilities): ObservableField[] {
  return OBSERVABLE_FIELDS.filter(
    (field) => (field !== 'customClaims' || capabilities.customClaims) && (field !== 'accessTokenLifetimeSeconds' || capabilities.accessTokenLifetime),
  );
}

/** The provider-held fields that differ between two declarations (e.g. the ledger's and the code's). */
export function providerChanges(before: ClientSpec, after: ClientSpec, capabilities: ProviderCapabilities): ObservableField[] {
  return heldFields(capabilities).filter((field) => canonicalJson(before[field]) !== canonicalJson(after[field]));
}

/** The fields the provider reported with a value other than the declared one (absent = cannot tell). */
export function observedDifferences(declared: ClientSpec, observed: ObservedClient): ObservableField[] {
  return (Object.keys(observed.fields) as ObservableField[]).filter((field) => canonicalJson(declared[field]) !== canonicalJson(observed.fields[field]));
}
