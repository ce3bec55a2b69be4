// `oauth-clients handle apply|destroy|prune`: what Terraform's provisioners run, one process per
// client. Reads the protocol from the environment (docs/design.md §3), re-validates the spec with the same
// schema as synth, exits 0 only on success, prints one line per client and never a secret.
import * as path from 'node:path';
import { applyClient, destroyClient, pruneStack } from '../backend';
import { describeError } from '../http';
import { decodeFlatSpec, HANDLER_ACTIONS, parseClientSpec, PROTOCOL_ENV, PruneSpecSchema, SPEC_VERSION, type ClientSpec, type HandlerAction } from '../model';
import { handlerRuntime } from './private/handler-runtime';
import { EXIT } from './verbs';

const USAGE = `usage: oauth-clients handle apply|destroy|prune

Run by the provisioners the OAuthClient construct synthesizes; reads its input from
${PROTOCOL_ENV.spec}, ${PROTOCOL_ENV.instance} (apply, destroy) or ${PROTOCOL_ENV.prune} (prune),
and ${PROTOCOL_ENV.projectRoot}. Set OAUTH_CLIENTS_DEBUG=1 for one redacted line per HTTP call,
OAUTH_CLIENTS_CA_FILE to a PEM file to trust a private CA (TLS is always verified).
`;

export async function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const action = args[0] as HandlerAction;
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  if (!HANDLER_ACTIONS.includes(action) || args.length !== 1) {
    process.stderr.write(`oauth-clients handle: expected apply, destroy or prune\n${USAGE}`);
    return EXIT.usage;
  }
  const started = Date.now();
  const say = (line: string) => process.stderr.write(`oauth-clients ${action} ${line}\n`);
  const runtime = handlerRuntime(path.resolve(env[PROTOCOL_ENV.projectRoot] ?? '.'), env, (line) => say(runtime.redactor.redact(line)));
  let subject = env[PROTOCOL_ENV.prune] ? 'stack' : 'client';
  try {
    if (action === 'prune') {
      const prune = PruneSpecSchema.parse(JSON.parse(required(env, PROTOCOL_ENV.prune)));
      subject = `stack ${prune.stack}`;
      const results = await pruneStack(runtime, prune);
      for (const r of results) say(`${r.key}: ${r.action} client_id=${r.clientId}`);
      say(`${subject}: ${results.length} undeclared client(s) pruned (${Date.now() - started} ms)`);
      return EXIT.ok;
    }
    const spec = decodeSpec(env, (named) => (subject = named));
    const instance = required(env, PROTOCOL_ENV.instance);
    const ctx = await runtime.contextFor(spec.host);
    if (action === 'apply') {
      const outcome = await applyClient(ctx, spec, instance);
      for (const warning of outcome.warnings) say(`${subject}: warning: ${warning}`);
      say(`${subject}: ${outcome.action} client_id=${outcome.clientId} (${Date.now() - started} ms)`);
    } else {
      const outcome = await destroyClient(ctx, spec, instance);
      say(`${subject}: ${outcome.action}${outcome.clientId ? ` client_id=${outcome.clientId}` : ''} (${Date.now() - started} ms)`);
    }
    return EXIT.ok;
  } catch (error) {
    say(`${subject}: failed: ${describeError(error, runtime.redactor)}`);
    if (env.OAUTH_CLIENTS_DEBUG && error instanceof Error && error.stack) say(runtime.redactor.redact(error.stack));
    return EXIT.failure;
  } finally {
    await runtime.close();
  }
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set: this command is run by the provisioners of an OAuthClient resource`);
  return value;
}

/** `name` receives `<host>/<key>` as soon as the raw spec has them, so even a refusal names the client. */
function decodeSpec(env: NodeJS.ProcessEnv, name: (subject: string) => void): ClientSpec {
  const raw = JSON.parse(required(env, PROTOCOL_ENV.spec)) as Record<string, unknown>;
  const decoded = env[PROTOCOL_ENV.specEncoding] === 'flat' ? decodeFlatSpec(raw) : raw;
  const host = (decoded.host ?? {}) as { name?: unknown };
  if (typeof host.name === 'string' && typeof decoded.key === 'string') name(`${host.name}/${decoded.key}`);
  if (decoded.specVersion !== SPEC_VERSION) {
    throw new Error(`spec version ${String(decoded.specVersion)} is not understood by this handler (knows ${SPEC_VERSION}): synthesize and deploy with the same oauth-clients version`);
  }
  return parseClientSpec(decoded, `${String(decoded.key ?? 'client')}: the spec Terraform passed is invalid`);
}
