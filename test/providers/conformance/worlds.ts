// One "world" per provider API for the conformance suite: the provider (the real
// node-oidc-provider for RFC 7591; a fake built from shared/provider-apis/ for the others, since
// none of those servers can run here), a fault proxy in front of its admin API, the host a
// declaration names, and what a test looks at afterwards (how many clients the provider holds
// for a key; whether a secret gets a token).
import type { HttpClient } from '../../../lib/http';
import type { ClientSpec, HostSpec } from '../../../lib/model';
import { openAdapter, type ProviderAdapter } from '../../../lib/providers';
import { Rfc7591Adapter } from '../../../lib/providers/rfc7591/rfc7591-adapter';
import { HydraAdapter } from '../../../lib/providers/hydra/hydra-adapter';
import { startDevServerProcess, type DevServerProcess } from '../../support/devserver';
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy';
import type { LooseHostProps } from '../../support/handler';
import { watchProvider, type ProviderView } from '../../backend/support-crash-world';
import { HydraFake } from '../fakes/hydra-fake';
import { KeycloakFake } from '../fakes/keycloak-fake';
import { LightPortalFake } from '../fakes/light-portal-fake';
import { LightPortalAdapter } from '../../../lib/providers/light-portal/light-portal-adapter';
import { KeycloakAdapter } from '../../../lib/providers/keycloak/keycloak-adapter';

export interface World {
  readonly name: string;
  /** The fault proxy in front of the admin (or registration) API. */
  readonly proxy: FaultProxy;
  /** Paths of the create request, as the proxy sees them. */
  readonly createPath: RegExp;
  /** The declaration's host, reaching the admin API through the proxy. */
  hostProps(): LooseHostProps;
  /** Credential env vars the host names, with their values. */
  env(): NodeJS.ProcessEnv;
  /** The adapter for a host, with a small listing page where the API lists. */
  adapter(host: HostSpec, http: HttpClient, pageSize?: number): ProviderAdapter;
  /** How many clients of this name the provider holds. */
  clientsNamed(name: string): Promise<number>;
  /** A spec the provider itself refuses, and the declared field its error must name. */
  refused(spec: ClientSpec): { readonly spec: ClientSpec; readonly field: string };
  /** The provider answers the next `times` requests with 429 + Retry-After. */
  rateLimit(times: number): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const withFragment = (spec: ClientSpec): ClientSpec => ({ ...spec, grantTypes: ['authorization_code'], redirectUrls: ['https://app.example.com/cb#fragment'] });

export function rfc7591World(): World {
  let server: DevServerProcess;
  let proxy: FaultProxy;
  let view: ProviderView;
  return {
    name: 'rfc7591',
    get proxy() {
      return proxy;
    },
    createPath: /^\/reg$/,
    hostProps: () => ({ issuer: server.issuer, registrationEndpoint: `${proxy.origin}/reg` }),
    env: () => ({ TEST_IAT: server.initialAccessToken }),
    adapter: (host, http) => new Rfc7591Adapter({ http, host, initialAccessToken: () => server.initialAccessToken }),
    clientsNamed: async (name) => (await view.clientsNamed(name)).length,
    // provider-apis rfc7591 error table: fragment → invalid_redirect_uri.
    refused: (spec) => ({ spec: withFragment(spec), field: 'redirectUrls' }),
    rateLimit: (times) => proxy.inject({ path: /.*/, times, respond: { status: 429, headers: { 'retry-after': '0' } } }),
    async start() {
      server = await startDevServerProcess();
      view = await watchProvider(server);
      proxy = await startFaultProxy(server.issuer);
    },
    async stop() {
      await proxy?.close();
      await server?.stop();
    },
  };
}

export function hydraWorld(): World {
  const fake = new HydraFake();
  let proxy: FaultProxy;
  return {
    name: 'hydra',
    get proxy() {
      return proxy;
    },
    createPath: /^\/admin\/clients$/,
    hostProps: () => ({ issuer: fake.origin, flavour: 'hydra', adminUrl: proxy.origin, settings: { audience: 'https://api.example.com' } }),
    env: () => ({}),
    adapter: (host, http, pageSize) => new HydraAdapter({ http, host, ...(pageSize ? { pageSize } : {}) }),
    clientsNamed: async (name) => [...fake.clients.values()].filter((c) => c.client_name === name).length,
    refused: (spec) => ({ spec: withFragment(spec), field: 'redirectUrls' }),
    rateLimit: (times) => fake.server.rateLimit(times),
    async start() {
      await fake.start();
      proxy = await startFaultProxy(fake.origin);
    },
    async stop() {
      await proxy?.close();
      await fake.stop();
    },
  };
}

export function keycloakWorld(): World {
  const fake = new KeycloakFake('tstapp');
  let proxy: FaultProxy;
  return {
    name: 'keycloak',
    get proxy() {
      return proxy;
    },
    createPath: /^\/admin\/realms\/tstapp\/clients$/,
    hostProps: () => ({
      issuer: `${fake.origin}/realms/tstapp`,
      flavour: 'keycloak',
      adminUrl: proxy.origin,
      settings: { realm: 'tstapp' },
      credentials: { clientId: 'KC_ADMIN_ID', clientSecret: 'KC_ADMIN_SECRET' },
    }),
    env: () => ({ KC_ADMIN_ID: fake.admin.clientId, KC_ADMIN_SECRET: fake.admin.clientSecret }),
    adapter: (host, http, pageSize) => new KeycloakAdapter({ http, host, adminClient: () => fake.admin, ...(pageSize ? { pageSize } : {}) }),
    clientsNamed: async (name) => fake.clientsOf('tstapp').filter((c) => c.name === name).length,
    refused: (spec) => ({ spec: withFragment(spec), field: 'redirectUrls' }),
    rateLimit: (times) => fake.server.rateLimit(times),
    async start() {
      await fake.start();
      proxy = await startFaultProxy(fake.origin);
    },
    async stop() {
      await proxy?.close();
      await fake.stop();
    },
  };
}

export function lightPortalWorld(): World {
  const fake = new LightPortalFake();
  let proxy: FaultProxy;
  return {
    name: 'light-portal',
    get proxy() {
      return proxy;
    },
    createPath: /^\/portal\/command$/,
    hostProps: () => ({
      issuer: fake.origin,
      flavour: 'light-portal',
      adminUrl: proxy.origin,
      settings: { hostId: fake.hostId, providerId: fake.providerId, appId: 'tstapp' },
      credentials: { bearerToken: 'PORTAL_TOKEN' },
    }),
    env: () => ({ PORTAL_TOKEN: fake.adminToken }),
    adapter: (host, http, pageSize) => new LightPortalAdapter({ http, host, bearerToken: () => fake.adminToken, ...(pageSize ? { pageSize } : {}) }),
    clientsNamed: async (name) => fake.activeClients().filter((c) => c.clientName === name).length,
    // §B2: redirectUri is at most 1024 characters (ERR11004 from the schema validator).
    refused: (spec) => ({ spec: { ...spec, grantTypes: ['authorization_code'], redirectUrls: [`https://app.example.com/${'a'.repeat(1100)}`] }, field: 'redirectUrls' }),
    rateLimit: (times) => fake.server.rateLimit(times),
    async start() {
      await fake.start();
      proxy = await startFaultProxy(fake.origin);
    },
    async stop() {
      await proxy?.close();
      await fake.stop();
    },
  };
}

/** Adapters as the handler opens them (credentials from the env the host names). */
export const handlerAdapter = (host: HostSpec, http: HttpClient, env: NodeJS.ProcessEnv): ProviderAdapter => openAdapter(host, http, env, () => undefined);
