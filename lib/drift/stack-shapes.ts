// How each synthesized stack deploys its clients (provider or provisioner mode) and where its
// reconciler is: what the fix commands depend on. Read from the same cdk.tf.json as the clients.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackShape } from './fix-commands';

/** The reconciler's construct id (lib/constructs/reconciler.ts). */
const RECONCILER_ID = 'OAuthClientsReconciler';

export function readStackShapes(outDir: string): Map<string, StackShape> {
  const shapes = new Map<string, StackShape>();
  const stacksDir = join(outDir, 'stacks');
  for (const name of existsSync(stacksDir) ? readdirSync(stacksDir).sort() : []) {
    const file = join(stacksDir, name, 'cdk.tf.json');
    if (!existsSync(file)) continue;
    const resources = ((JSON.parse(readFileSync(file, 'utf8')) as { resource?: Record<string, Record<string, { '//'?: { metadata?: { path?: string } } }>> }).resource ?? {});
    const reconciler = Object.entries(resources.terraform_data ?? {}).find(([, body]) => (body['//']?.metadata?.path ?? '').split('/').includes(RECONCILER_ID))?.[0];
    shapes.set(name, {
      name,
      mode: resources.oauthclients_client ? 'provider' : 'provisioner',
      ...(reconciler ? { reconciler: `terraform_data.${reconciler}` } : {}),
    });
  }
  return shapes;
}
