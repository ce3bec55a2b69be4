// `oauth-clients handle apply|destroy|prune`: what Terraform's provisioners run, one process per
// client. Reads the protocol from the environment (DESIGN §3), re-validates the spec with the same
// schema as synth, exits 0 only on success, prints one line per client and never a secret.
import * as path from 'node:path';
import { applyClient, destroyClient, forgetWitness, pruneStack, recordWitness, type StackWitness } from '../backend';
import { describeError } from '../http';
import { decodeFlatSpec, HANDLER_ACTIONS, parseClientSpec, PROTOCOL_ENV, PruneSpecSchema, SPEC_VERSION, WitnessSpecSchema, type ClientSpec, type HandlerAction } from '../model';
import { handlerRuntime } from './private/handler-runtime';
import { EXIT } from './verbs';

const USAGE = `usage: oauth-clients handle apply|destroy|prune|witness|unwitness

Run by the provisioners the OAuthClient construct synthesizes; reads its input from
${PROTOCOL_ENV.spec}, ${PROTOCOL_ENV.instance} (apply, destroy), ${PROTOCOL_ENV.prune} (prune) or
${PROTOCOL_ENV.witnessSpec} (witness, unwitness), ${PROTOCOL_ENV.witness} and ${PROTOCOL_ENV.projectRoot}. Set OAUTH_CLIENTS_DEBUG=1 for one redacted line per HTTP call,
OAUTH_CLIENTS_CA_FILE to a PEM file to trust a private CA (TLS is always verified).
`;

export async function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const action = args[0] as HandlerAction;
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  if (!HANDLER_ACTIONS.includes(action) || args.length !== 1) {
    process.stderr.write(`oauth-clients handle: expected apply, destroy, prune, witness or unwitness\n${USAGE}`);
    return EXIT.usage;
  }
  const started = Date.now();
  const say = (line: string) => process.stderr.write(`oauth-clients ${action} ${line}\n`);
  const runtime = handlerRuntime(path.resolve(env[PROTOCOL_ENV.projectRoot] ?? '.'), env, (line) => say(runtime.redactor.redact(line)));
  let subject = env[PROTOCOL_ENV.prune] ? 'stack' : 'client';
  try {
    if (action === 'witness' || action === 'unwitness') {
      const witness = WitnessSpecSchema.parse(JSON.parse(required(env, PROTOCOL_ENV.witnessSpec)));
      subject = `stack ${witness.stack}`;
      const id = required(env, PROTOCOL_ENV.witness);
      for (const store of witness.stores) {
        const opened = await runtime.openStore(store);
        if (action === 'witness') await recordWitness(opened, { stack: witness.stack, id }, new Date());
        else await forgetWitness(opened, { stack: witness.stack, id });
      }
      say(`${subject}: witness ${id} ${action === 'witness' ? 'recorded in' : 'removed from'} ${witness.stores.length} ledger store(s) (${Date.now() - started} ms)`);
      return EXIT.ok;
    }
    if (action === 'prune') {
      const prune = PruneSpecSchema.parse(JSON.parse(required(env, PROTOCOL_ENV.prune)));
      subject = `stack ${prune.stack}`;
      const results = await pruneStack(runtime, prune, stackWitness(env, prune.stack));
      for (const r of results) say(`${r.key}: ${r.action} client_id=${r.clientId}`);
      say(`${subject}: ${results.length} undeclared client(s) pruned (${Date.now() - started} ms)`);
      return EXIT.ok;
    }
    const spec = decodeSpec(env, (named) => (subject = named));
    const instance = required(env, PROTOCOL_ENV.instance);
    const ctx = await runtime.contextFor(spec.host);
    if (action === 'apply') {
      const outcome = await applyClient(ctx, spec, instance, { witness: stackWitness(env, spec.stack) });
      for (const warning of outcome.warnings) say(`${subject}: warning: ${warning}`);
      say(`${subject}: ${outcome.action} client_id=${outcome.clientId} (${Date.now() - started} ms)`);
    } else {
      const witness = stackWitness(env, spec.stack);
      const outcome = await destroyClient(ctx, spec, instance, witness ? { witness } : {});
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

/** The stack's witness from Terraform's state, when the synthesized stack passes one. */
function stackWitness(env: NodeJS.ProcessEnv, stack: string): StackWitness | undefined {
  const id = env[PROTOCOL_ENV.witness];
  return id ? { stack, id } : undefined;
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
