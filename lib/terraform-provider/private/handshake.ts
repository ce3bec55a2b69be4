// go-plugin's handshake (hashicorp/go-plugin server.go, client.go): refuse to run unless Terraform
// started us (magic cookie), serve gRPC with mutual TLS on a loopback port, and print the one line
// Terraform reads: `1|6|tcp|127.0.0.1:<port>|grpc|<server certificate, DER, base64 without padding>`.
import * as grpc from '@grpc/grpc-js';
import { serverCertificate } from './server-certificate';

/** Terraform's handshake config (terraform/internal/plugin6/serve.go): the same value for every provider. */
export const MAGIC_COOKIE = { key: 'TF_PLUGIN_MAGIC_COOKIE', value: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2' };
const CORE_PROTOCOL_VERSION = 1;
export const PLUGIN_PROTOCOL_VERSION = 6;

export class HandshakeError extends Error {}

/** Checks what Terraform passes in the environment; a person running the launcher gets told what it is. */
export function checkEnvironment(env: NodeJS.ProcessEnv): { clientCertificate: string } {
  if (env[MAGIC_COOKIE.key] !== MAGIC_COOKIE.value) {
    throw new HandshakeError('This is the Terraform provider of oauth-clients-as-code. Terraform starts it: run `cdktf deploy` or `terraform plan|apply` in the stack directory.');
  }
  const versions = (env.PLUGIN_PROTOCOL_VERSIONS ?? String(PLUGIN_PROTOCOL_VERSION)).split(',').map((v) => v.trim());
  if (!versions.includes(String(PLUGIN_PROTOCOL_VERSION))) {
    throw new HandshakeError(`this provider speaks plugin protocol ${PLUGIN_PROTOCOL_VERSION}; this Terraform offers ${versions.join(', ')} (Terraform >= 1.0 is needed)`);
  }
  const clientCertificate = env.PLUGIN_CLIENT_CERT;
  if (!clientCertificate) throw new HandshakeError('PLUGIN_CLIENT_CERT is not set: Terraform always sends its client certificate (mutual TLS is required)');
  return { clientCertificate };
}

/** Binds the server with mutual TLS and returns the handshake line. */
export async function listen(server: grpc.Server, clientCertificate: string): Promise<string> {
  const certificate = serverCertificate();
  const credentials = grpc.ServerCredentials.createSsl(
    Buffer.from(clientCertificate),
    [{ private_key: Buffer.from(certificate.privateKeyPem), cert_chain: Buffer.from(certificate.certificatePem) }],
    true,
  );
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', credentials, (error, bound) => (error ? reject(error) : resolve(bound))));
  return `${CORE_PROTOCOL_VERSION}|${PLUGIN_PROTOCOL_VERSION}|tcp|127.0.0.1:${port}|grpc|${certificate.handshakeField}\n`;
}
