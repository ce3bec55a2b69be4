// The risk flags a reviewer reads first: each rule, its severity and its reason in one place.
// The README's severity table describes these rules: change both together.
import { checkRedirectUrl, type ClientSpec } from '../model';
import type { ClientPair } from './compare-clients';
import type { Flag, FlagCode, Severity } from './report-schema';
import { writeLikeWord } from './scope-words';

export function riskFlags(pairs: readonly ClientPair[]): Flag[] {
  return pairs.flatMap((pair) => flagsOfPair(pair.before?.spec, pair.after?.spec, pair.renamedTo)).sort(bySeverityThenPlace);
}

/** The flags of one client: added (no before), removed (no after) or changed. */
export function flagsOfPair(before: ClientSpec | undefined, after: ClientSpec | undefined, renamedTo?: string): Flag[] {
  const subjectSpec = (after ?? before)!;
  const flags: Flag[] = [];
  const flag = (severity: Severity, code: FlagCode, reason: string, subject?: string) =>
    flags.push({ severity, code, host: subjectSpec.host.name, client: subjectSpec.key, reason, ...(subject === undefined ? {} : { subject }) });

  if (!after) {
    if (before?.host.environment === 'production') removedFromProduction(before, renamedTo, flag);
    return flags;
  }
  const production = after.host.environment === 'production';
  // What the client already had on this kind of host: a host that just became production puts
  // every scope and URL of its clients there for the first time.
  const had = before && (before.host.environment === 'production' || !production) ? before : undefined;
  const isNew = (value: string, was: readonly string[] | undefined) => !(was ?? []).includes(value);

  for (const scope of after.scopes.filter((s) => isNew(s, had?.scopes))) {
    const word = writeLikeWord(scope);
    const suggests = `a scope whose name suggests write, admin or delete access ('${word}')`;
    if (before && production) {
      if (word) flag('high', 'scope-widened-production', `an existing production client gains ${suggests}`, scope);
      else flag('medium', 'scope-widened-production', 'an existing production client gains a scope', scope);
    } else if (word) {
      flag(production ? 'high' : 'medium', 'write-scope-added', before ? `the client gains ${suggests}` : `a new client asks for ${suggests}`, scope);
    }
  }

  const clientCredentials = after.grantTypes.includes('client_credentials');
  if (clientCredentials && !before) flag('medium', 'client-credentials-client', 'a new client-credentials client: a service that gets tokens as itself, with no user involved');
  else if (clientCredentials && !before?.grantTypes.includes('client_credentials')) {
    flag('medium', 'client-credentials-client', 'the client gains the client-credentials grant: it can now get tokens as itself, with no user involved');
  }

  if (production) {
    const hadUrls = had && [...had.redirectUrls, ...had.postLogoutRedirectUrls];
    for (const url of [...after.redirectUrls, ...after.postLogoutRedirectUrls].filter((u) => isNew(u, hadUrls))) {
      const weakness = redirectWeakness(url);
      if (weakness) flag('high', 'insecure-redirect-production', weakness, url);
    }
  }

  const authorizationCode = after.grantTypes.includes('authorization_code');
  if (authorizationCode && !after.requirePkce && (!before || before.requirePkce || !before.grantTypes.includes('authorization_code'))) {
    flag('high', 'pkce-disabled', `${before ? 'PKCE switched off' : 'a new client without PKCE'}: an intercepted authorization code can be redeemed (RFC 9700 §2.1.1)`);
  }

  if (before && before.publicClient !== after.publicClient) {
    const change = `${before.tokenEndpointAuthMethod} → ${after.tokenEndpointAuthMethod}`;
    if (after.publicClient) flag('high', 'public-confidential-switch', 'a confidential client becomes public: its token requests no longer need a secret', change);
    else flag('high', 'public-confidential-switch', 'a public client becomes confidential: it now needs a secret, which clients already deployed do not have', change);
  }

  if (before && before.secretExport.path !== after.secretExport.path) {
    flag('medium', 'export-path-changed', 'the secret export path changes: secrets are exported on first apply only, so the new path stays empty and readers of the old one keep the old value', `${before.secretExport.path} → ${after.secretExport.path}`);
  }
  return flags;
}

function removedFromProduction(before: ClientSpec, renamedTo: string | undefined, flag: (severity: Severity, code: FlagCode, reason: string, subject?: string) => void): void {
  const rename = renamedTo === undefined ? '' : "; it looks renamed: declare the old key to keep the client and its secret";
  if (before.removalPolicy === 'destroy') {
    flag('high', 'production-client-removed', `removed from a production host: the client is deleted at the provider and its exported secret is deleted${rename}`, renamedTo === undefined ? undefined : `${before.key} → ${renamedTo}`);
  } else {
    flag('medium', 'production-client-removed', `removed from a production host with removal policy retain: the client keeps working at the provider, no longer managed${rename}`, renamedTo === undefined ? undefined : `${before.key} → ${renamedTo}`);
  }
}

/** Why a redirect URL should not reach a production host, or undefined for https to a real host. */
function redirectWeakness(value: string): string | undefined {
  // Classified by the model's own URL rules, as a development host would accept it.
  const check = checkRedirectUrl(value, 'development');
  if (check.ok && check.kind === 'https') return undefined;
  if (check.ok && check.kind === 'loopback') return 'a loopback redirect on a production host: any local process listening on that port receives the authorization code';
  if (check.ok) return 'a non-https redirect on a production host: another app can claim a private-use scheme and receive the code (RFC 8252 §8.1)';
  if (/^http:/i.test(value)) return 'a plain-http redirect on a production host: the authorization code travels unencrypted';
  return `a redirect URL that breaks the URL rules (${check.rule}) on a production host`;
}

const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1 };

function bySeverityThenPlace(a: Flag, b: Flag): number {
  const keys = (f: Flag) => [String(SEVERITY_ORDER[f.severity]), f.host, f.client, f.code, f.subject ?? ''];
  const [ka, kb] = [keys(a), keys(b)];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  return 0;
}
