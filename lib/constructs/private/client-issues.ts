// The checks of a client that need the construct tree (the spec schema checks everything else):
// scopes from the client's own host, redirect URLs of the kind their factory promised, and one
// key per host across the whole app.
import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { checkRedirectUrl, storeIdentity, type ValidationIssue } from '../../model';
import { Host } from '../host';
import type { OAuthClient, OAuthClientProps } from '../oauth-client';
import { RedirectUrl, toRedirectUrl } from '../redirect-url';
import { Scope } from '../scope';

const LIST_PROPS = ['scopes', 'redirectUrls', 'postLogoutRedirectUrls', 'contacts'] as const;

export function clientIssues(client: OAuthClient, props: OAuthClientProps): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const field of LIST_PROPS) {
    const value: unknown = props[field];
    if (value !== undefined && !Array.isArray(value)) issues.push({ code: 'OAC_PROP_TYPE', field, message: `must be a list, got ${describe(value)}` });
  }
  const scopes: readonly unknown[] = Array.isArray(props.scopes) ? props.scopes : [];
  scopes.forEach((scope, index) => {
    if (!Scope.isScope(scope)) {
      issues.push({ code: 'OAC_SCOPE_TYPE', field: `scopes[${index}]`, message: `must be a Scope declared on the host (HostProps.scopes or host.addScope(name, { description })), got ${describe(scope)}` });
    } else if (scope.host !== client.host) {
      issues.push({ code: 'OAC_SCOPE_HOST', field: `scopes[${index}]`, message: `'${scope.name}' is declared on host '${scope.host.name}' (${scope.node.path}), not on this client's host '${client.host.name}'` });
    }
  });
  for (const field of ['redirectUrls', 'postLogoutRedirectUrls'] as const) {
    const urls: readonly unknown[] = Array.isArray(props[field]) ? props[field] : [];
    urls.forEach((like, index) => {
      if (typeof like !== 'string' && !(like instanceof RedirectUrl)) {
        issues.push({ code: 'OAC_PROP_TYPE', field: `${field}[${index}]`, message: `must be a string or a RedirectUrl, got ${describe(like)}` });
        return;
      }
      const url = toRedirectUrl(like);
      const result = checkRedirectUrl(url.value, client.host.spec.environment);
      if (result.ok && url.intendedKind !== undefined && result.kind !== url.intendedKind) {
        issues.push({ code: 'OAC_REDIRECT_KIND', field: `${field}[${index}]`, message: `declared as a ${url.intendedKind} URL but is a ${result.kind} URL, got '${url.value}'` });
      }
    });
  }
  const index = appIndex(client.node.root);
  const twins = others(index.byHostKey.get(hostKey(client)), client);
  if (twins.length > 0) {
    issues.push({ code: 'OAC_KEY_DUPLICATE', field: 'key', message: `key '${client.key}' is also used on host '${client.host.name}' by ${twins.map((t) => t.node.path).join(', ')}` });
  }
  const sharers = others(index.byExport.get(exportKey(client)), client);
  if (sharers.length > 0) {
    issues.push({ code: 'OAC_EXPORT_DUPLICATE', field: 'secretExport.path', message: `'${client.secret.path}' is also the export path of ${sharers.map((t) => t.node.path).join(', ')} in the same store` });
  }
  // A host outside every stack is validated through its first client in each stack.
  const stack = TerraformStack.of(client);
  if (client.host._clients.find((c) => TerraformStack.of(c) === stack) === client) issues.push(...client.host._issuesOutsideStacks());
  return issues;
}

const describe = (value: unknown): string =>
  typeof value === 'string' ? `the string '${value}'` : value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'function' ? 'a function' : `a ${typeof value}`;

const hostKey = (client: OAuthClient) => `${client.host.name}\u0000${client.key}`;
const exportKey = (client: OAuthClient) => `${storeIdentity(client.secret.store)}\u0000${client.secret.path.toLowerCase()}`;
const others = (group: OAuthClient[] | undefined, client: OAuthClient) => group?.filter((other) => other !== client) ?? [];

interface AppIndex {
  readonly byHostKey: Map<string, OAuthClient[]>;
  readonly byExport: Map<string, OAuthClient[]>;
}

/** Computed once per app at validation time: clients grouped by host and key, and by export. */
const byRoot = new WeakMap<Construct, AppIndex>();

function appIndex(root: Construct): AppIndex {
  let index = byRoot.get(root);
  if (!index) {
    index = { byHostKey: new Map(), byExport: new Map() };
    for (const host of root.node.findAll().filter(Host.isHost)) {
      for (const client of host._clients) {
        index.byHostKey.set(hostKey(client), [...(index.byHostKey.get(hostKey(client)) ?? []), client]);
        index.byExport.set(exportKey(client), [...(index.byExport.get(exportKey(client)) ?? []), client]);
      }
    }
    byRoot.set(root, index);
  }
  return index;
}
