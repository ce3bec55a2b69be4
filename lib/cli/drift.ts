// `oauth-clients drift`: the declared clients against their ledger and the provider, after a
// deploy. The work lives in lib/drift; this file gives it the handler's stores and adapters.
import { runDrift } from '../drift/run-drift';
import { handlerRuntime } from '../backend/handler-runtime';

export async function run(args: string[]): Promise<number> {
  return runDrift(args, {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    runtime: (projectRoot) => {
      const runtime = handlerRuntime(projectRoot, process.env, (line) => process.stderr.write(`oauth-clients drift: ${runtime.redactor.redact(line)}\n`));
      return {
        openStore: runtime.openStore,
        contextFor: runtime.contextFor,
        redact: (text) => runtime.redactor.redact(text),
        close: runtime.close,
      };
    },
  });
}
