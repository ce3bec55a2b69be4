// Provider adapters: one per API, behind one interface.
export * from './provider-adapter';
export * from './provider-error';
export { openAdapter } from './open-adapter';
export { toClientMetadata } from './rfc7591/client-metadata';
export { deterministicClientId } from './client-id';
export { HydraAdapter } from './hydra/hydra-adapter';
export { KeycloakAdapter } from './keycloak/keycloak-adapter';
export { LightPortalAdapter } from './light-portal/light-portal-adapter';
