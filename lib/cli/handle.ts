// `oauth-clients handle apply|destroy|prune`: what Terraform's provisioners run, one process per
// client. Reads the protocol from the environment (docs/design.md §3), re-validates the spec with the same
// schema as synth, exits 0 only on success, prints one line per client and never a secret.
import * as path from 'node:path';
import { applyClient, destroyClient, forgetWitness, pruneStack, recordWitness, type StackWitness } from '../backend';
import { describeError, printable } from '../http';
import { decodeFlatSpec, HANDLER_ACTIONS, issuesFromZod, parseClientSpec, PROTOCOL_ENV, PruneSpecSchema, SPEC_VERSION, ValidationError, WitnessSpecSchema, type ClientSpec, type HandlerAction } from '../model';
import { handlerRuntime } from '../backend/handler-runtime';
import { EXIT } from './verbs';

const USAGE = `usage: oauth-clients handle apply|destroy|prune|witness|unwitness

Run by the provisioners the OAuthClient construct synthesizes; reads its input from
${PROTOCOL_ENV.spec}, ${PROTOCOL_ENV.instance} (apply, destroy), ${PROTOCOL_ENV.prune} (prune) or
${PROTOCOL_ENV.witnessSpec} (witness, unwitness), ${PROTOCOL_ENV.witness} and ${PROTOCOL_ENV.projectRoot}. Set OAUTH_CLIENTS_DEBUG=1 for one redacted line per HTTP call,
OAUTH_CLIENTS_CA_FILE to a PEM file to trust a private CA (TLS is always verified).

Exit status: 0 done; 65 the spec (or prune declaration) is invalid, nothing was sent; 1 the
provider, the network or the store failed; 64 usage.
`;

/** The protocol input is unusable: missing, not JSON, of another spec version. Exit 65 like a rule failure. */
class SpecInputError extends Error {}

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
      const parsed = PruneSpecSchema.safeParse(parseJson(required(env, PROTOCOL_ENV.prune), PROTOCOL_ENV.prune));
      if (!parsed.success) throw new ValidationError('the prune declaration Terraform passed is invalid', issuesFromZod(parsed.error));
      const prune = parsed.data;
      subject = `stack ${prune.stack}`;
      const results = await pruneStack(runtime, prune, stackWitness(env, prune.stack));
      for (const r of results) say(`${r.key}: ${r.action} client_id=${printable(r.clientId, 255)}`);
      say(`${subject}: ${results.length} undeclared client(s) pruned (${Date.now() - started} ms)`);
      return EXIT.ok;
    }
    const spec = decodeSpec(env, (named) => (subject = named));
    const instance = required(env, PROTOCOL_ENV.instance);
    const ctx = await runtime.contextFor(spec.host);
    if (action === 'apply') {
      if (spec.host.scopes === undefined) say(`${subject}: warning: the spec lists no scopes of host '${spec.host.name}' (synthesized by an older version): its scopes are not checked against the host's; synthesize again`);
      const outcome = await applyClient(ctx, spec, instance, { witness: stackWitness(env, spec.stack) });
      for (const warning of outcome.warnings) say(`${subject}: warning: ${printable(warning, 2000)}`);
      say(`${subject}: ${outcome.action} client_id=${printable(outcome.clientId, 255)} (${Date.now() - started} ms)`);
    } else {
      const witness = stackWitness(env, spec.stack);
      const outcome = await destroyClient(ctx, spec, instance, witness ? { witness } : {});
      say(`${subject}: ${outcome.action}${outcome.clientId ? ` client_id=${printable(outcome.clientId, 255)}` : ''} (${Date.now() - started} ms)`);
    }
    return EXIT.ok;
  } catch (error) {
    // Validation (C8: 65) and everything else (1) differ in what to do next: fix the declaration, or retry/fix the environment.
    const invalid = error instanceof ValidationError || error instanceof SpecInputError;
    const status = invalid ? EXIT.dataError : EXIT.failure;
    const kind = invalid ? 'the spec is invalid, nothing was sent' : 'provider, transport or store failure';
    // Provider text may be anywhere in the chain: no control or escape sequence reaches the terminal.
    say(`${subject}: failed: [exit ${status}: ${kind}] ${printable(describeError(error, runtime.redactor), 1000)}`);
    if (env.OAUTH_CLIENTS_DEBUG && error instanceof Error && error.stack) for (const line of runtime.redactor.redact(error.stack).split('\n').slice(0, 50)) say(printable(line, 500));
    return status;
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
  if (!value) throw new SpecInputError(`${name} is not set: this command is run by the provisioners of an OAuthClient resource`);
  return value;
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SpecInputError(`${name} is not JSON`);
  }
}

/** `name` receives `<host>/<key>` as soon as the raw spec has them, so even a refusal names the client. */
function decodeSpec(env: NodeJS.ProcessEnv, name: (subject: string) => void): ClientSpec {
  const raw = parseJson(required(env, PROTOCOL_ENV.spec), PROTOCOL_ENV.spec) as Record<string, unknown>;
  const decoded = env[PROTOCOL_ENV.specEncoding] === 'flat' ? decodeFlatSpec(raw) : raw;
  const host = (decoded.host ?? {}) as { name?: unknown };
  if (typeof host.name === 'string' && typeof decoded.key === 'string') name(`${host.name}/${decoded.key}`);
  if (decoded.specVersion !== SPEC_VERSION) {
    throw new SpecInputError(`spec version ${printable(String(decoded.specVersion), 40)} is not understood by this handler (knows ${SPEC_VERSION}): synthesize and deploy with the same oauth-clients version`);
  }
  return parseClientSpec(decoded, `${String(decoded.key ?? 'client')}: the spec Terraform passed is invalid`);
}
