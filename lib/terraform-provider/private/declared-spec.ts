// The spec a stack directory's configuration declares for one client, for import: Terraform hands
// ImportResourceState only the id the person typed, never the configuration, so we read the
// synthesized `cdk.tf.json` of the working directory Terraform runs in (the stack directory), as
// Terraform will, with template escapes undone (lib/model/terraform-template.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mapStrings, readTemplate } from '../../model';

export interface DeclaredSpecs {
  readonly file: string;
  /** `<host name>/<key>` → the raw spec, as Terraform will evaluate it. */
  readonly byId: ReadonlyMap<string, Record<string, unknown>>;
}

export function declaredSpecs(directory: string): DeclaredSpecs {
  const byId = new Map<string, Record<string, unknown>>();
  const files = fs.readdirSync(directory).filter((name) => name.endsWith('.tf.json')).sort();
  for (const name of files) {
    const json = JSON.parse(fs.readFileSync(path.join(directory, name), 'utf8')) as { resource?: Record<string, Record<string, { spec?: unknown }>> };
    for (const body of Object.values(json.resource?.oauthclients_client ?? {})) {
      const spec = mapStrings(body.spec, (text) => {
        const reading = readTemplate(text);
        return reading.literal ? reading.value : text;
      }) as Record<string, unknown> | undefined;
      const host = spec?.host as { name?: unknown } | undefined;
      if (spec && typeof host?.name === 'string' && typeof spec.key === 'string') byId.set(`${host.name}/${spec.key}`, spec);
    }
  }
  return { file: files.map((f) => path.join(directory, f)).join(', ') || path.join(directory, '*.tf.json'), byId };
}
