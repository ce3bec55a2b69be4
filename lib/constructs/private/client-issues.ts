// The checks of a client that need the construct tree (the spec schema checks everything else):
// scopes from the client's own host, redirect URLs of the kind their factory promised, and one
// key per host across the whole app.
import type { Construct } from 'constructs';
import { checkRedirectUrl, type ValidationIssue } from '../../model';
import { Host } from '../host';
import type { OAuthClient, OAuthClientProps } from '../oauth-client';
import { toRedirectUrl } from '../redirect-url';

export function clientIssues(client: OAuthClient, props: OAuthClientProps): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  (props.scopes ?? []).forEach((scope, index) => {
    if (scope.host !== client.host) {
      issues.push({ code: 'OAC_SCOPE_HOST', field: `scopes[${index}]`, message: `'${scope.name}' is declared on host '${scope.host.name}' (${scope.node.path}), not on this client's host '${client.host.name}'` });
    }
  });
  for (const field of ['redirectUrls', 'postLogoutRedirectUrls'] as const) {
    (props[field] ?? []).forEach((like, index) => {
      const url = toRedirectUrl(like);
      const result = checkRedirectUrl(url.value, client.host.spec.environment);
      if (result.ok && url.intendedKind !== undefined && result.kind !== url.intendedKind) {
        issues.push({ code: 'OAC_REDIRECT_KIND', field: `${field}[${index}]`, message: `declared as a ${url.intendedKind} URL but is a ${result.kind} URL, got '${url.value}'` });
      }
    });
  }
  const twins = clientsByHostKey(client.node.root).get(hostKey(client))?.filter((other) => other !== client) ?? [];
  if (twins.length > 0) {
    issues.push({ code: 'OAC_KEY_DUPLICATE', field: 'key', message: `key '${client.key}' is also used on host '${client.host.name}' by ${twins.map((t) => t.node.path).join(', ')}` });
  }
  return issues;
}

const hostKey = (client: OAuthClient) => `${client.host.name}\u0000${client.key}`;

/** Computed once per app at validation time: clients grouped by host name and key. */
const byRoot = new WeakMap<Construct, Map<string, OAuthClient[]>>();

function clientsByHostKey(root: Construct): Map<string, OAuthClient[]> {
  let index = byRoot.get(root);
  if (!index) {
    index = new Map();
    for (const host of root.node.findAll().filter(Host.isHost)) {
      for (const client of host._clients) index.set(hostKey(client), [...(index.get(hostKey(client)) ?? []), client]);
    }
    byRoot.set(root, index);
  }
  return index;
}
