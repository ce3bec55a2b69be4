// The canonical HostSpec: how to reach one authorization server (or tenant) and where its
// clients' secrets go. Embedded in every ClientSpec, so the handler needs nothing else.
import * as z from 'zod';
import { LIMITS } from './defaults';
import { EnvVarNameSchema, HostNameSchema, ScopeNameSchema } from './names';
import { PROVIDER_CAPABILITIES } from './provider-capabilities';
import { StoreSpecSchema, type StoreSpec } from './store-spec';
import { checkIssuerUrl } from './url-rules';
import { HostEnvironmentSchema, ProviderFlavourSchema } from './vocabulary';

export const HostSpecSchema = z
  .object({
    name: HostNameSchema,
    issuer: z.string(),
    flavour: ProviderFlavourSchema,
    environment: HostEnvironmentSchema,
    /** Credential name → the env var that holds it (never the value). */
    credentials: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), EnvVarNameSchema),
    /** Overrides discovery (RFC 8414 `registration_endpoint`). */
    registrationEndpoint: z.string().optional(),
    /**
     * Origins besides the issuer's (and the declared registration endpoint's) where endpoints the
     * provider names may live: discovery's token and registration endpoints, RFC 7592's
     * registration_client_uri. Credentials are never sent to an endpoint on any other origin.
     */
    endpointOrigins: z.array(z.string()).max(10).optional(),
    /** The admin API's base URL where it is not the issuer (Hydra's admin port, Keycloak's base, light-portal's portal). */
    adminUrl: z.string().optional(),
    /** API-specific identifiers, never secrets: light-portal hostId/providerId/appId, Keycloak realm. */
    settings: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), z.string().min(1).max(200)).optional(),
    /** Where client credentials are exported (and the ledger kept, unless `ledgerStore` says otherwise). */
    store: StoreSpecSchema,
    /** Where the backend keeps its ledger, intents and journal; absent: in `store`. */
    ledgerStore: StoreSpecSchema.optional(),
    /**
     * The scope names the host declares, sorted: the handler refuses a client asking for another
     * (a hand-edited cdk.tf.json gets no further than the construct check would). Optional so
     * specs synthesized before it still parse (SPEC_VERSION stays 1); absent means "not checked".
     */
    scopes: z.array(ScopeNameSchema).max(LIMITS.hostScopes, `at most ${LIMITS.hostScopes} scopes`).optional(),
  })
  .superRefine((host, ctx) => {
    const issuerRule = checkIssuerUrl(host.issuer, host.environment);
    if (issuerRule) ctx.addIssue({ code: 'custom', path: ['issuer'], message: `${issuerRule}, got '${host.issuer}'`, params: { code: 'OAC_HOST_ISSUER' } });
    if (host.registrationEndpoint !== undefined) {
      const endpointRule = checkIssuerUrl(host.registrationEndpoint, host.environment);
      if (endpointRule) ctx.addIssue({ code: 'custom', path: ['registrationEndpoint'], message: `${endpointRule}, got '${host.registrationEndpoint}'`, params: { code: 'OAC_HOST_ENDPOINT' } });
    }
    (host.endpointOrigins ?? []).forEach((origin, index) => {
      const rule = checkIssuerUrl(origin, host.environment) ?? (isOrigin(origin) ? undefined : "must be an origin: 'https://host[:port]', nothing after it");
      if (rule) ctx.addIssue({ code: 'custom', path: ['endpointOrigins', index], message: `${rule}, got '${origin}'`, params: { code: 'OAC_HOST_ENDPOINT' } });
    });
    const capabilities = PROVIDER_CAPABILITIES[host.flavour];
    if (!capabilities.implemented) {
      ctx.addIssue({ code: 'custom', path: ['flavour'], message: `the '${host.flavour}' adapter is not available yet (available: ${Object.entries(PROVIDER_CAPABILITIES).filter(([, c]) => c.implemented).map(([f]) => f).join(', ')})`, params: { code: 'OAC_HOST_FLAVOUR' } });
      return;
    }
    if (capabilities.adminUrl && host.adminUrl === undefined) {
      ctx.addIssue({ code: 'custom', path: ['adminUrl'], message: `the ${host.flavour} API needs adminUrl, the base URL of its admin API`, params: { code: 'OAC_HOST_ADMIN_URL' } });
    } else if (host.adminUrl !== undefined) {
      const adminRule = checkIssuerUrl(host.adminUrl, host.environment);
      if (adminRule) ctx.addIssue({ code: 'custom', path: ['adminUrl'], message: `${adminRule}, got '${host.adminUrl}'`, params: { code: 'OAC_HOST_ADMIN_URL' } });
    }
    for (const group of capabilities.settings) {
      const set = group.filter((name) => host.settings?.[name] !== undefined);
      if (set.length !== 1) {
        const what = group.length === 1 ? `settings.${group[0]}` : `exactly one of ${group.map((n) => `settings.${n}`).join(', ')}`;
        ctx.addIssue({ code: 'custom', path: ['settings', set[1] ?? group[0]], message: `the ${host.flavour} API needs ${what}`, params: { code: 'OAC_HOST_SETTING' } });
      }
    }
    for (const name of capabilities.credentials) {
      if (!(name in host.credentials)) {
        ctx.addIssue({ code: 'custom', path: ['credentials', name], message: `the ${host.flavour} API needs the name of the env var holding '${name}'`, params: { code: 'OAC_HOST_CREDENTIAL' } });
      }
    }
  });

function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

export type HostSpec = z.output<typeof HostSpecSchema>;
export type HostSpecInput = z.input<typeof HostSpecSchema>;

/** The store that holds a host's ledger, intents and journal. */
export const ledgerStoreOf = (host: Pick<HostSpec, 'store' | 'ledgerStore'>): StoreSpec => host.ledgerStore ?? host.store;
