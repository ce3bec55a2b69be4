// From a HostSpec to its adapter, with credentials read from the environment variables the host
// names (or `<NAME>_FILE`, for runners that mount secrets as files; relative to the project root).
import { readEnvOrFile } from '../files/env-file';
import type { HttpClient } from '../http';
import type { HostSpec } from '../model';
import type { ProviderAdapter } from './provider-adapter';
import { HydraAdapter } from './hydra/hydra-adapter';
import { KeycloakAdapter } from './keycloak/keycloak-adapter';
import { LightPortalAdapter } from './light-portal/light-portal-adapter';
import { Rfc7591Adapter } from './rfc7591/rfc7591-adapter';

/** `projectRoot` is where a relative `<NAME>_FILE` points from (the handler's OAUTH_CLIENTS_PROJECT_ROOT). */
export function openAdapter(host: HostSpec, http: HttpClient, env: NodeJS.ProcessEnv, register: (secret: string) => void, projectRoot = process.cwd()): ProviderAdapter {
  const credential = (name: string): string => {
    const value = readCredential(host, name, env, projectRoot);
    register(value);
    return value;
  };
  switch (host.flavour) {
    case 'rfc7591':
      // Lazy: destroy and prune manage clients with their own registration tokens only.
      return new Rfc7591Adapter({ http, host, initialAccessToken: () => credential('initialAccessToken'), redact: register });
    case 'hydra':
      return new HydraAdapter({ http, host, register });
    case 'light-portal':
      return new LightPortalAdapter({ http, host, register, bearerToken: () => credential('bearerToken') });
    case 'keycloak':
      return new KeycloakAdapter({ http, host, register, adminClient: () => ({ clientId: credential('clientId'), clientSecret: credential('clientSecret') }) });
    default:
      throw new Error(`host ${host.name}: the '${host.flavour}' adapter is not available yet`);
  }
}

function readCredential(host: HostSpec, name: string, env: NodeJS.ProcessEnv, projectRoot: string): string {
  const variable = host.credentials[name];
  if (!variable) throw new Error(`host ${host.name}: credentials.${name} names no environment variable`);
  let found;
  try {
    found = readEnvOrFile(env, variable, projectRoot);
  } catch (error) {
    throw new Error(`host ${host.name}: the ${name}: ${(error as Error).message}`);
  }
  if (found) return found.value;
  throw new Error(`host ${host.name}: set ${variable} (or ${variable}_FILE, a path relative to the project root ${projectRoot}) to the ${name}`);
}
