// The provider executable's entry (bundled alone: dist/terraform-provider-oauthclients.cjs),
// started by Terraform through the launcher in the stack's plugin mirror, ~4 times per apply:
// everything heavy loads only once an RPC needs it.
import * as grpc from '@grpc/grpc-js';
import { checkEnvironment, HandshakeError, listen } from './private/handshake';
import { brokerService, controllerService, stdioService } from './private/go-plugin-services';
import { pluginServices } from './private/grpc-definitions';
import { exitWhenParentDies } from './private/parent-watch';
import { providerService } from './provider-service';
import { ProviderRuntime } from './provider-runtime';

async function main(): Promise<void> {
  const { clientCertificate } = checkEnvironment(process.env);
  const services = pluginServices();
  const runtime = new ProviderRuntime(process.env, (line) => process.stderr.write(`${line}\n`));
  const server = new grpc.Server();
  const exit = (code: number) => {
    server.forceShutdown();
    void runtime.close().finally(() => process.exit(code));
    setTimeout(() => process.exit(code), 1000).unref();
  };
  server.addService(services.provider, providerService(runtime));
  server.addService(services.controller, controllerService(() => setImmediate(() => exit(0))));
  server.addService(services.broker, brokerService());
  server.addService(services.stdio, stdioService());
  const line = await listen(server, clientCertificate);
  process.stdout.write(line);
  exitWhenParentDies(() => exit(1));
}

main().catch((failure: unknown) => {
  process.stderr.write(`${failure instanceof HandshakeError ? '' : 'oauth-clients provider: '}${failure instanceof Error ? failure.message : String(failure)}\n`);
  process.exit(1);
});
