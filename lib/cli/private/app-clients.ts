// The OAuth clients the project's cdktf app declares, read from a synthesis into a temporary
// directory (the audit's way: the app command of cdktf.json, never the user's own cdktf.out).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_FILE, findProjectDirectory } from '../../audit/cdktf-project';
import { readDeclaredClients, type DeclaredClient } from '../../audit/declared-clients';
import { synthesizeApp } from '../../audit/synthesize-app';
import { UsageError } from '../verbs';

/** The nearest directory at or above `cwd` holding cdktf.json: relative paths resolve against it. */
export function projectRootOf(cwd: string): string {
  const root = findProjectDirectory(cwd);
  if (!root) throw new UsageError(`no ${CONFIG_FILE} in ${cwd} or above: run this in your cdktf project`);
  return root;
}

export async function declaredClients(projectRoot: string): Promise<DeclaredClient[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'oauth-clients-app-'));
  try {
    const out = join(scratch, 'cdktf.out');
    await synthesizeApp(projectRoot, out, { label: 'the app' });
    return [...readDeclaredClients(out, { rules: false }).values()];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A loopback issuer (`http://127.0.0.1:PORT`, `http://localhost:PORT`): the development provider's kind. */
export function loopbackPort(issuer: string): number | undefined {
  const url = URL.parse(issuer);
  if (!url || url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return undefined;
  return Number(url.port || 80);
}

/** The scopes the app's clients of a development provider on `port` use (sorted, distinct). */
export function scopesOnPort(clients: readonly DeclaredClient[], port: number): string[] {
  const scopes = clients.filter((c) => port === 0 || loopbackPort(c.spec.host.issuer) === port).flatMap((c) => c.spec.scopes);
  return [...new Set(scopes)].sort();
}
