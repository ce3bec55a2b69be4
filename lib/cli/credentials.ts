// `oauth-clients credentials <stack>/<client>`: hands a client's exported credentials to a
// developer or a script that asks for them. The only verb that ever prints a client secret.
import { resolve } from 'node:path';
import { writeFileAtomically } from '../files/atomic-file';
import { Redactor } from '../http';
import { reportFailures } from './private/cli-error';
import { CREDENTIAL_FORMATS, renderCredentials, type CredentialFormat } from './private/credential-formats';
import { readExportedCredentials, resolveDeclaredClient } from './private/declared-client';
import { parseVerbArgs } from './private/verb-args';
import { EXIT } from './verbs';

const USAGE = `usage: oauth-clients credentials <stack>/<client> [--format json|env|oidc] [--output FILE] [--synth]

Prints the credentials exported for a declared client on its first apply, read from its host's
store. json and env include the client secret of a confidential client: print them only where
you mean to.

  <stack>/<client>   the stack and the client's construct path (tstapp-dev/tstapp-service) or key
  --format json      the export as stored: client_id, client_secret (confidential clients only),
                     issuer, token_endpoint (default)
  --format env       OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET, OAUTH_ISSUER, OAUTH_TOKEN_ENDPOINT lines
                     that sh ('set -a; . FILE') and dotenv both read
  --format oidc      the five settings an OpenID Connect library signs users in with (no secret):
                     metadataUrl, authority, client_id, scope, redirect_uri
  --output FILE      write to FILE instead of stdout (mode 0600, replaced atomically)
  --synth            synthesize the app instead of reading the last synthesized cdktf.out
  -h, --help         show this help
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseVerbArgs('credentials', args, { format: { type: 'string' }, output: { type: 'string' }, synth: { type: 'boolean' } }, USAGE);
  if (typeof parsed === 'number') return parsed;
  const format = (parsed.values.format ?? 'json') as CredentialFormat;
  if (!CREDENTIAL_FORMATS.includes(format)) {
    process.stderr.write(`oauth-clients credentials: --format must be one of ${CREDENTIAL_FORMATS.join(', ')}, got '${format}'\n\n${USAGE}`);
    return EXIT.usage;
  }
  const redactor = new Redactor();
  return reportFailures('credentials', redactor, async () => {
    const client = await resolveDeclaredClient(parsed.positionals[0], { cwd: process.cwd(), synth: parsed.values.synth, log: (line) => process.stderr.write(`${line}\n`) });
    const { credentials } = await readExportedCredentials(client, process.env);
    // Errors from here on must not carry the secret: the output is the only place it goes.
    if (credentials.client_secret) redactor.add(credentials.client_secret);
    const { text, notes } = renderCredentials(format, credentials, client.spec);
    for (const note of notes) process.stderr.write(`note: ${note}\n`);
    const output = parsed.values.output;
    if (output === undefined) {
      process.stdout.write(text);
      return EXIT.ok;
    }
    const file = resolve(process.cwd(), output);
    await writeFileAtomically(file, text, 'replace');
    process.stderr.write(`wrote the ${format} credentials of ${client.ref} to ${file} (mode 0600)\n`);
    return EXIT.ok;
  });
}
