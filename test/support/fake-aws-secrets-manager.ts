// A FAKE AWS Secrets Manager on 127.0.0.1 (AWS cannot be reached from here), speaking the service's
// JSON API as the AWS SDK for JavaScript v3 calls it. Built only from the published reference, each
// behaviour citing its source:
//   [proto]  AWS JSON 1.1 protocol (Smithy awsJson1_1, as @aws-sdk/core's AwsJson1_1Protocol speaks it):
//            POST /, `X-Amz-Target: secretsmanager.<Operation>`, `application/x-amz-json-1.1` bodies,
//            errors as HTTP 400 with `{"__type": "<Code>", "message": ...}` and `x-amzn-errortype`
//   [create] API Reference, CreateSecret: ResourceExistsException when the name is taken; a name
//            scheduled for deletion is InvalidRequestException; ClientRequestToken makes a retry idempotent
//   [get]    GetSecretValue: ResourceNotFoundException; InvalidRequestException for a secret marked for deletion
//   [put]    PutSecretValue: a new version with AWSCURRENT; ResourceNotFoundException when there is no secret
//   [delete] DeleteSecret: RecoveryWindowInDays (7-30, default 30) xor ForceDeleteWithoutRecovery
//            (both: InvalidParameterException); ResourceNotFoundException when absent
//   [list]   ListSecrets: Filters `name` match the start of the name, case-insensitively; MaxResults and
//            NextToken paginate; secrets scheduled for deletion only with IncludePlannedDeletion
// Requests must be SigV4-signed (an `Authorization: AWS4-HMAC-SHA256 Credential=<access key id>/...`
// header): the fake checks the access key id and that the header is there, not the signature.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

interface Secret {
  readonly name: string;
  value: string;
  readonly tokens: Map<string, string>;
  deletedAt?: number;
}

export interface FakeSecretsManager {
  readonly endpoint: string;
  /** Every request: target and the secret name or filter it named (never a SecretString). */
  readonly requests: string[];
  /** The SecretString of a live secret. */
  read(name: string): string | undefined;
  /** Names of live secrets, and of those scheduled for deletion (with `(deleted)`). */
  names(): string[];
  close(): Promise<void>;
}

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startFakeSecretsManager(options: { readonly accessKeyId: string; readonly pageSize?: number }): Promise<FakeSecretsManager> {
  const secrets = new Map<string, Secret>();
  const requests: string[] = [];
  const pageSize = options.pageSize ?? 100;
  const arn = (name: string) => `arn:aws:secretsmanager:eu-central-1:123456789012:secret:${name}-AbCdEf`;
  let versions = 0;

  const find = (id: unknown): Secret => {
    const secret = typeof id === 'string' ? secrets.get(id) : undefined;
    if (!secret) throw new ServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return secret;
  };
  const usable = (secret: Secret): Secret => {
    if (secret.deletedAt !== undefined) throw new ServiceError('InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion.");
    return secret;
  };

  const operations: Record<string, (input: Record<string, unknown>) => unknown> = {
    CreateSecret: (input) => {
      const name = String(input.Name);
      const token = String(input.ClientRequestToken ?? '');
      const existing = secrets.get(name);
      if (existing?.deletedAt !== undefined) throw new ServiceError('InvalidRequestException', "You can't create this secret because a secret with this name is already scheduled for deletion.");
      // [create] a retry with the same ClientRequestToken and value is ignored (idempotent)
      if (existing && token !== '' && existing.tokens.get(token) === input.SecretString) return { ARN: arn(name), Name: name, VersionId: token };
      if (existing) throw new ServiceError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
      const versionId = token || `v${++versions}`;
      secrets.set(name, { name, value: String(input.SecretString), tokens: new Map([[versionId, String(input.SecretString)]]) });
      return { ARN: arn(name), Name: name, VersionId: versionId };
    },
    GetSecretValue: (input) => {
      const secret = usable(find(input.SecretId));
      return { ARN: arn(secret.name), Name: secret.name, SecretString: secret.value, VersionId: 'current', VersionStages: ['AWSCURRENT'], CreatedDate: Date.now() / 1000 };
    },
    PutSecretValue: (input) => {
      const secret = usable(find(input.SecretId));
      const versionId = String(input.ClientRequestToken ?? `v${++versions}`);
      secret.value = String(input.SecretString);
      secret.tokens.set(versionId, secret.value);
      return { ARN: arn(secret.name), Name: secret.name, VersionId: versionId, VersionStages: ['AWSCURRENT'] };
    },
    DeleteSecret: (input) => {
      if (input.RecoveryWindowInDays !== undefined && input.ForceDeleteWithoutRecovery) {
        throw new ServiceError('InvalidParameterException', 'You cannot specify both RecoveryWindowInDays and ForceDeleteWithoutRecovery.');
      }
      const window = input.RecoveryWindowInDays === undefined ? 30 : Number(input.RecoveryWindowInDays);
      if (!input.ForceDeleteWithoutRecovery && (window < 7 || window > 30)) throw new ServiceError('InvalidParameterException', 'RecoveryWindowInDays must be between 7 and 30.');
      const secret = find(input.SecretId);
      if (input.ForceDeleteWithoutRecovery) secrets.delete(secret.name);
      else if (secret.deletedAt === undefined) secret.deletedAt = Date.now();
      else throw new ServiceError('InvalidRequestException', "You can't perform this operation on the secret because it was already scheduled for deletion.");
      return { ARN: arn(secret.name), Name: secret.name, DeletionDate: Date.now() / 1000 + (input.ForceDeleteWithoutRecovery ? 0 : window * 86400) };
    },
    ListSecrets: (input) => {
      const filters = (input.Filters ?? []) as { Key: string; Values: string[] }[];
      const prefixes = filters.filter((f) => f.Key === 'name').flatMap((f) => f.Values.map((v) => v.toLowerCase()));
      const all = [...secrets.values()]
        .filter((s) => input.IncludePlannedDeletion === true || s.deletedAt === undefined)
        .filter((s) => prefixes.length === 0 || prefixes.some((p) => s.name.toLowerCase().startsWith(p)))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      const max = Math.min(Number(input.MaxResults ?? 100), pageSize);
      const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
      const page = all.slice(start, start + max);
      return {
        SecretList: page.map((s) => ({ ARN: arn(s.name), Name: s.name, ...(s.deletedAt === undefined ? {} : { DeletedDate: s.deletedAt / 1000 }) })),
        ...(start + max < all.length ? { NextToken: String(start + max) } : {}),
      };
    },
  };

  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('secretsmanager.') ? target.slice('secretsmanager.'.length) : '';
      const reply = (status: number, json: unknown, type?: string) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...(type ? { 'x-amzn-errortype': type } : {}) });
        res.end(JSON.stringify(json));
      };
      let input: Record<string, unknown> = {};
      try {
        input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      } catch {
        return reply(400, { __type: 'SerializationException', message: 'malformed JSON' }, 'SerializationException');
      }
      requests.push(`${operation} ${String(input.Name ?? input.SecretId ?? JSON.stringify(input.Filters ?? ''))}`);
      const authorization = String(req.headers.authorization ?? '');
      if (!authorization.startsWith(`AWS4-HMAC-SHA256 Credential=${options.accessKeyId}/`)) {
        return reply(400, { __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' }, 'UnrecognizedClientException');
      }
      const run = operations[operation];
      if (req.method !== 'POST' || !run) return reply(400, { __type: 'UnknownOperationException', message: `unknown operation ${target}` }, 'UnknownOperationException');
      try {
        reply(200, run(input));
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        reply(400, { __type: error.type, message: error.message }, error.type);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    read: (name) => {
      const secret = secrets.get(name);
      return secret && secret.deletedAt === undefined ? secret.value : undefined;
    },
    names: () => [...secrets.values()].map((s) => (s.deletedAt === undefined ? s.name : `${s.name} (deleted)`)).sort(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
